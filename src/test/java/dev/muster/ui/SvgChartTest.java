package dev.muster.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muster.metrics.Histogram;
import dev.muster.metrics.MetricsHistory;
import dev.muster.metrics.SeriesSource;
import dev.muster.testing.FakeScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The monitoring charts place each point at its minute of the hour, from a real {@link MetricsHistory} on a fake
 * clock: the x axis runs from x=30 (an hour before the current minute) to x=316 (the current minute), 4.767 px
 * a minute; the y axis from y=114 (0) to y=8 (the top of the scale).
 */
class SvgChartTest {
    private final FakeScheduler scheduler = new FakeScheduler();
    private final Clock clock = scheduler.clock(Instant.parse("2030-01-01T10:00:30Z"));
    private final AtomicLong registrations = new AtomicLong();
    private final Histogram latency = new Histogram(new double[] {0.001, 0.01, 0.1, 1});
    private final MetricsHistory history = new MetricsHistory(scheduler, clock, List.of(
            new SeriesSource.PerMinute("registrations", "per minute", registrations::get),
            new SeriesSource.Quantile("api.latency.p50", "ms", () -> latency.snapshot(Map.of()), 0.5, 1000)));

    private SvgChart.Line line(String title, int index) {
        SvgChart chart = MonitoringPage.charts(history.window()).stream().filter(c -> c.title().equals(title))
                .findFirst().orElseThrow();
        return chart.lines().get(index);
    }

    @Test
    void twoMinutesOfData_sitAtTheRightEnd_notAcrossTheHour() {
        history.start();
        registrations.addAndGet(2); // 10:00
        scheduler.advance(Duration.ofSeconds(30));
        registrations.addAndGet(1); // 10:01
        scheduler.advance(Duration.ofMinutes(1)); // now 10:02:00, nothing yet this minute

        SvgChart.Line line = line("Registrations and deregistrations", 0);
        // minutes 58, 59 and 60 of the window (10:00, 10:01 and the current 10:02), on a scale of 0..2
        assertEquals("M306.5,8.0 L311.2,61.0 L316.0,114.0", line.path());
        assertEquals("316.0", line.lastX());
        assertEquals("114.0", line.lastY());
        assertEquals("0", line.latest());
        assertEquals("3", line.hourTotal());
    }

    @Test
    void minutesWithoutData_breakTheLine_andALoneMinuteIsADot() {
        history.start();
        latency.observe(0.005); // 10:00 has a latency
        scheduler.advance(Duration.ofSeconds(30)); // 10:01: no request, no latency point
        scheduler.advance(Duration.ofMinutes(1));
        latency.observe(0.005); // 10:02
        scheduler.advance(Duration.ofMinutes(1));
        latency.observe(0.005); // 10:03 (current)

        SvgChart.Line p50 = line("API latency (non-blocking requests)", 0);
        String[] runs = p50.path().split(" (?=M)");
        assertEquals(2, runs.length, p50.path());
        assertEquals("M301.7,55.7 l0,0", runs[0], "10:00 alone, at minute 57 of the window");
        assertEquals("M311.2,55.7 L316.0,55.7", runs[1], "10:02 and 10:03, joined");
    }

    @Test
    void oldPoints_leaveTheLeftEdge_andAnIdleHourIsAFlatZeroLine() {
        history.start();
        registrations.addAndGet(5);
        for (int i = 0; i < 90; i++) {
            scheduler.advance(Duration.ofMinutes(1));
        }
        SvgChart.Line line = line("Registrations and deregistrations", 0);
        String[] points = line.path().split(" ");
        assertEquals(61, points.length, "sixty finished minutes and the current one");
        assertEquals("M30.0,114.0", points[0], "zero is the truth for a counter that did not move");
        assertEquals("L316.0,114.0", points[60]);
        assertEquals("0", line.hourTotal(), "the five registrations were more than an hour ago");
    }

    @Test
    void beforeStart_noLine() {
        SvgChart.Line line = line("Registrations and deregistrations", 0);
        assertEquals("", line.path());
        assertEquals("-10", line.lastX());
        assertEquals("–", line.latest());
    }
}
