package dev.muster.model;

import java.util.Locale;

/** Names are matched case-insensitively in Consul's state store; this is the one place that folds them. */
public final class Keys {
    private Keys() {
    }

    public static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
