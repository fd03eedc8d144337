package dev.muster.health;

import dev.muster.model.HealthStatus;

/**
 * Consul's StatusHandler: once a check has a status, it flips to passing only after
 * {@code successBeforePassing} consecutive successes and to critical only after
 * {@code failuresBeforeCritical} consecutive failures (warning after {@code failuresBeforeWarning}); the
 * first result counts at once; with all thresholds at 0 every result counts at once. Confined to the
 * thread that runs its check's probes (one at a time).
 */
final class StatusThresholds {
    private final int successBeforePassing;
    private final int failuresBeforeWarning;
    private final int failuresBeforeCritical;
    private int successes;
    private int failures;

    StatusThresholds(int successBeforePassing, int failuresBeforeWarning, int failuresBeforeCritical) {
        this.successBeforePassing = successBeforePassing;
        this.failuresBeforeWarning = failuresBeforeWarning;
        this.failuresBeforeCritical = failuresBeforeCritical;
        // Consul's NewStatusHandler starts both counters at their thresholds, so the first result after
        // registration (or a restart) counts at once; the thresholds only hold back a later flip.
        this.successes = successBeforePassing;
        this.failures = failuresBeforeCritical;
    }

    /** The status to record for this probe result, or null to keep the current one for now. */
    HealthStatus apply(HealthStatus probed) {
        if (probed != HealthStatus.CRITICAL) {
            successes++;
            failures = 0;
            return successes >= successBeforePassing ? probed : null;
        }
        failures++;
        successes = 0;
        if (failures >= failuresBeforeCritical) {
            return HealthStatus.CRITICAL;
        }
        if (failuresBeforeWarning > 0 && failures >= failuresBeforeWarning) {
            return HealthStatus.WARNING;
        }
        return null;
    }
}
