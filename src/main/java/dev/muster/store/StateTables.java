package dev.muster.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The state tables ({@code nodes}, {@code services}, {@code checks}, {@code index_entries}, {@code kv},
 * {@code kv_tombstones}, {@code kv_lock_delays}, {@code sessions}): the registry as of
 * the last checkpoint, one row per record, readable with H2's own tools. Stateless.
 */
final class StateTables {
    private StateTables() {
    }

    /** Every row, as a snapshot (the change log after the checkpoint is not included). */
    static Snapshot read(Connection c) throws SQLException {
        return new Snapshot(NodeRows.loadAll(c), ServiceRows.loadAll(c), CheckRows.loadAll(c), IndexRows.loadAll(c),
                KvRows.loadAll(c), KvRows.loadTombstones(c), SessionRows.loadAll(c), KvRows.loadLockDelays(c));
    }

    /** Writes one mutation to its row (upsert or delete by key; a negative index deletes the entry). */
    static void write(Statements statements, Mutation m) throws SQLException {
        if (m instanceof Mutation.PutNode p) {
            NodeRows.upsert(statements, p.node());
        } else if (m instanceof Mutation.DeleteNode d) {
            NodeRows.delete(statements, d.nodeKey());
        } else if (m instanceof Mutation.PutService p) {
            ServiceRows.upsert(statements, p.nodeKey(), p.service());
        } else if (m instanceof Mutation.DeleteService d) {
            ServiceRows.delete(statements, d.nodeKey(), d.serviceKey());
        } else if (m instanceof Mutation.PutCheck p) {
            CheckRows.upsert(statements, p.check());
        } else if (m instanceof Mutation.DeleteCheck d) {
            CheckRows.delete(statements, d.nodeKey(), d.checkKey());
        } else if (m instanceof Mutation.PutKv p) {
            KvRows.upsert(statements, p.entry());
        } else if (m instanceof Mutation.DeleteKv d) {
            KvRows.delete(statements, d.key());
        } else if (m instanceof Mutation.PutTombstone p) {
            KvRows.upsertTombstone(statements, p.tombstone());
        } else if (m instanceof Mutation.DeleteTombstone d) {
            KvRows.deleteTombstone(statements, d.key());
        } else if (m instanceof Mutation.PutSession p) {
            SessionRows.insert(statements, p.session());
        } else if (m instanceof Mutation.DeleteSession d) {
            SessionRows.delete(statements, d.id());
        } else if (m instanceof Mutation.SetLockDelay d) {
            KvRows.setLockDelay(statements, d.key(), d.untilMillis());
        } else if (m instanceof Mutation.SetIndex s) {
            if (s.index() < 0) {
                IndexRows.delete(statements, s.name());
            } else {
                IndexRows.set(statements, s.name(), s.index());
            }
        }
    }
}
