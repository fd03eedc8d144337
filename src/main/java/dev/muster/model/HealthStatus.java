package dev.muster.model;

import java.util.Locale;
import java.util.Optional;

/** The three check statuses Consul stores; {@code wire()} is the JSON spelling. */
public enum HealthStatus {
    PASSING, WARNING, CRITICAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire spelling (case-insensitive); empty when it is not a status. */
    public static Optional<HealthStatus> parse(String text) {
        for (HealthStatus status : values()) {
            if (status.wire().equalsIgnoreCase(text)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
