package dev.muster.state;

import dev.muster.model.AggregatedStatus;

/** How many service instances are in each aggregated health state ({@link AggregatedStatus}), at one index. */
public record InstanceHealth(int passing, int warning, int critical, int maintenance, long index) {
    public int count(AggregatedStatus status) {
        return switch (status) {
            case PASSING -> passing;
            case WARNING -> warning;
            case CRITICAL -> critical;
            case MAINTENANCE -> maintenance;
        };
    }
}
