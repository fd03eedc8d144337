package dev.muster.state;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Runs a read as a Consul blocking query without holding a thread (Consul's blockingquery.go).
 *
 * <h2>Contract</h2>
 * Index 0 → run once. Otherwise run the query; if its index is greater than the client's, answer;
 * else wait for a change of anything the query read, re-run, and repeat until the index moves or the
 * wait (plus a random jitter of up to wait/16, so that many clients spread out) runs out. A timeout is
 * a normal answer: the current result with its unchanged index. "Not found" and "not changed" keep
 * blocking; they never escape early.
 *
 * <h2>Shutdown</h2>
 * {@link #abandon()} plus {@link StateStore#abandonWatches()} answers every held query with its current
 * result.
 *
 * <h2>Threads</h2>
 * Waiting holds no thread: the query re-runs on {@code wakeExecutor} when a signal fires, and the
 * timeout is a task on {@code scheduler}. Thread-safe.
 */
public final class BlockingQuery {
    private static final int JITTER_FRACTION = 16;

    private final ScheduledExecutorService scheduler;
    private final Executor wakeExecutor;
    private final RandomGenerator random;
    private volatile boolean abandoned;

    public BlockingQuery(ScheduledExecutorService scheduler, Executor wakeExecutor, RandomGenerator random) {
        this.scheduler = scheduler;
        this.wakeExecutor = wakeExecutor;
        this.random = random;
    }

    /** Index-based blocking: answers once the result's index is greater than the client's (unsigned). */
    public <T> CompletableFuture<Indexed<T>> run(QueryRequest request, Function<WatchSet, Indexed<T>> query) {
        if (!request.blocks()) {
            return CompletableFuture.completedFuture(query.apply(null));
        }
        long minIndex = request.minIndex();
        return runUntil(request.maxWait(), query, r -> Long.compareUnsigned(r.index(), minIndex) > 0);
    }

    /**
     * Blocks until {@code ready} holds for the result (e.g. its content hash differs from the client's) or
     * the wait plus jitter runs out; re-runs the query whenever something it read changes.
     */
    public <T> CompletableFuture<T> runUntil(Duration maxWait, Function<WatchSet, T> query, Predicate<T> ready) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Duration wait = maxWait.plusNanos(jitterNanos(maxWait));
        ScheduledFuture<?> timer = scheduler.schedule(
                () -> wakeExecutor.execute(() -> completeWith(answer, query)), wait.toNanos(), TimeUnit.NANOSECONDS);
        answer.whenComplete((r, e) -> timer.cancel(false));
        attempt(query, ready, answer);
        return answer;
    }

    private <T> void attempt(Function<WatchSet, T> query, Predicate<T> ready, CompletableFuture<T> answer) {
        if (answer.isDone()) {
            return;
        }
        WatchSet ws = new WatchSet();
        T result;
        try {
            result = query.apply(ws);
        } catch (RuntimeException e) {
            ws.cancel();
            answer.completeExceptionally(e);
            return;
        }
        if (ready.test(result) || abandoned) {
            ws.cancel();
            answer.complete(result);
            return;
        }
        answer.whenComplete((r, e) -> ws.cancel());
        ws.anyChange().thenRunAsync(() -> attempt(query, ready, answer), wakeExecutor);
    }

    /**
     * Shutdown (Consul's AbandonCh): from now on every woken query answers with what it has instead of
     * waiting again. Call before firing all change signals, so held requests are answered, not cut.
     */
    public void abandon() {
        abandoned = true;
    }

    private static <T> void completeWith(CompletableFuture<T> answer, Function<WatchSet, T> query) {
        if (answer.isDone()) {
            return;
        }
        try {
            answer.complete(query.apply(null));
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }

    private long jitterNanos(Duration wait) {
        long bound = wait.toNanos() / JITTER_FRACTION;
        return bound <= 0 ? 0 : random.nextLong(bound);
    }
}
