package dev.muster.clock;

import java.time.Duration;

/**
 * Time for checks: a clock and one-shot timers. Injected so TTL expiry, check intervals and the reaper
 * can be tested by advancing a fake clock instead of sleeping ({@link SystemScheduler} in production).
 */
public interface Scheduler {
    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /** Runs {@code task} once after {@code delay}; the returned handle cancels it. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
