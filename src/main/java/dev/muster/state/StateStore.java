package dev.muster.state;

import dev.muster.model.Keys;
import dev.muster.model.Node;
import dev.muster.store.Mutation;
import dev.muster.store.StoreException;
import dev.muster.store.Batch;
import dev.muster.store.Snapshot;
import dev.muster.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only write path of the registry, and the in-memory catalog every read is served from.
 *
 * <h2>Writes</h2>
 * A write is an operation on a {@link Txn}. One writer thread takes pending operations in batches (group
 * commit): each operation runs against the writer's private mirror of the tables and gets the next index
 * if it changed anything (an identical re-registration changes nothing and gets no index, as in Consul);
 * the batch's row changes are committed to the {@link Store} as one batch (durable when {@code commit}
 * returns); only then are they applied to the published tables and the callers' futures completed (on a
 * small answer pool, so the HTTP responses are written in parallel with the next batch). A
 * rejected operation is undone on the mirror and fails alone; a failed commit undoes and fails the whole batch.
 *
 * <h2>Indexes</h2>
 * Consul's index table: one global, monotonic index (persisted, so it never goes backwards across
 * restarts) and per-key entries ({@link IndexTable}) recording the last index that changed that key.
 *
 * <h2>Watches</h2>
 * Every index key has a {@link ChangeSignals change signal}. Reads register the signals of the keys they
 * consulted in a {@link WatchSet}; a commit detaches the signals of the keys it touched under the write
 * lock and completes them after releasing it, so exactly the affected watchers wake.
 *
 * <h2>Consistency and shutdown</h2>
 * Readers take the read lock and see whole committed batches only. {@link #close()} stops the writer
 * (pending writes fail), fires every signal (Consul's AbandonCh) and closes the store.
 */
public final class StateStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    private static final int MAX_BATCH = 256;

    private final Store store;
    /** Stamps each write operation (tombstones, lock-delays); injected so tests move time by hand. */
    private final Clock clock;
    private final Tables published = new Tables();
    private final Tables mirror = new Tables();
    /** Writer-confined: one copy of repeated strings, lists and maps across the stored records. */
    private final Interner interner = new Interner();
    private final ChangeSignals signals = new ChangeSignals();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final BlockingQueue<PendingWrite<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** Completes the callers' futures of a committed batch, in parallel with the writer's next batch. */
    private final ExecutorService answerPool;
    private volatile boolean closed;
    /** Set when a commit left the durable state unknown; every later write fails with it. */
    private volatile StoreException failure;
    /** Highest index assigned; only the writer thread changes it after start-up. */
    private long lastIndex;
    /** Instances created and removed by published writes; changed only by the writer thread, under the write lock. */
    private long registrations;
    private long deregistrations;

    private record PendingWrite<T>(Function<Txn, T> op, CompletableFuture<T> result) {
    }

    /** A state store on the system clock. */
    public StateStore(Store store) {
        this(store, Clock.systemUTC());
    }

    /** Loads the stored catalog into memory and starts the writer thread; the state store owns {@code store}. */
    public StateStore(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        Snapshot stored = store.load();
        List<Mutation> all = new ArrayList<>();
        stored.nodes().forEach(n -> all.add(new Mutation.PutNode(interner.node(n))));
        stored.services().forEach(p -> all.add(new Mutation.PutService(p.nodeKey(), interner.service(p.service()))));
        stored.checks().forEach(c -> all.add(new Mutation.PutCheck(interner.check(c))));
        stored.indexes().forEach((k, v) -> all.add(new Mutation.SetIndex(k, v)));
        stored.kv().forEach(e -> all.add(new Mutation.PutKv(e)));
        stored.tombstones().forEach(t -> all.add(new Mutation.PutTombstone(t)));
        stored.sessions().forEach(x -> all.add(new Mutation.PutSession(x)));
        stored.lockDelays().forEach((k, v) -> all.add(new Mutation.SetLockDelay(k, v)));
        for (Mutation m : all) {
            published.apply(m);
            mirror.apply(m);
        }
        lastIndex = published.index(IndexTable.GLOBAL);
        AtomicInteger answerThreads = new AtomicInteger();
        answerPool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "muster-answer-" + answerThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        writer = new Thread(this::writeLoop, "muster-state-writer");
        writer.setDaemon(true);
        writer.start();
        LOG.info("catalog loaded: {} nodes, {} services, {} checks, {} KV entries, {} sessions, index {}",
                stored.nodes().size(), stored.services().size(), stored.checks().size(), stored.kv().size(),
                stored.sessions().size(), lastIndex);
    }

    /** Catalog reads and writes. */
    public CatalogState catalog() {
        return new CatalogState(this);
    }

    /** KV reads and writes. */
    public KvState kv() {
        return new KvState(this);
    }

    /** Transactions ({@code /v1/txn}). */
    public TxnState txn() {
        return new TxnState(this);
    }

    /** The state store's wall clock, in millis (what write operations see as now). */
    long now() {
        return clock.millis();
    }

    /** Session reads and writes (the TTL timers live above, in the session package). */
    public SessionState sessions() {
        return new SessionState(this);
    }

    /** Health reads. */
    public HealthState health() {
        return new HealthState(this);
    }

    /** The highest index assigned so far. */
    public long lastIndex() {
        lock.readLock().lock();
        try {
            return published.index(IndexTable.GLOBAL);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Registrations, deregistrations, sizes and index, consistent with one another (for metrics). */
    public StateStats stats() {
        lock.readLock().lock();
        try {
            return new StateStats(registrations, deregistrations, published.nodes().size(),
                    published.instanceCount(), published.index(IndexTable.GLOBAL));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs a read under the read lock; {@code watchSet} may be null when the caller does not block. */
    <T> T read(WatchSet watchSet, Function<ReadView, T> query) {
        lock.readLock().lock();
        try {
            return query.apply(new ReadView(published, watchSet, signals));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Queues a write; the future completes once it is durable and visible, or fails with why not. */
    <T> CompletableFuture<T> write(Function<Txn, T> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new StoreException("write", new IllegalStateException("shutting down")));
            return result;
        }
        if (failure != null) {
            result.completeExceptionally(new StoreException("write", new IllegalStateException(
                    "refusing writes after an earlier failure (" + failure.getMessage() + "); restart Muster"), true));
            return result;
        }
        queue.add(new PendingWrite<>(op, result));
        return result;
    }

    private void writeLoop() {
        List<PendingWrite<?>> batch = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            try {
                PendingWrite<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    store.maintain(true);
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commitBatch(batch);
                // after the answers: the store's housekeeping delays the next batch, never this one's answers;
                // "idle" only after a quiet poll, so a steady trickle of writes is checkpointed in large steps
                store.maintain(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // Memory and the store may disagree now: stop writing rather than build on an unknown state.
                failure = new StoreException("state writer", e, true);
                LOG.error("state writer: unexpected failure; refusing further writes until restart", e);
                batch.forEach(w -> w.result().completeExceptionally(failure));
            } finally {
                batch.clear();
            }
        }
        PendingWrite<?> w;
        while ((w = queue.poll()) != null) {
            w.result().completeExceptionally(new StoreException("write", new IllegalStateException("shutting down")));
        }
    }

    private void commitBatch(List<PendingWrite<?>> batch) {
        List<Mutation> all = new ArrayList<>();
        List<Txn> applied = new ArrayList<>();
        List<Runnable> answers = new ArrayList<>(batch.size());
        long indexBefore = lastIndex;
        for (PendingWrite<?> w : batch) {
            answers.add(runOne(w, all, applied));
        }
        if (!all.isEmpty()) {
            try {
                store.commit(new Batch(all));
            } catch (RuntimeException e) {
                StoreException failed = e instanceof StoreException s ? s : new StoreException("commit", e);
                LOG.error("commit of {} write(s) failed; none acknowledged: {}", applied.size(), failed.getMessage());
                for (int i = applied.size() - 1; i >= 0; i--) {
                    applied.get(i).rollback();
                }
                lastIndex = indexBefore;
                if (failed.fatal()) {
                    failure = failed;
                    LOG.error("the durable state is unknown after this failure; refusing further writes until restart");
                }
                batch.forEach(w -> w.result().completeExceptionally(failed));
                return;
            }
            Set<String> notified = new LinkedHashSet<>();
            applied.forEach(t -> notified.addAll(t.notified()));
            publish(all, notified);
        }
        // Completing a future runs the HTTP layer's continuation (writing the response) on the completing
        // thread: on the writer that was half of its time under load, serially, while the other core idled.
        answers.forEach(answerPool::execute);
    }

    private <T> Runnable runOne(PendingWrite<T> w, List<Mutation> all, List<Txn> applied) {
        Txn txn = new Txn(mirror, lastIndex + 1, clock.millis(), interner);
        try {
            T value = w.op().apply(txn);
            List<Mutation> mutations = txn.finish();
            if (!mutations.isEmpty()) {
                lastIndex++;
                all.addAll(mutations);
                applied.add(txn);
            }
            return () -> w.result().complete(value);
        } catch (RuntimeException e) {
            txn.rollback();
            return () -> w.result().completeExceptionally(e);
        }
    }

    private void publish(List<Mutation> all, Set<String> notified) {
        List<String> touched = new ArrayList<>(notified);
        List<ChangeSignal> fired;
        lock.writeLock().lock();
        try {
            for (Mutation m : all) {
                Mutation undo = published.apply(m);
                if (m instanceof Mutation.SetIndex s && !s.name().equals(IndexTable.GLOBAL)) {
                    touched.add(s.name());
                } else if (m instanceof Mutation.PutService && undo instanceof Mutation.DeleteService) {
                    registrations++;
                } else if (m instanceof Mutation.DeleteService && undo instanceof Mutation.PutService) {
                    deregistrations++;
                }
            }
            fired = signals.detach(touched);
            signals.sweepIfGrown();
        } finally {
            lock.writeLock().unlock();
        }
        fired.forEach(ChangeSignal::fire);
    }

    /** The node with this name (case-insensitive), or null; a non-blocking convenience for start-up. */
    public Node node(String name) {
        return read(null, v -> v.tables.node(Keys.fold(name)));
    }

    /** How many change signals exist (for tests of the sweep). */
    int signalCount() {
        return signals.size();
    }

    /** Fires every change signal, so every waiting query re-runs (Consul's AbandonCh on shutdown). */
    public void abandonWatches() {
        List<ChangeSignal> fired;
        lock.writeLock().lock();
        try {
            fired = signals.detachAll();
        } finally {
            lock.writeLock().unlock();
        }
        fired.forEach(ChangeSignal::fire);
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
            answerPool.shutdown();
            answerPool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        abandonWatches();
        store.close();
    }
}
