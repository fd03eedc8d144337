package dev.muster.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** A value that goes up and down, set by its owner. Thread-safe. */
public final class Gauge {
    private final AtomicLong bits = new AtomicLong(Double.doubleToLongBits(0));

    public void set(double value) {
        bits.set(Double.doubleToLongBits(value));
    }

    public double value() {
        return Double.longBitsToDouble(bits.get());
    }
}
