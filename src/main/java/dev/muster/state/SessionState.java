package dev.muster.state;

import dev.muster.model.Keys;
import dev.muster.model.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Session reads and writes (Consul's {@code /v1/session}). Every read reports the {@code sessions} table index,
 * as Consul does, but waits only on what it read: one session, one node's sessions, or the table. A renew is
 * not a write (its timer lives in the session package); ending a session releases or deletes its keys in the
 * same write ({@link SessionWrites}). Thread-safe (reads under the state store's lock, writes through its writer).
 */
public final class SessionState {
    private final StateStore store;

    SessionState(StateStore store) {
        this.store = store;
    }

    /** The session as a list of zero or one (Consul's info answer is never null). */
    public Indexed<List<Session>> info(WatchSet ws, String id) {
        return store.read(ws, v -> {
            v.watch(IndexTable.sessionWatch(id));
            Session s = v.tables.session(id);
            return new Indexed<>(s == null ? List.of() : List.of(s), v.tables.index(IndexTable.SESSIONS));
        });
    }

    /** Every session, in ID order. */
    public Indexed<List<Session>> list(WatchSet ws) {
        return store.read(ws, v -> {
            v.watch(IndexTable.SESSIONS);
            return new Indexed<>(List.copyOf(v.tables.sessions()), v.tables.index(IndexTable.SESSIONS));
        });
    }

    /** The sessions of one node (case-insensitive), in ID order. */
    public Indexed<List<Session>> node(WatchSet ws, String node) {
        return store.read(ws, v -> {
            v.watch(IndexTable.nodeSessionsWatch(node));
            List<Session> out = new ArrayList<>();
            for (String id : v.tables.sessionsOfNode(Keys.fold(node))) {
                out.add(v.tables.session(id));
            }
            return new Indexed<>(out, v.tables.index(IndexTable.SESSIONS));
        });
    }

    /** The session, or null (a plain lookup, for renew). */
    public Session get(String id) {
        return store.read(null, v -> v.tables.session(id));
    }

    /** The KV keys the session holds, in key order. */
    public List<String> heldKeys(String id) {
        return store.read(null, v -> List.copyOf(v.tables.keysHeldBy(id)));
    }

    /**
     * Stores a new session (its indexes are set here); fails with Consul's texts when its node or a linked
     * check is missing, or a linked check is critical. Completes with the stored session.
     */
    public CompletableFuture<Session> create(Session session) {
        return store.write(txn -> {
            SessionWrites.create(txn, session);
            return txn.tables.session(session.id());
        });
    }

    /** Ends the session (its keys released or deleted, their lock-delay started); an unknown ID changes nothing. */
    public CompletableFuture<Boolean> destroy(String id) {
        return store.write(txn -> {
            SessionWrites.invalidate(txn, id);
            return true;
        });
    }
}
