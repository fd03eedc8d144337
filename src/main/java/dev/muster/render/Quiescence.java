package dev.muster.render;

import dev.muster.clock.Scheduler;
import java.time.Duration;

/**
 * consul-template's quiescence ({@code wait {min, max}}): after a change, fire once nothing has changed
 * for {@code min}, but no later than {@code max} after the first change of the burst. With {@code min}
 * zero every change fires at once. Thread-safe.
 */
final class Quiescence {
    private final Scheduler scheduler;
    private final Duration min;
    private final Duration max;
    private final Runnable fire;
    private Scheduler.Cancellable timer;
    private long deadline = -1;
    private long generation;

    Quiescence(Scheduler scheduler, Duration min, Duration max, Runnable fire) {
        this.scheduler = scheduler;
        this.min = min;
        this.max = max;
        this.fire = fire;
    }

    /** Records a change. */
    synchronized void changed() {
        if (min.isZero()) {
            fire.run();
            return;
        }
        long now = scheduler.nanoTime();
        if (deadline < 0) {
            deadline = now + max.toNanos();
        }
        if (timer != null) {
            timer.cancel();
        }
        long delay = Math.min(min.toNanos(), Math.max(0, deadline - now));
        long token = ++generation;
        timer = scheduler.schedule(Duration.ofNanos(delay), () -> elapsed(token));
    }

    private void elapsed(long token) {
        synchronized (this) {
            if (token != generation) {
                return; // a later change re-armed the timer after this one fired
            }
            timer = null;
            deadline = -1;
        }
        fire.run();
    }

    synchronized void cancel() {
        if (timer != null) {
            timer.cancel();
        }
    }
}
