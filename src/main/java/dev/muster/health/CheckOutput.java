package dev.muster.health;

import java.nio.charset.StandardCharsets;

/** Check output as Consul stores it: at most OutputMaxSize bytes (default 4096) with a note of what was cut. */
public final class CheckOutput {
    public static final int DEFAULT_MAX_SIZE = 4096;

    private CheckOutput() {
    }

    /** Truncates to {@code maxSize} bytes (0 = default), appending {@code " ... (captured N of M bytes)"}. */
    public static String truncate(String output, int maxSize) {
        int max = maxSize > 0 ? maxSize : DEFAULT_MAX_SIZE;
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= max) {
            return output;
        }
        String head = new String(bytes, 0, max, StandardCharsets.UTF_8);
        return head + " ... (captured " + max + " of " + bytes.length + " bytes)";
    }
}
