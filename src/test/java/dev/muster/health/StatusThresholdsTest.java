package dev.muster.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.muster.model.HealthStatus;
import org.junit.jupiter.api.Test;

class StatusThresholdsTest {
    @Test
    void noThresholds_everyResultCounts() {
        StatusThresholds t = new StatusThresholds(0, 0, 0);
        assertEquals(HealthStatus.PASSING, t.apply(HealthStatus.PASSING));
        assertEquals(HealthStatus.CRITICAL, t.apply(HealthStatus.CRITICAL));
        assertEquals(HealthStatus.WARNING, t.apply(HealthStatus.WARNING));
    }

    @Test
    void successBeforePassing_firstResultCounts_thenNeedsConsecutiveSuccesses() {
        StatusThresholds t = new StatusThresholds(3, 0, 0);
        assertEquals(HealthStatus.PASSING, t.apply(HealthStatus.PASSING), "the first result applies at once");
        assertEquals(HealthStatus.CRITICAL, t.apply(HealthStatus.CRITICAL));
        assertNull(t.apply(HealthStatus.PASSING), "a failure resets the success count");
        assertNull(t.apply(HealthStatus.PASSING));
        assertEquals(HealthStatus.PASSING, t.apply(HealthStatus.PASSING));
    }

    @Test
    void failuresBeforeCritical_warnsFirstWhenAsked() {
        StatusThresholds t = new StatusThresholds(0, 2, 4);
        assertEquals(HealthStatus.PASSING, t.apply(HealthStatus.PASSING));
        assertNull(t.apply(HealthStatus.CRITICAL));
        assertEquals(HealthStatus.WARNING, t.apply(HealthStatus.CRITICAL));
        assertEquals(HealthStatus.WARNING, t.apply(HealthStatus.CRITICAL));
        assertEquals(HealthStatus.CRITICAL, t.apply(HealthStatus.CRITICAL));
        assertEquals(HealthStatus.PASSING, t.apply(HealthStatus.PASSING));
        assertNull(t.apply(HealthStatus.CRITICAL), "a success resets the failure count");
    }
}
