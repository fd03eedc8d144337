package dev.muster.store;

import dev.muster.model.HealthCheck;
import dev.muster.model.Keys;
import dev.muster.model.KvEntry;
import dev.muster.model.KvTombstone;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.Session;

/**
 * One row-level change. The state store computes these for a write; {@link Store#commit} persists a
 * batch of them in one transaction and the state store applies the same list to memory.
 */
public sealed interface Mutation {
    /**
     * The row this mutation writes, as one string: a put and a delete of the same row have the same key, so
     * of several mutations of one row only the last one matters (what a checkpoint and a replay rely on).
     */
    String rowKey();

    record PutNode(Node node) implements Mutation {
        @Override
        public String rowKey() {
            return "n\0" + Keys.fold(node.node());
        }
    }

    record DeleteNode(String nodeKey) implements Mutation {
        @Override
        public String rowKey() {
            return "n\0" + nodeKey;
        }
    }

    record PutService(String nodeKey, NodeService service) implements Mutation {
        @Override
        public String rowKey() {
            return "s\0" + nodeKey + "\0" + Keys.fold(service.id());
        }
    }

    record DeleteService(String nodeKey, String serviceKey) implements Mutation {
        @Override
        public String rowKey() {
            return "s\0" + nodeKey + "\0" + serviceKey;
        }
    }

    record PutCheck(HealthCheck check) implements Mutation {
        @Override
        public String rowKey() {
            return "c\0" + Keys.fold(check.node()) + "\0" + Keys.fold(check.checkId());
        }
    }

    record DeleteCheck(String nodeKey, String checkKey) implements Mutation {
        @Override
        public String rowKey() {
            return "c\0" + nodeKey + "\0" + checkKey;
        }
    }

    /** Creates or replaces a KV entry (keys are case-sensitive, unlike catalog names). */
    record PutKv(KvEntry entry) implements Mutation {
        @Override
        public String rowKey() {
            return "k\0" + entry.key();
        }
    }

    record DeleteKv(String key) implements Mutation {
        @Override
        public String rowKey() {
            return "k\0" + key;
        }
    }

    /** Creates or replaces the tombstone of a deleted key or tree. */
    record PutTombstone(KvTombstone tombstone) implements Mutation {
        @Override
        public String rowKey() {
            return "t\0" + tombstone.key();
        }
    }

    /** Reaps a tombstone. */
    record DeleteTombstone(String key) implements Mutation {
        @Override
        public String rowKey() {
            return "t\0" + key;
        }
    }

    /** Creates a session (sessions are never updated in place). */
    record PutSession(Session session) implements Mutation {
        @Override
        public String rowKey() {
            return "e\0" + session.id();
        }
    }

    record DeleteSession(String id) implements Mutation {
        @Override
        public String rowKey() {
            return "e\0" + id;
        }
    }

    /**
     * Sets the lock-delay of a KV key: no session may acquire it before {@code untilMillis} (wall clock); a
     * negative value removes the entry.
     */
    record SetLockDelay(String key, long untilMillis) implements Mutation {
        @Override
        public String rowKey() {
            return "l\0" + key;
        }
    }

    /** Sets an index-table entry; a negative index removes it. */
    record SetIndex(String name, long index) implements Mutation {
        @Override
        public String rowKey() {
            return "i\0" + name;
        }
    }
}
