package dev.muster.metrics;

import java.util.Locale;

/** The kinds of metric Muster exports, named as in the Prometheus exposition format's {@code # TYPE} line. */
public enum MetricType {
    COUNTER, GAUGE, HISTOGRAM;

    /** The {@code # TYPE} keyword. */
    public String prometheus() {
        return name().toLowerCase(Locale.ROOT);
    }
}
