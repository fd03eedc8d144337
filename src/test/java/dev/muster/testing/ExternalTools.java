package dev.muster.testing;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when a tool it drives (nginx, chromium, a Debian Python package, Maven for the Spring app) is
 * missing: fail when {@code -Dmuster.requireExternal=true} (CI: nothing may be skipped), otherwise skip with why.
 */
public final class ExternalTools {
    private ExternalTools() {
    }

    /** Never returns: fails or aborts the calling test with {@code problem} (which says how to install the tool). */
    public static void unavailable(String problem) {
        if (Boolean.getBoolean("muster.requireExternal")) {
            fail(problem + " (muster.requireExternal=true, so this test may not be skipped)");
        }
        Assumptions.abort("Skipping: " + problem + " (run with -Dmuster.requireExternal=true to fail instead)");
    }
}
