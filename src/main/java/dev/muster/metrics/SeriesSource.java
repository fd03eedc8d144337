package dev.muster.metrics;

import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** Where one series of {@link MetricsHistory} gets its values, and how a minute's value is formed. */
public sealed interface SeriesSource {
    String name();

    String unit();

    /** Events per minute: how much a cumulative total (a counter) grew during the minute. */
    record PerMinute(String name, String unit, DoubleSupplier total) implements SeriesSource {
    }

    /** A level (a gauge); a minute's value is the level at its end (for the current minute: now). */
    record Level(String name, String unit, DoubleSupplier value) implements SeriesSource {
    }

    /**
     * A quantile (0..1) of what a histogram observed during the minute, times {@code scale} (1000 turns seconds
     * into milliseconds); no value for a minute without observations.
     */
    record Quantile(String name, String unit, Supplier<Sample.Distribution> histogram, double q, double scale)
            implements SeriesSource {
    }
}
