package dev.muster.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} on local disk: a write-ahead log of batches ({@code <data-dir>/wal/}, {@link WriteAheadLog})
 * in front of H2 state tables ({@code <data-dir>/muster.mv.db}, schema migrations in
 * {@code src/main/resources/db/}).
 *
 * <h2>Format, and why</h2>
 * A commit appends <em>one</em> record — the whole group-committed batch, {@link BatchCodec} — to the log and
 * fsyncs it: the durable cost of a batch is one append, whatever it touched. {@link #maintain} — called by the
 * state store's writer after it has answered — checkpoints the batches since the last checkpoint into the H2
 * tables ({@code nodes}, {@code services}, {@code checks}, {@code index_entries}) in bounded {@link Checkpointer}
 * steps, each row's last value once, with the last batch's sequence number in {@code store_meta}. Measured
 * before this design: upserting three tables with array columns on the write path was half of a registration's
 * CPU on the single writer; and a 20-cycle {@code kill -9} soak lost 1–2 of ~5,000 acknowledged commits that
 * went through H2's own commit (MVStore with {@code WRITE_DELAY=0}, fsynced), once with an H2 change-log table
 * too. A framed, checksummed append that Muster fsyncs itself is a durability rule we can read and test.
 *
 * <h2>Recovery</h2>
 * {@link #load()} = the tables + the log records after their {@code checkpoint_seq}, folded in order
 * ({@link RowFold}). A checkpoint is one H2 transaction and the log is not trimmed by it: segments are deleted
 * only up to the checkpoint {@value #CHECKPOINTS_KEPT} checkpoints back, so even a checkpoint commit that H2
 * loses in a crash is replayed from the log. If the tables are older than the oldest record kept (the log
 * cannot bridge them), opening fails naming both files rather than serving a state with a hole in it.
 *
 * <h2>Inspecting</h2>
 * The tables are ordinary H2 tables (H2's Shell or Console on {@code muster.mv.db}, Muster stopped). They lag
 * the log by at most {@code checkpoint_batches} batches while Muster runs; a clean stop checkpoints everything.
 *
 * <h2>Threads</h2>
 * The state store's single writer thread calls {@link #load()}, {@link #commit} and {@link #maintain} (not
 * thread-safe); checkpoint steps run on one thread of the store's own, handed immutable batches, and report
 * back through a {@link Future} that the writer takes in at its next {@code maintain} — the log and the queue
 * of waiting batches are touched by the writer only.
 */
public final class H2Store implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(H2Store.class);
    private static final List<String> MIGRATIONS = List.of("db/V1__catalog.sql", "db/V2__check_thresholds.sql",
            "db/V3__store_meta.sql", "db/V4__kv.sql", "db/V5__sessions.sql");
    /** Batches between two checkpoints while writes keep coming, by default. */
    public static final int DEFAULT_CHECKPOINT_BATCHES = 1000;
    /** Log segments are kept until this many later checkpoints have committed. */
    static final int CHECKPOINTS_KEPT = 2;

    private record Pending(long seq, Batch batch) {
    }

    private final Connection connection;
    private final Statements statements;
    /** H2's file, fsynced after a checkpoint (null: not fsynced, or in memory). */
    private final FileChannel tableSync;
    /** Null for the in-memory store, which writes each batch straight to its tables. */
    private final WriteAheadLog log;
    private final String where;
    private final Checkpointer checkpointer;
    private final int checkpointBatches;
    /** Batches appended to the log and not yet in the tables, oldest first. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Sequence numbers of the last checkpoints, oldest first (retention of log segments). */
    private final ArrayDeque<Long> recentCheckpoints = new ArrayDeque<>();
    /**
     * Runs checkpoint steps, one at a time, so the writer only appends and hands over: the H2 upserts of a
     * step were a third of the writer's time when it ran them itself. After {@link #load()} the H2 connection
     * is used by this thread only (the in-memory store, which writes its tables in {@code commit}, never starts
     * a step).
     */
    private final ExecutorService checkpointThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "muster-checkpoint");
        t.setDaemon(true);
        return t;
    });
    /** The step in progress on {@link #checkpointThread} (its result: the last sequence number it wrote), or null. */
    private Future<Long> running;
    /** The last log record the tables held when the store was opened (what {@link #load()} replays after). */
    private final long tablesSeqAtOpen;
    private long memorySeq;
    private long checkpoints;

    private H2Store(String url, FileChannel tableSync, Path walDir, boolean fsync, int checkpointBatches,
                    long segmentBytes) throws SQLException {
        this.connection = DriverManager.getConnection(url, "sa", "");
        this.statements = new Statements(connection);
        this.tableSync = tableSync;
        this.checkpointBatches = checkpointBatches;
        this.where = url;
        migrate();
        connection.setAutoCommit(false);
        this.tablesSeqAtOpen = Checkpointer.checkpointSeq(connection);
        connection.commit();
        this.checkpointer = new Checkpointer(connection, statements);
        // the H2 file lock is held now, so no other Muster writes this log
        try {
            this.log = walDir == null ? null : WriteAheadLog.open(walDir, fsync, tablesSeqAtOpen + 1, segmentBytes);
        } catch (StoreException e) {
            closeTables();
            throw e;
        }
        this.memorySeq = tablesSeqAtOpen;
    }

    /** Opens (creating when missing) the store under {@code dataDir}, checkpointing every 1,000 batches. */
    public static H2Store open(Path dataDir, Durability durability) {
        return open(dataDir, durability, DEFAULT_CHECKPOINT_BATCHES);
    }

    /**
     * Opens the store; {@link #maintain} checkpoints once {@code checkpointBatches} batches (at least 1) are
     * waiting, and whenever the writer is idle.
     */
    public static H2Store open(Path dataDir, Durability durability, int checkpointBatches) {
        return open(dataDir, durability, checkpointBatches, WriteAheadLog.SEGMENT_BYTES);
    }

    /** As {@link #open(Path, Durability, int)}, with log segments of about {@code segmentBytes} (tests). */
    static H2Store open(Path dataDir, Durability durability, int checkpointBatches, long segmentBytes) {
        if (checkpointBatches < 1) {
            throw new IllegalArgumentException("checkpointBatches must be at least 1, got " + checkpointBatches);
        }
        if (durability == Durability.MEMORY) {
            return openUrl("jdbc:h2:mem:muster-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, false,
                    checkpointBatches, segmentBytes);
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("create data directory " + dataDir, e);
        }
        Path base = dataDir.toAbsolutePath().resolve("muster");
        Path walDir = dataDir.toAbsolutePath().resolve("wal");
        String url = "jdbc:h2:file:" + base + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        if (durability == Durability.WRITE) {
            return openUrl(url, null, walDir, false, checkpointBatches, segmentBytes);
        }
        Path file = Path.of(base + ".mv.db");
        FileChannel channel = null;
        try {
            if (!Files.exists(file)) {
                // create the file, so there is one to fsync
                openUrl(url, null, null, false, checkpointBatches, segmentBytes).closeTables();
            }
            // fsync(2) on any descriptor of the file flushes all of its dirty pages
            channel = FileChannel.open(file, StandardOpenOption.READ);
            return openUrl(url, channel, walDir, true, checkpointBatches, segmentBytes);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e instanceof StoreException s ? s : new StoreException("open " + file + " for fsync", e);
        }
    }

    private static H2Store openUrl(String url, FileChannel channel, Path walDir, boolean fsync, int checkpointBatches,
                                   long segmentBytes) {
        try {
            return new H2Store(url, channel, walDir, fsync, checkpointBatches, segmentBytes);
        } catch (SQLException e) {
            throw new StoreException("open " + url, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // reporting the open failure matters more
            }
        }
    }

    private void migrate() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int current = 0;
            try (var rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
            for (int v = current; v < MIGRATIONS.size(); v++) {
                for (String sql : statements(MIGRATIONS.get(v))) {
                    st.execute(sql);
                }
                st.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
            }
        }
    }

    private static List<String> statements(String resource) {
        try (InputStream in = H2Store.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing migration " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder withoutComments = new StringBuilder();
            for (String line : text.split("\n")) {
                if (!line.strip().startsWith("--")) {
                    withoutComments.append(line).append('\n');
                }
            }
            return List.of(withoutComments.toString().split(";")).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new StoreException("read migration " + resource, e);
        }
    }

    /** The tables with the log records after their checkpoint folded in (start-up only). */
    @Override
    public Snapshot load() {
        RowFold fold;
        try {
            fold = RowFold.of(StateTables.read(connection));
            connection.commit();
        } catch (SQLException e) {
            throw new StoreException("load catalog", e);
        }
        if (log == null) {
            return fold.snapshot();
        }
        if (log.firstSeq() > tablesSeqAtOpen + 1) {
            throw new StoreException("open", new IOException(log.dir() + " begins at record " + log.firstSeq()
                    + ", but the tables in " + where + " hold records only up to " + tablesSeqAtOpen
                    + ": the records between are in neither (was the database file replaced by an older copy?); "
                    + "refusing to start without them"));
        }
        for (WriteAheadLog.Entry e : log.recovered()) {
            if (e.seq() > tablesSeqAtOpen) {
                Batch batch = BatchCodec.decode(e.payload(), log.dir() + " record " + e.seq());
                fold.addAll(batch);
                pending.add(new Pending(e.seq(), batch));
            }
        }
        log.forgetRecovered();
        return fold.snapshot();
    }

    /**
     * Appends the batch to the log as one record and returns once it is durable. On failure nothing is
     * persisted and a {@link StoreException} is thrown (fatal when the fsync after the append failed).
     */
    @Override
    public void commit(Batch batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (log == null) {
            checkpointer.write(List.of(batch), ++memorySeq);
            return;
        }
        long seq = log.append(BatchCodec.encode(batch));
        pending.add(new Pending(seq, batch));
    }

    /**
     * Starts a bounded checkpoint step on the checkpoint thread once {@code checkpointBatches} batches wait,
     * or when {@code idle} and any wait, unless one is running; first takes in the result of a finished one.
     * A failed step changes nothing and is retried later (the log keeps every batch); it is reported, not
     * thrown, because no write depends on it.
     */
    @Override
    public void maintain(boolean idle) {
        if (running != null && running.isDone()) {
            report(finishStep());
        }
        if (running != null || pending.isEmpty() || (!idle && pending.size() < checkpointBatches)) {
            return;
        }
        List<Batch> step = new ArrayList<>();
        int mutations = 0;
        long lastSeq = 0;
        for (Pending p : pending) {
            if (mutations >= Checkpointer.STEP_MUTATIONS) {
                break;
            }
            step.add(p.batch());
            mutations += p.batch().mutations().size();
            lastSeq = p.seq();
        }
        long upTo = lastSeq;
        running = checkpointThread.submit(() -> writeStep(step, upTo));
    }

    /** On the checkpoint thread: the batches into the tables in one H2 transaction, then H2's file fsynced. */
    private long writeStep(List<Batch> step, long lastSeq) {
        checkpointer.write(step, lastSeq);
        if (tableSync != null) {
            try {
                tableSync.force(false);
            } catch (IOException e) {
                // the step is in H2 but maybe not on disk: its batches stay waiting and the log keeps them
                throw new StoreException("fsync " + where + " after a checkpoint", e);
            }
        }
        return lastSeq;
    }

    /**
     * On the writer: waits for the step in progress, if any, and takes it in (its batches leave the queue; old
     * segments may go). Returns why the step failed, or null; a failed step leaves its batches waiting.
     */
    private Throwable finishStep() {
        if (running == null) {
            return null;
        }
        long lastSeq;
        try {
            lastSeq = running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e; // the step stays in progress and is taken in next time
        } catch (ExecutionException e) {
            running = null;
            return e.getCause();
        }
        running = null;
        while (!pending.isEmpty() && pending.peekFirst().seq() <= lastSeq) {
            pending.removeFirst();
        }
        checkpoints++;
        recentCheckpoints.addLast(lastSeq);
        if (recentCheckpoints.size() > CHECKPOINTS_KEPT) {
            log.dropUpTo(recentCheckpoints.removeFirst());
        }
        log.rotateIfLarge();
        return null;
    }

    private static void report(Throwable failure) {
        if (failure != null && !(failure instanceof InterruptedException)) {
            LOG.error("store checkpoint failed; the write-ahead log keeps every batch and a later step retries: {}",
                    failure.getMessage());
        }
    }

    /** Waits for a running checkpoint step and takes in its result (tests). */
    void awaitCheckpoint() {
        report(finishStep());
    }

    /** Checkpoints every waiting batch and waits until they are in the tables (tests; and {@link #close()}). */
    void checkpointNow() {
        report(finishStep());
        while (!pending.isEmpty()) {
            maintain(true); // starts a step: none is in progress and batches wait
            Throwable failed = finishStep();
            if (failed instanceof InterruptedException) {
                return;
            }
            if (failed != null) {
                throw failed instanceof StoreException se ? se : new StoreException("checkpoint", failed);
            }
        }
    }

    /** Checkpoint steps completed since this store was opened (for tests). */
    long checkpoints() {
        return checkpoints;
    }

    /** Batches in the log and not yet in the tables (for tests). */
    int waitingBatches() {
        return pending.size();
    }

    /** Checkpoints what waits (so a stopped store has everything in its tables), then shuts H2 down. */
    @Override
    public void close() {
        try {
            checkpointNow();
        } catch (StoreException e) {
            LOG.error("last checkpoint before closing failed; the write-ahead log keeps every batch: {}",
                    e.getMessage());
        }
        checkpointThread.shutdown();
        try {
            if (log != null) {
                log.close();
            }
        } finally {
            closeTables();
        }
    }

    private void closeTables() {
        try {
            statements.close();
            if (tableSync != null) {
                tableSync.close();
            }
            try (Statement st = connection.createStatement()) {
                st.execute("SHUTDOWN");
            }
        } catch (SQLException | IOException e) {
            throw new StoreException("close", e);
        } finally {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already shut down
            }
        }
    }
}
