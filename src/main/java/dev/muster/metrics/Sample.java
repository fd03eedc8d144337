package dev.muster.metrics;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One labelled value of a metric at the time it was collected. Immutable. */
public sealed interface Sample {
    /** Label names to values, in the family's label order (empty without labels). */
    Map<String, String> labels();

    /** An unmodifiable copy that keeps the label order. */
    private static Map<String, String> ordered(Map<String, String> labels) {
        return labels.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** A counter's total or a gauge's value. */
    record Value(Map<String, String> labels, double value) implements Sample {
        public Value {
            labels = ordered(labels);
        }
    }

    /**
     * A histogram since start: per-bucket counts (not cumulative; the last one is {@code +Inf}), count, sum and
     * sum of squares, and the smallest and largest value seen ({@code NaN} while empty).
     */
    record Distribution(Map<String, String> labels, double[] upperBounds, long[] bucketCounts, long count, double sum,
                        double sumOfSquares, double min, double max) implements Sample {
        public Distribution {
            if (bucketCounts.length != upperBounds.length + 1) {
                throw new IllegalArgumentException("need one bucket count per bound plus +Inf, got "
                        + bucketCounts.length + " for " + upperBounds.length + " bounds");
            }
            labels = ordered(labels);
            upperBounds = upperBounds.clone();
            bucketCounts = bucketCounts.clone();
        }

        @Override
        public double[] upperBounds() {
            return upperBounds.clone();
        }

        @Override
        public long[] bucketCounts() {
            return bucketCounts.clone();
        }

        /** Count of values ≤ the bound at {@code i} (Prometheus' cumulative {@code _bucket{le=...}}). */
        public long cumulativeCount(int i) {
            long total = 0;
            for (int b = 0; b <= i; b++) {
                total += bucketCounts[b];
            }
            return total;
        }

        public double mean() {
            return count == 0 ? 0 : sum / count;
        }

        /** Sample standard deviation, as go-metrics reports it (0 for fewer than two values). */
        public double stddev() {
            if (count < 2) {
                return 0;
            }
            double variance = (count * sumOfSquares - sum * sum) / ((double) count * (count - 1));
            return variance <= 0 ? 0 : Math.sqrt(variance);
        }

        /**
         * What was observed between {@code earlier} and this snapshot of the same histogram: bucket counts, count
         * and sums subtracted; min and max are unknown for the interval ({@code NaN}).
         */
        public Distribution since(Distribution earlier) {
            if (!Arrays.equals(upperBounds, earlier.upperBounds)) {
                throw new IllegalArgumentException("different buckets");
            }
            long[] delta = new long[bucketCounts.length];
            for (int i = 0; i < delta.length; i++) {
                delta[i] = bucketCounts[i] - earlier.bucketCounts[i];
            }
            return new Distribution(labels, upperBounds, delta, count - earlier.count, sum - earlier.sum,
                    sumOfSquares - earlier.sumOfSquares, Double.NaN, Double.NaN);
        }

        /**
         * Estimates the {@code q} quantile (0..1) like Prometheus' {@code histogram_quantile}: find the bucket
         * holding the rank and interpolate linearly inside it; a rank in the {@code +Inf} bucket answers the
         * largest finite bound. {@code NaN} when empty.
         */
        public double quantile(double q) {
            if (q < 0 || q > 1) {
                throw new IllegalArgumentException("quantile must be within 0..1, got " + q);
            }
            if (count <= 0) {
                return Double.NaN;
            }
            double rank = q * count;
            long below = 0;
            for (int i = 0; i < bucketCounts.length; i++) {
                long inBucket = bucketCounts[i];
                if (inBucket > 0 && below + inBucket >= rank) {
                    if (i == upperBounds.length) {
                        return upperBounds.length == 0 ? Double.NaN : upperBounds[upperBounds.length - 1];
                    }
                    double lower = i == 0 ? Math.min(0, upperBounds[0]) : upperBounds[i - 1];
                    double upper = upperBounds[i];
                    return lower + (upper - lower) * ((rank - below) / inBucket);
                }
                below += inBucket;
            }
            return upperBounds.length == 0 ? Double.NaN : upperBounds[upperBounds.length - 1];
        }
    }
}
