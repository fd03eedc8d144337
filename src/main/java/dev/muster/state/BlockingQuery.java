package dev.muster.state;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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

    public <T> CompletableFuture<Indexed<T>> run(QueryRequest request, Function<WatchSet, Indexed<T>> query) {
        if (!request.blocks()) {
            return CompletableFuture.completedFuture(query.apply(null));
        }
        CompletableFuture<Indexed<T>> answer = new CompletableFuture<>();
        Duration wait = request.maxWait().plusNanos(jitterNanos(request.maxWait()));
        ScheduledFuture<?> timer = scheduler.schedule(
                () -> wakeExecutor.execute(() -> completeWith(answer, query)), wait.toNanos(), TimeUnit.NANOSECONDS);
        answer.whenComplete((r, e) -> timer.cancel(false));
        attempt(request.minIndex(), query, answer);
        return answer;
    }

    private <T> void attempt(long minIndex, Function<WatchSet, Indexed<T>> query,
                             CompletableFuture<Indexed<T>> answer) {
        if (answer.isDone()) {
            return;
        }
        WatchSet ws = new WatchSet();
        Indexed<T> result;
        try {
            result = query.apply(ws);
        } catch (RuntimeException e) {
            ws.cancel();
            answer.completeExceptionally(e);
            return;
        }
        if (Long.compareUnsigned(result.index(), minIndex) > 0 || abandoned) {
            ws.cancel();
            answer.complete(result);
            return;
        }
        answer.whenComplete((r, e) -> ws.cancel());
        ws.anyChange().thenRunAsync(() -> attempt(minIndex, query, answer), wakeExecutor);
    }

    /**
     * Shutdown (Consul's AbandonCh): from now on every woken query answers with what it has instead of
     * waiting again. Call before firing all change signals, so held requests are answered, not cut.
     */
    public void abandon() {
        abandoned = true;
    }

    private static <T> void completeWith(CompletableFuture<Indexed<T>> answer, Function<WatchSet, Indexed<T>> query) {
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
