package dev.muster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} contract on the local store, fsynced as shipped, plus what is its own: the write-ahead log
 * and its checkpoints into the H2 tables (looked at with plain JDBC, as an operator would with H2's Shell), and
 * the crashes it must survive. A crash is simulated by copying the data directory while the store is open:
 * that is what {@code kill -9} leaves, since every append is written before {@code commit} returns.
 */
class H2StoreTest extends StoreContractTest {
    @Override
    Store open(Path dir) {
        return H2Store.open(dir, Durability.FSYNC);
    }

    private static long query(Path dataDir, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("muster"),
                "sa", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long count(String table) throws SQLException {
        return query(dir, "SELECT COUNT(*) FROM " + table);
    }

    /** The data directory as a {@code kill -9} now would leave it. */
    private Path crashCopy(String name) throws IOException {
        Path copy = dir.resolveSibling(dir.getFileName() + "-" + name);
        Files.createDirectories(copy.resolve("wal"));
        Files.copy(dir.resolve("muster.mv.db"), copy.resolve("muster.mv.db"));
        for (Path segment : segments(dir)) {
            Files.copy(segment, copy.resolve("wal").resolve(segment.getFileName()));
        }
        return copy;
    }

    private static List<Path> segments(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("wal"))) {
            return files.sorted().toList();
        }
    }

    /** The data directory as a crash leaves it after {@code n} commits and no checkpoint. */
    private Path committedThenCrashed(int n, String name) throws IOException {
        try (H2Store store = H2Store.open(dir, Durability.FSYNC, 1_000_000)) {
            store.load();
            commitAll(store, 1, n);
            return crashCopy(name);
        }
    }

    private static void commitAll(Store store, int from, int to) {
        for (int i = from; i <= to; i++) {
            store.commit(registration("n" + i, "web-" + i, i));
        }
    }

    @Test
    void commit_isOneLogRecord_untilACheckpointWritesTheTables() throws Exception {
        try (H2Store store = H2Store.open(dir, Durability.FSYNC, 1_000_000)) {
            store.load();
            long empty = Files.size(segments(dir).get(0));
            for (int i = 1; i <= 20; i++) {
                store.commit(registration("n" + (i % 5), "web-" + (i % 5), i)); // five rows, each changed four times
            }
            assertEquals(20, store.waitingBatches());
            assertTrue(Files.size(segments(dir).get(0)) > empty, "the batches are in the log");
            assertEquals(0, count("nodes"), "nothing in the tables before a checkpoint");
            store.checkpointNow();
            assertEquals(1, store.checkpoints());
            assertEquals(0, store.waitingBatches());
            assertEquals(5, count("nodes"));
            assertEquals(5, count("services"));
            assertEquals(20, query(dir, "SELECT num FROM store_meta WHERE name = 'checkpoint_seq'"));
        }
        try (Store again = open(dir)) {
            Snapshot s = again.load();
            assertEquals(20, s.index());
            assertEquals(5, s.nodes().size());
        }
    }

    @Test
    void load_replaysTheLog_afterACrashBeforeAnyCheckpoint() throws Exception {
        Path crashed = committedThenCrashed(10, "crash");
        try (Store s = H2Store.open(crashed, Durability.FSYNC)) {
            Snapshot snapshot = s.load();
            assertEquals(10, snapshot.index());
            assertEquals(10, snapshot.nodes().size());
            assertEquals(10, snapshot.checks().size());
        }
    }

    @Test
    void load_replaysTheLog_whenTheTablesLostTheirLastCheckpoint() throws Exception {
        // kill -9 in the middle of a checkpoint, or H2 losing that commit: the tables are one checkpoint behind
        Path crashed;
        try (H2Store store = H2Store.open(dir, Durability.FSYNC, 1_000_000, 1)) {
            store.load();
            commitAll(store, 1, 5);
            store.checkpointNow();
            Path beforeSecond = crashCopy("before");
            commitAll(store, 6, 10);
            store.checkpointNow();
            commitAll(store, 11, 12);
            crashed = crashCopy("crash");
            Files.copy(beforeSecond.resolve("muster.mv.db"), crashed.resolve("muster.mv.db"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        assertEquals(5, query(crashed, "SELECT num FROM store_meta WHERE name = 'checkpoint_seq'"));
        try (Store s = H2Store.open(crashed, Durability.FSYNC)) {
            Snapshot snapshot = s.load();
            assertEquals(12, snapshot.index());
            assertEquals(12, snapshot.nodes().size());
        }
    }

    @Test
    void logSegments_areDeletedOnlyTwoCheckpointsLater() throws Exception {
        try (H2Store store = H2Store.open(dir, Durability.FSYNC, 1_000_000, 1)) { // a new segment per checkpoint
            store.load();
            for (int i = 1; i <= 4; i++) {
                commitAll(store, i, i);
                store.checkpointNow();
            }
            assertEquals(List.of("0000000000000000003.log", "0000000000000000004.log", "0000000000000000005.log"),
                    segments(dir).stream().map(p -> p.getFileName().toString()).toList(),
                    "records 3 and 4 are kept though the tables hold them: the last two checkpoints may not have stuck");
        }
    }

    @Test
    void load_tablesOlderThanTheOldestRecordKept_refusesToStart() throws Exception {
        Path stale = dir.resolveSibling(dir.getFileName() + "-stale.mv.db");
        try (H2Store store = H2Store.open(dir, Durability.FSYNC, 1_000_000, 1)) {
            store.load();
            Files.copy(dir.resolve("muster.mv.db"), stale);
            for (int i = 1; i <= 4; i++) {
                commitAll(store, i, i);
                store.checkpointNow();
            }
        }
        Files.copy(stale, dir.resolve("muster.mv.db"), StandardCopyOption.REPLACE_EXISTING);
        try (Store s = open(dir)) {
            StoreException e = assertThrows(StoreException.class, s::load);
            assertTrue(e.getMessage().contains("begins at record 3")
                    && e.getMessage().contains("hold records only up to 0")
                    && e.getMessage().contains("muster"), e.getMessage());
        }
    }

    @Test
    void load_tornLastAppend_isCutOff_andEveryCompleteRecordServed() throws Exception {
        Path crashed = committedThenCrashed(3, "torn");
        Path segment = segments(crashed).get(0);
        long complete = Files.size(segment);
        // the start of a fourth record: a header promising 200 bytes, and only 7 of them written
        ByteBuffer torn = ByteBuffer.allocate(16 + 7).putInt(200).putInt(12345).putLong(4);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            ch.write(torn.flip());
        }
        try (Store s = H2Store.open(crashed, Durability.FSYNC)) {
            assertEquals(3, s.load().nodes().size());
            assertEquals(complete, Files.size(segment), "the torn bytes are cut off");
            s.commit(registration("n4", "web-4", 4));
        }
        try (Store s = H2Store.open(crashed, Durability.FSYNC)) {
            assertEquals(4, s.load().index(), "a write after the repair is kept");
        }
    }

    @Test
    void load_damagedRecordBeforeGoodOnes_refusesToStart_namingFileAndOffset() throws Exception {
        Path crashed = committedThenCrashed(3, "damaged");
        Path segment = segments(crashed).get(0);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, 20);
            b.put(0, (byte) (b.get(0) ^ 0x40));
            ch.write(b.flip(), 20); // a bit flipped in the first record's payload
        }
        long size = Files.size(segment);
        StoreException e = assertThrows(StoreException.class, () -> H2Store.open(crashed, Durability.FSYNC));
        assertTrue(e.getMessage().contains(segment.toString()) && e.getMessage().contains("offset 0")
                && e.getMessage().contains("checksum"), e.getMessage());
        assertEquals(size, Files.size(segment), "nothing is truncated or skipped");
    }

    @Test
    void maintain_checkpointsInBoundedSteps_onceEnoughBatchesWait_orWhenIdle() throws Exception {
        int perBatch = registration("x", "y", 1).mutations().size();
        int many = 3 * Checkpointer.STEP_MUTATIONS / perBatch;
        try (H2Store store = H2Store.open(dir, Durability.WRITE, 10)) {
            store.load();
            for (int i = 1; i <= 9; i++) {
                store.commit(registration("n" + i, "web-" + i, i));
                store.maintain(false);
            }
            store.awaitCheckpoint();
            assertEquals(0, store.checkpoints(), "nine batches, threshold ten, writer busy: no checkpoint");
            store.commit(registration("n10", "web-10", 10));
            store.maintain(false);
            store.awaitCheckpoint();
            assertEquals(1, store.checkpoints());
            assertEquals(0, store.waitingBatches());
            assertEquals(10, count("nodes"), "ten small batches fit one step");
            store.commit(registration("n11", "web-11", 11));
            store.maintain(true);
            store.awaitCheckpoint();
            assertEquals(2, store.checkpoints(), "idle: whatever waits is checkpointed");
            commitAll(store, 12, 11 + many);
            store.maintain(true);
            store.maintain(true); // a step is running: no second one beside it
            store.awaitCheckpoint();
            assertEquals(3, store.checkpoints());
            int left = store.waitingBatches();
            assertTrue(left > 0 && left < many, "one step writes about " + Checkpointer.STEP_MUTATIONS
                    + " mutations: " + left + " of " + many + " batches left");
            assertEquals(11 + many - left, count("nodes"));
        }
        assertEquals(11 + many, count("nodes"), "close checkpoints the rest");
    }

    @Test
    void commit_goesOn_whileACheckpointStepRuns() throws Exception {
        try (H2Store store = H2Store.open(dir, Durability.FSYNC, 1)) {
            store.load();
            for (int i = 1; i <= 200; i++) {
                store.commit(registration("n" + i, "web-" + i, i));
                store.maintain(false); // hands a step over whenever none runs; never waits for one
            }
            store.checkpointNow();
            assertEquals(0, store.waitingBatches());
            assertEquals(200, count("nodes"));
            assertEquals(200, query(dir, "SELECT num FROM store_meta WHERE name = 'checkpoint_seq'"));
        }
        try (Store again = open(dir)) {
            assertEquals(200, again.load().nodes().size());
        }
    }

    @Test
    void memoryStore_writesTheTablesDirectly_andNeedsNoLog() throws Exception {
        try (H2Store store = H2Store.open(dir, Durability.MEMORY)) {
            store.load();
            commitAll(store, 1, 3);
            assertEquals(0, store.waitingBatches());
            assertTrue(Files.notExists(dir.resolve("wal")));
        }
    }
}
