package dev.muster.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.testing.FakeScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The one-hour ring of minutes, driven by a fake scheduler whose time is also the wall clock. */
class MetricsHistoryTest {
    private static final Instant START = Instant.parse("2030-01-01T10:00:30Z");

    private final FakeScheduler scheduler = new FakeScheduler();
    private final Clock clock = scheduler.clock(START);
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong level = new AtomicLong();
    private final Histogram latency = new Histogram(new double[] {0.001, 0.01, 0.1, 1});
    private final MetricsHistory history = new MetricsHistory(scheduler, clock, List.of(
            new SeriesSource.PerMinute("events", "per minute", events::get),
            new SeriesSource.Level("level", "things", level::get),
            new SeriesSource.Quantile("p50", "ms", () -> latency.snapshot(Map.of()), 0.5, 1000)));

    private Series series(String name) {
        return history.lastHour().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static Instant minute(String hhmm) {
        return Instant.parse("2030-01-01T" + hhmm + ":00Z");
    }

    @Test
    void lastHour_beforeStart_hasNoPoints() {
        events.set(5);
        assertEquals(List.of("events", "level", "p50"), history.lastHour().stream().map(Series::name).toList());
        assertTrue(history.lastHour().stream().allMatch(s -> s.points().isEmpty()));
    }

    @Test
    void perMinute_countsGrowthInEachMinute_currentMinuteIncluded() {
        events.set(100); // before start: not part of any minute
        history.start();
        events.addAndGet(5);
        scheduler.advance(Duration.ofSeconds(30)); // 10:01:00 closes 10:00
        events.addAndGet(3);
        assertEquals(List.of(new Series.Point(minute("10:00"), 5), new Series.Point(minute("10:01"), 3)),
                series("events").points());
        assertEquals("per minute", series("events").unit());

        scheduler.advance(Duration.ofSeconds(59));
        events.addAndGet(1); // 10:01:59
        scheduler.advance(Duration.ofSeconds(2)); // 10:02:01
        assertEquals(List.of(new Series.Point(minute("10:00"), 5), new Series.Point(minute("10:01"), 4),
                new Series.Point(minute("10:02"), 0)), series("events").points());
    }

    @Test
    void ring_keepsSixtyFinishedMinutesPlusTheCurrentOne() {
        history.start();
        for (int i = 0; i < 150; i++) {
            events.incrementAndGet();
            scheduler.advance(Duration.ofMinutes(1));
        }
        List<Series.Point> points = series("events").points();
        assertEquals(61, points.size());
        Instant current = minute("12:30");
        assertEquals(current, points.get(60).minute());
        assertEquals(current.minus(Duration.ofMinutes(60)), points.get(0).minute());
        assertTrue(points.subList(0, 60).stream().allMatch(p -> p.value() == 1), points::toString);
        assertEquals(0, points.get(60).value());
    }

    @Test
    void level_isTheValueAtTheEndOfEachMinute() {
        level.set(7);
        history.start();
        level.set(9);
        scheduler.advance(Duration.ofSeconds(20));
        level.set(4);
        scheduler.advance(Duration.ofSeconds(20)); // 10:01:10
        level.set(2);
        assertEquals(List.of(new Series.Point(minute("10:00"), 4), new Series.Point(minute("10:01"), 2)),
                series("level").points());
    }

    @Test
    void quantile_perMinuteFromTheHistogramsGrowth_noPointWithoutObservations() {
        latency.observe(0.5); // before start
        history.start();
        for (int i = 0; i < 10; i++) {
            latency.observe(0.005); // (0.001, 0.01]
        }
        scheduler.advance(Duration.ofMinutes(1)); // 10:01:30; 10:01 has nothing
        scheduler.advance(Duration.ofMinutes(1)); // 10:02:30
        latency.observe(0.05);
        List<Series.Point> points = series("p50").points();
        assertEquals(2, points.size(), points::toString);
        assertEquals(minute("10:00"), points.get(0).minute());
        assertEquals((0.001 + 0.009 * 0.5) * 1000, points.get(0).value(), 1e-9);
        assertEquals(minute("10:02"), points.get(1).minute());
        assertEquals((0.01 + 0.09 * 0.5) * 1000, points.get(1).value(), 1e-9);
    }

    @Test
    void close_stopsTheMinuteTask() {
        history.start();
        events.set(3);
        history.close();
        scheduler.advance(Duration.ofMinutes(5));
        List<Series.Point> points = series("events").points();
        assertEquals(1, points.size(), "no minute closed after close()");
        assertEquals(minute("10:00"), points.get(0).minute());
    }
}
