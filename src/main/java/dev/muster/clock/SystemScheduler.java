package dev.muster.clock;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@link Scheduler} on the system clock and a small shared timer pool. Thread-safe. */
public final class SystemScheduler implements Scheduler {
    private final ScheduledExecutorService timers;

    public SystemScheduler(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        var future = timers.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
