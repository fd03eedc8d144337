package dev.muster.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A monotonic count of events since start. Thread-safe; increments are cheap under contention. */
public final class Counter {
    private final LongAdder count = new LongAdder();

    public void inc() {
        count.increment();
    }

    public void add(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("a counter only goes up, got " + n);
        }
        count.add(n);
    }

    public long value() {
        return count.sum();
    }
}
