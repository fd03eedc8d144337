package dev.muster.metrics;

import java.time.Instant;
import java.util.List;

/**
 * One chart line of {@link MetricsHistory#lastHour()}: a name, the unit of its values and one point per minute,
 * oldest first; the last point is the current, unfinished minute. Minutes without a value (e.g. a latency
 * quantile in a minute without requests, or minutes Muster was not running) have no point. Immutable.
 */
public record Series(String name, String unit, List<Point> points) {
    public Series {
        points = List.copyOf(points);
    }

    /** The value of one minute, starting at {@code minute} (UTC, whole minute). */
    public record Point(Instant minute, double value) {
    }
}
