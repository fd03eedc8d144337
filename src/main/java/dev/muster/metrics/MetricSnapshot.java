package dev.muster.metrics;

import java.util.List;

/**
 * One metric family as collected: its dotted name (e.g. {@code muster.api.requests}), help text, type and
 * samples (one per label combination). Immutable.
 */
public record MetricSnapshot(String name, String help, MetricType type, List<Sample> samples) {
    public MetricSnapshot {
        samples = List.copyOf(samples);
    }

    /** The sum of all samples' values (counters and gauges), e.g. requests over every method and code. */
    public double total() {
        double total = 0;
        for (Sample s : samples) {
            if (s instanceof Sample.Value v) {
                total += v.value();
            }
        }
        return total;
    }
}
