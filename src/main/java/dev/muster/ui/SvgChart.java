package dev.muster.ui;

import dev.muster.metrics.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart of a few series over the last hour, as numbers for an inline SVG (the page draws it with
 * {@code <polyline>}; no script, no chart library). The x axis is the minute, the y axis starts at 0.
 *
 * @param lines   one polyline per series, in the order given
 * @param maxText the top of the y axis, as text
 */
record SvgChart(String title, String unit, List<Line> lines, String maxText) {
    static final int WIDTH = 320;
    static final int HEIGHT = 130;
    private static final int LEFT = 30;
    private static final int TOP = 8;
    private static final int BOTTOM = 16;

    /**
     * One series: its label, its latest value, its sum over the hour (meaningful for per-minute series) and the
     * SVG {@code points} attribute.
     */
    record Line(String label, String latest, String hourTotal, String points, int index) {
        /** The newest point ("x,y"), marked with a dot so a single minute of data is visible too. */
        public String lastX() {
            return points.isEmpty() ? "-10" : points.substring(points.lastIndexOf(' ') + 1).split(",")[0];
        }

        public String lastY() {
            return points.isEmpty() ? "-10" : points.substring(points.lastIndexOf(' ') + 1).split(",")[1];
        }
    }

    static SvgChart of(String title, String unit, List<Series> series) {
        double max = 0;
        for (Series s : series) {
            for (Series.Point p : s.points()) {
                max = Math.max(max, p.value());
            }
        }
        double top = niceCeiling(max);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            double total = s.points().stream().mapToDouble(Series.Point::value).sum();
            lines.add(new Line(label(s.name()), s.points().isEmpty() ? "–"
                    : number(s.points().get(s.points().size() - 1).value()), number(total), points(s.points(), top), i));
        }
        return new SvgChart(title, unit, lines, number(top));
    }

    private static String points(List<Series.Point> points, double top) {
        StringBuilder sb = new StringBuilder();
        int n = points.size();
        double plotWidth = WIDTH - LEFT - 4;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        for (int i = 0; i < n; i++) {
            double x = LEFT + (n == 1 ? plotWidth : plotWidth * i / (n - 1));
            double y = TOP + plotHeight - (top == 0 ? 0 : plotHeight * points.get(i).value() / top);
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return sb.toString().trim();
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
