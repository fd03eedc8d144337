package dev.muster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes checkpoints into the state tables: the batches of a step folded to each row's last value
 * ({@link RowFold}), written once, with the sequence number of the last batch in {@code store_meta}, in one H2
 * transaction. A {@code kill -9} before the commit leaves the previous checkpoint; either way the state tables
 * plus the write-ahead log records after {@code checkpoint_seq} are the acknowledged state.
 * Not thread-safe: one thread at a time (the store's checkpoint thread; the writer for the in-memory store).
 */
final class Checkpointer {
    /** Mutations folded per step at most (a step ends at a batch boundary, so one huge batch may exceed it). */
    static final int STEP_MUTATIONS = 4096;

    private final Connection connection;
    private final Statements statements;

    Checkpointer(Connection connection, Statements statements) {
        this.connection = connection;
        this.statements = statements;
    }

    /** The sequence number of the last log record in the state tables (0: none). */
    static long checkpointSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT num FROM store_meta WHERE name = 'checkpoint_seq'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Folds {@code batches} into the state tables and records {@code lastSeq} as checkpointed, atomically. */
    void write(List<Batch> batches, long lastSeq) {
        RowFold fold = new RowFold();
        batches.forEach(fold::addAll);
        try {
            for (Mutation m : fold.mutations()) {
                StateTables.write(statements, m);
            }
            PreparedStatement ps = statements.prepare("UPDATE store_meta SET num = ? WHERE name = 'checkpoint_seq'");
            ps.setLong(1, lastSeq);
            ps.executeUpdate();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the original failure is the one to report
            }
            throw e instanceof StoreException s ? s : new StoreException("checkpoint up to log record " + lastSeq, e);
        }
    }
}
