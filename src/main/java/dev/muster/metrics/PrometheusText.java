package dev.muster.metrics;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes metrics in the Prometheus text exposition format 0.0.4: {@code # HELP} and {@code # TYPE} per
 * family, one line per sample, histograms as cumulative {@code _bucket{le="..."}} lines ending with
 * {@code +Inf}, then {@code _sum} and {@code _count}. Dotted names become underscored and counters get
 * {@code _total}. Stateless.
 */
public final class PrometheusText {
    /** The Content-Type of this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    /** The Prometheus name of a metric: {@code muster.api.requests} counter → {@code muster_api_requests_total}. */
    public static String name(String dotted, MetricType type) {
        String base = dotted.replace('.', '_');
        return type == MetricType.COUNTER ? base + "_total" : base;
    }

    public static String write(List<MetricSnapshot> metrics) {
        StringBuilder out = new StringBuilder(4096);
        for (MetricSnapshot m : metrics) {
            String name = name(m.name(), m.type());
            out.append("# HELP ").append(name).append(' ').append(escapeHelp(m.help())).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(m.type().prometheus()).append('\n');
            for (Sample s : m.samples()) {
                if (s instanceof Sample.Value v) {
                    line(out, name, v.labels(), v.value());
                } else if (s instanceof Sample.Distribution d) {
                    histogram(out, name, d);
                }
            }
        }
        return out.toString();
    }

    private static void histogram(StringBuilder out, String name, Sample.Distribution d) {
        double[] bounds = d.upperBounds();
        for (int i = 0; i <= bounds.length; i++) {
            Map<String, String> labels = new LinkedHashMap<>(d.labels());
            labels.put("le", i == bounds.length ? "+Inf" : number(bounds[i]));
            line(out, name + "_bucket", labels, d.cumulativeCount(i));
        }
        line(out, name + "_sum", d.labels(), d.sum());
        line(out, name + "_count", d.labels(), d.count());
    }

    private static void line(StringBuilder out, String name, Map<String, String> labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> l : labels.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(l.getKey()).append("=\"").append(escapeLabel(l.getValue())).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    /** Go's float spelling: {@code +Inf}, {@code -Inf}, {@code NaN}, else plain decimal ({@code 0.0005}, {@code 3}). */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Label values escape backslash, double quote and line feed. */
    static String escapeLabel(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Help text escapes backslash and line feed. */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
