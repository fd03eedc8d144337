package dev.muster.metrics;

import java.util.Arrays;
import java.util.Map;

/**
 * A distribution of observed values in fixed buckets (Prometheus style: each bucket counts values ≤ its upper
 * bound, plus a {@code +Inf} bucket), with count, sum, sum of squares, min and max since start. Thread-safe:
 * an observation takes a short lock, so a snapshot is always consistent.
 */
public final class Histogram {
    /** Buckets for request latency in seconds: 0.5 ms to 10 s. */
    public static final double[] LATENCY_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5, 10};

    private final double[] bounds;
    private final long[] counts;
    private long count;
    private double sum;
    private double sumOfSquares;
    private double min = Double.NaN;
    private double max = Double.NaN;

    /** @param upperBounds strictly increasing, finite bucket bounds ({@code +Inf} is implied) */
    public Histogram(double[] upperBounds) {
        for (int i = 0; i < upperBounds.length; i++) {
            if (!Double.isFinite(upperBounds[i]) || i > 0 && upperBounds[i] <= upperBounds[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must be finite and strictly increasing: "
                        + Arrays.toString(upperBounds));
            }
        }
        this.bounds = upperBounds.clone();
        this.counts = new long[bounds.length + 1];
    }

    public void observe(double value) {
        if (Double.isNaN(value)) {
            return;
        }
        int bucket = Arrays.binarySearch(bounds, value);
        int i = bucket >= 0 ? bucket : -bucket - 1;
        synchronized (this) {
            counts[i]++;
            count++;
            sum += value;
            sumOfSquares += value * value;
            min = count == 1 ? value : Math.min(min, value);
            max = count == 1 ? value : Math.max(max, value);
        }
    }

    public synchronized Sample.Distribution snapshot(Map<String, String> labels) {
        return new Sample.Distribution(labels, bounds, counts, count, sum, sumOfSquares, min, max);
    }
}
