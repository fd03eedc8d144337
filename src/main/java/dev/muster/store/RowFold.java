package dev.muster.store;

import dev.muster.model.HealthCheck;
import dev.muster.model.KvEntry;
import dev.muster.model.KvTombstone;
import dev.muster.model.Node;
import dev.muster.model.Session;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutations folded to the last one per row ({@link Mutation#rowKey()}): applying the fold leaves the same
 * state as applying every mutation in order, because each row's final value is all that remains. A checkpoint
 * folds the change log before writing the state tables (a row changed a thousand times is written once), and
 * start-up folds the log over the tables' snapshot. Not thread-safe.
 */
final class RowFold {
    private final Map<String, Mutation> last = new LinkedHashMap<>();

    /** A fold that starts from a snapshot's rows. */
    static RowFold of(Snapshot snapshot) {
        RowFold fold = new RowFold();
        snapshot.nodes().forEach(n -> fold.add(new Mutation.PutNode(n)));
        snapshot.services().forEach(fold::add);
        snapshot.checks().forEach(c -> fold.add(new Mutation.PutCheck(c)));
        snapshot.indexes().forEach((k, v) -> fold.add(new Mutation.SetIndex(k, v)));
        snapshot.kv().forEach(e -> fold.add(new Mutation.PutKv(e)));
        snapshot.tombstones().forEach(t -> fold.add(new Mutation.PutTombstone(t)));
        snapshot.sessions().forEach(x -> fold.add(new Mutation.PutSession(x)));
        snapshot.lockDelays().forEach((k, v) -> fold.add(new Mutation.SetLockDelay(k, v)));
        return fold;
    }

    void add(Mutation m) {
        last.put(m.rowKey(), m);
    }

    void addAll(Batch batch) {
        batch.mutations().forEach(this::add);
    }

    /** The last mutation of every row. */
    Collection<Mutation> mutations() {
        return last.values();
    }

    /** The rows that exist after the fold (deletes dropped), as a snapshot. */
    Snapshot snapshot() {
        List<Node> nodes = new ArrayList<>();
        List<Mutation.PutService> services = new ArrayList<>();
        List<HealthCheck> checks = new ArrayList<>();
        Map<String, Long> indexes = new LinkedHashMap<>();
        List<KvEntry> kv = new ArrayList<>();
        List<KvTombstone> tombstones = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        Map<String, Long> lockDelays = new LinkedHashMap<>();
        for (Mutation m : last.values()) {
            if (m instanceof Mutation.PutNode p) {
                nodes.add(p.node());
            } else if (m instanceof Mutation.PutService p) {
                services.add(p);
            } else if (m instanceof Mutation.PutCheck p) {
                checks.add(p.check());
            } else if (m instanceof Mutation.SetIndex s && s.index() >= 0) {
                indexes.put(s.name(), s.index());
            } else if (m instanceof Mutation.PutKv p) {
                kv.add(p.entry());
            } else if (m instanceof Mutation.PutTombstone p) {
                tombstones.add(p.tombstone());
            } else if (m instanceof Mutation.PutSession p) {
                sessions.add(p.session());
            } else if (m instanceof Mutation.SetLockDelay d && d.untilMillis() >= 0) {
                lockDelays.put(d.key(), d.untilMillis());
            }
        }
        return new Snapshot(nodes, services, checks, indexes, kv, tombstones, sessions, lockDelays);
    }
}
