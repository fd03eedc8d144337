package dev.muster.render;

import dev.muster.clock.Scheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs reload commands one at a time on the render thread, each distinct command at most once per
 * {@code minInterval}: a request inside the interval is deferred to its end, and requests that arrive
 * meanwhile join it — so a burst ends in exactly one reload and nothing stays pending. Templates sharing
 * a command (several files, one nginx) share the limit. Thread-safe.
 */
final class ReloadGate {
    private final Scheduler scheduler;
    private final Executor renderThread;
    private final Duration minInterval;
    private final Map<List<String>, Long> lastRun = new HashMap<>();
    private final Map<List<String>, List<Consumer<CommandRunner.Result>>> pending = new HashMap<>();

    ReloadGate(Scheduler scheduler, Executor renderThread, Duration minInterval) {
        this.scheduler = scheduler;
        this.renderThread = renderThread;
        this.minInterval = minInterval;
    }

    /** Asks for {@code command} to run; {@code done} receives the result on the render thread. */
    synchronized void request(List<String> command, Duration timeout, Consumer<CommandRunner.Result> done) {
        List<Consumer<CommandRunner.Result>> waiting = pending.get(command);
        if (waiting != null) {
            waiting.add(done);
            return;
        }
        List<Consumer<CommandRunner.Result>> callbacks = new java.util.ArrayList<>(List.of(done));
        pending.put(command, callbacks);
        Runnable run = () -> {
            List<Consumer<CommandRunner.Result>> joined;
            synchronized (this) {
                joined = pending.remove(command);
                lastRun.put(command, scheduler.nanoTime());
            }
            CommandRunner.Result result = CommandRunner.run(command, timeout);
            joined.forEach(c -> c.accept(result));
        };
        Long last = lastRun.get(command);
        long wait = last == null ? 0 : last + minInterval.toNanos() - scheduler.nanoTime();
        if (wait <= 0) {
            renderThread.execute(run);
        } else {
            scheduler.schedule(Duration.ofNanos(wait), () -> renderThread.execute(run));
        }
    }
}
