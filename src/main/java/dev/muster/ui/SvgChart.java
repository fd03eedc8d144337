package dev.muster.ui;

import dev.muster.metrics.MetricsHistory;
import dev.muster.metrics.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart of a few series over the last hour, as numbers for an inline SVG (the page draws each line as a
 * {@code <path>}; no script, no chart library). The x axis is time: the left edge is the minute an hour before
 * the current one, the right edge the current minute, and every point sits at its own minute, so a Muster that
 * has run for two minutes draws two minutes at the right end. A minute without a point (no data) breaks the
 * line instead of being bridged (a lone minute is drawn as a dot). The y axis starts at 0.
 *
 * @param lines   one line per series, in the order given
 * @param maxText the top of the y axis, as text
 */
record SvgChart(String title, String unit, List<Line> lines, String maxText) {
    static final int WIDTH = 320;
    static final int HEIGHT = 130;
    private static final int LEFT = 30;
    private static final int TOP = 8;
    private static final int BOTTOM = 16;
    private static final double PLOT_WIDTH = WIDTH - LEFT - 4;
    private static final double PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

    /**
     * One series: its label, its latest value, its sum over the hour (meaningful for per-minute series), the
     * SVG path ({@code M} starts a run of consecutive minutes, {@code L} continues it) and the newest point,
     * marked with a dot so a lone minute is visible too ({@code -10,-10}, off the chart, when there is none).
     */
    record Line(String label, String latest, String hourTotal, String path, String lastX, String lastY, int index) {
    }

    static SvgChart of(String title, String unit, List<Series> series, Instant currentMinute) {
        double max = 0;
        for (Series s : series) {
            for (Series.Point p : s.points()) {
                max = Math.max(max, p.value());
            }
        }
        double top = niceCeiling(max);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            lines.add(line(series.get(i), i, top, currentMinute));
        }
        return new SvgChart(title, unit, lines, number(top));
    }

    private static Line line(Series s, int index, double top, Instant currentMinute) {
        StringBuilder path = new StringBuilder();
        String lastX = "-10";
        String lastY = "-10";
        double total = 0;
        Series.Point latest = null;
        long previous = Long.MIN_VALUE;
        int run = 0;
        Instant left = currentMinute == null ? null : currentMinute.minus(Duration.ofMinutes(MetricsHistory.MINUTES));
        for (Series.Point p : s.points()) {
            long minute = left == null ? -1 : Duration.between(left, p.minute()).toMinutes();
            if (minute < 0 || minute > MetricsHistory.MINUTES) {
                continue; // outside the hour the axis shows
            }
            total += p.value();
            latest = p;
            lastX = coordinate(LEFT + PLOT_WIDTH * minute / MetricsHistory.MINUTES);
            lastY = coordinate(TOP + PLOT_HEIGHT - (top == 0 ? 0 : PLOT_HEIGHT * p.value() / top));
            if (minute == previous + 1) {
                path.append(" L").append(lastX).append(',').append(lastY);
                run++;
            } else {
                endRun(path, run);
                path.append(" M").append(lastX).append(',').append(lastY);
                run = 1;
            }
            previous = minute;
        }
        endRun(path, run);
        return new Line(label(s.name()), latest == null ? "–" : number(latest.value()), number(total),
                path.toString().trim(), lastX, lastY, index);
    }

    /** A lone minute is a zero-length segment, which round line caps draw as a dot. */
    private static void endRun(StringBuilder path, int run) {
        if (run == 1) {
            path.append(" l0,0");
        }
    }

    private static String coordinate(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** 1, 2 or 5 times a power of ten, at least the maximum (and at least 1, so an idle chart has a scale). */
    static double niceCeiling(double max) {
        if (max <= 1) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * magnitude >= max) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String label(String seriesName) {
        int dot = seriesName.lastIndexOf('.');
        return (dot < 0 ? seriesName : seriesName.substring(dot + 1)).replace('_', ' ');
    }

    /** True for rates (per minute), whose hour total the legend shows too. */
    public boolean perMinute() {
        return unit.equals("per minute");
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public int left() {
        return LEFT;
    }

    public int top() {
        return TOP;
    }

    public int bottom() {
        return HEIGHT - BOTTOM;
    }
}
