package dev.muster.model;

import java.util.Locale;

/**
 * The health of an instance over all its checks, as consul-template and the agent health endpoints report
 * it: maintenance beats critical beats warning beats passing; no checks is passing.
 */
public enum AggregatedStatus {
    PASSING, WARNING, CRITICAL, MAINTENANCE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AggregatedStatus of(Iterable<HealthCheck> checks) {
        AggregatedStatus status = PASSING;
        for (HealthCheck c : checks) {
            AggregatedStatus one = c.isMaintenance() ? MAINTENANCE
                    : c.status() == HealthStatus.CRITICAL ? CRITICAL
                    : c.status() == HealthStatus.WARNING ? WARNING : PASSING;
            status = status.worse(one);
        }
        return status;
    }

    /** The worse of the two (by-name agent health reports the worst instance). */
    public AggregatedStatus worse(AggregatedStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
