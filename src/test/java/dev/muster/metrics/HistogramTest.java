package dev.muster.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HistogramTest {
    private static final double[] BOUNDS = {0.01, 0.1, 1};

    @Test
    void observe_valueOnBound_countsInThatBucket() {
        Histogram h = new Histogram(BOUNDS);
        h.observe(0.01);
        h.observe(0.05);
        h.observe(1);
        h.observe(3);
        Sample.Distribution d = h.snapshot(Map.of());
        assertArrayEquals(new long[] {1, 1, 1, 1}, d.bucketCounts());
        assertEquals(4, d.count());
        assertEquals(4.06, d.sum(), 1e-9);
        assertEquals(0.01, d.min());
        assertEquals(3, d.max());
        assertEquals(2, d.cumulativeCount(1));
    }

    @Test
    void quantile_interpolatesInsideTheBucket_likePrometheus() {
        Histogram h = new Histogram(BOUNDS);
        for (int i = 0; i < 100; i++) {
            h.observe(0.05); // all in (0.01, 0.1]
        }
        Sample.Distribution d = h.snapshot(Map.of());
        assertEquals(0.01 + 0.09 * 0.5, d.quantile(0.5), 1e-12);
        assertEquals(0.01 + 0.09 * 0.99, d.quantile(0.99), 1e-12);
    }

    @Test
    void quantile_inInfBucket_answersLargestBound_andEmptyIsNaN() {
        Histogram h = new Histogram(BOUNDS);
        assertTrue(Double.isNaN(h.snapshot(Map.of()).quantile(0.5)));
        h.observe(50);
        assertEquals(1, h.snapshot(Map.of()).quantile(0.99));
    }

    @Test
    void since_subtractsAnEarlierSnapshot() {
        Histogram h = new Histogram(BOUNDS);
        h.observe(0.005);
        h.observe(0.005);
        Sample.Distribution before = h.snapshot(Map.of());
        h.observe(0.5);
        Sample.Distribution delta = h.snapshot(Map.of()).since(before);
        assertArrayEquals(new long[] {0, 0, 1, 0}, delta.bucketCounts());
        assertEquals(1, delta.count());
        assertEquals(0.5, delta.sum(), 1e-12);
        assertEquals(0.1 + 0.9 * 0.5, delta.quantile(0.5), 1e-12);
    }

    @Test
    void stddev_andMean_asGoMetrics() {
        Histogram h = new Histogram(BOUNDS);
        h.observe(2);
        h.observe(4);
        h.observe(4);
        h.observe(4);
        h.observe(5);
        h.observe(5);
        h.observe(7);
        h.observe(9);
        Sample.Distribution d = h.snapshot(Map.of());
        assertEquals(5, d.mean(), 1e-12);
        assertEquals(Math.sqrt(32.0 / 7), d.stddev(), 1e-12);
    }

    @Test
    void constructor_refusesUnsortedBounds() {
        assertThrows(IllegalArgumentException.class, () -> new Histogram(new double[] {1, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> new Histogram(new double[] {1, Double.POSITIVE_INFINITY}));
    }
}
