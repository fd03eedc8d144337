package dev.muster.state;

import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.KvEntry;
import dev.muster.model.Keys;
import dev.muster.model.Session;
import dev.muster.store.Mutation;
import java.util.List;

/**
 * The session write rules (Consul's {@code state/session.go}), run by the writer on a {@link Txn}. Creating a
 * session checks its node and linked checks; ending one ("invalidation": destroy, TTL, its node or a linked
 * check going critical or away) removes it and, in the same operation, releases or deletes every key it held
 * and starts those keys' lock-delay. The catalog writes call {@link #checkCritical}, {@link #checkRemoved} and
 * {@link #nodeRemoved} so that no reader ever sees a critical check with a live session. Stateless.
 */
final class SessionWrites {
    private SessionWrites() {
    }

    /** Stores a new session, its node and every linked check existing and not critical (Consul's order). */
    static void create(Txn txn, Session session) {
        if (txn.tables.session(session.id()) != null) {
            throw new WriteRejected("Session ID " + session.id() + " is already in use");
        }
        String nodeKey = Keys.fold(session.node());
        if (txn.tables.node(nodeKey) == null) {
            throw new WriteRejected("Missing node registration");
        }
        for (String checkId : session.linkedChecks()) {
            HealthCheck check = txn.tables.check(nodeKey, Keys.fold(checkId));
            if (check == null) {
                throw new WriteRejected("Missing check '" + checkId + "' registration");
            }
            if (check.status() == HealthStatus.CRITICAL) {
                throw new WriteRejected("Check '" + checkId + "' is in critical state");
            }
        }
        txn.put(new Mutation.PutSession(session.withIndexes(new Indexes(txn.index, txn.index))));
        changed(txn, session);
    }

    /** Ends the session if it exists: gone, its keys released or deleted, their lock-delay started. */
    static void invalidate(Txn txn, String id) {
        Session session = txn.tables.session(id);
        if (session == null) {
            return;
        }
        long delayUntil = session.appliedLockDelayMillis() > 0 ? txn.nowMillis + session.appliedLockDelayMillis() : 0;
        for (String key : List.copyOf(txn.tables.keysHeldBy(id))) {
            KvEntry held = txn.tables.kv(key);
            if (session.behavior() == Session.Behavior.DELETE) {
                KvWrites.delete(txn, key);
            } else {
                KvWrites.put(txn, held, new KvEntry(key, held.value(), held.flags(), "", held.lockIndex(),
                        Indexes.at(txn.index, held.indexes())));
            }
            if (delayUntil > 0) {
                txn.put(new Mutation.SetLockDelay(key, delayUntil));
            }
        }
        txn.put(new Mutation.DeleteSession(id));
        changed(txn, session);
    }

    /** A linked check written as critical ends its sessions (every time it is written so). */
    static void checkCritical(Txn txn, HealthCheck check) {
        if (check.status() == HealthStatus.CRITICAL) {
            checkRemoved(txn, Keys.fold(check.node()), Keys.fold(check.checkId()));
        }
    }

    static void checkRemoved(Txn txn, String nodeKey, String checkKey) {
        for (String id : List.copyOf(txn.tables.sessionsOfCheck(nodeKey, checkKey))) {
            invalidate(txn, id);
        }
    }

    static void nodeRemoved(Txn txn, String nodeKey) {
        for (String id : List.copyOf(txn.tables.sessionsOfNode(nodeKey))) {
            invalidate(txn, id);
        }
    }

    /** Drops the lock-delays that have run out (housekeeping: an expired delay blocks nothing). */
    static int reapLockDelays(Txn txn) {
        List<String> expired = txn.tables.lockDelays().entrySet().stream()
                .filter(e -> e.getValue() <= txn.nowMillis).map(java.util.Map.Entry::getKey).toList();
        expired.forEach(key -> txn.put(new Mutation.SetLockDelay(key, -1)));
        return expired.size();
    }

    private static void changed(Txn txn, Session session) {
        txn.touch(IndexTable.SESSIONS);
        txn.notify(IndexTable.sessionWatch(session.id()));
        txn.notify(IndexTable.nodeSessionsWatch(session.node()));
    }
}
