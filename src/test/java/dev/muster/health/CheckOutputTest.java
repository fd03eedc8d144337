package dev.muster.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CheckOutputTest {
    @Test
    void truncate_longOutput_keepsHeadAndSaysWhatWasCaptured() {
        assertEquals("abc ... (captured 3 of 10 bytes)", CheckOutput.truncate("abcdefghij", 3));
        assertEquals("short", CheckOutput.truncate("short", 0));
        assertEquals(4096 + " ... (captured 4096 of 5000 bytes)".length(), CheckOutput.truncate("x".repeat(5000), 0).length());
    }
}
