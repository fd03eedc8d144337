package dev.muster.state;

import dev.muster.model.Keys;
import dev.muster.store.Snapshot;

/**
 * Names of the index-table entries (Consul's {@code index} table): one per table, one per service name,
 * the last-extinction entry and the global index; plus watch-only keys that have signals but no stored
 * index.
 */
public final class IndexTable {
    public static final String NODES = "nodes";
    public static final String SERVICES = "services";
    public static final String CHECKS = "checks";
    /** Consul's {@code kvs} table. */
    public static final String KVS = "kvs";
    /** Consul's {@code tombstones} table (not lowered when tombstones are reaped). */
    public static final String TOMBSTONES = "tombstones";
    /** Consul's {@code sessions} table. */
    public static final String SESSIONS = "sessions";
    /** Index of the last write that removed the last instance of some service. */
    public static final String SERVICE_EXTINCTION = "service_last_extinction";
    /** The highest index ever assigned; persisted so it never goes backwards across restarts. */
    public static final String GLOBAL = Snapshot.GLOBAL_INDEX;

    private IndexTable() {
    }

    /**
     * Watch-only key of one node: fires when the node, its services or its checks change. Reads of one
     * node (health/node, catalog/node) wait on it but report a table index, as Consul does.
     */
    public static String nodeWatch(String nodeName) {
        return "node." + Keys.fold(nodeName);
    }

    /** Watch-only key of the checks in one state (health/state): fires when a check enters, changes in or leaves it. */
    public static String checkStateWatch(String status) {
        return "checks." + Keys.fold(status);
    }

    /** Watch-only key of one KV key (exact, case-sensitive): fires when that key is written or deleted. */
    public static String kvKey(String key) {
        return "kv:" + key;
    }

    /**
     * Watch-only key of a KV prefix: fires when a key starting with it is written or deleted (a write of key
     * {@code k} fires the prefix keys of every prefix of {@code k}, "" included).
     */
    public static String kvPrefix(String prefix) {
        return "kvp:" + prefix;
    }

    /** Watch-only key of one session (its info read): fires when it is created or ends. */
    public static String sessionWatch(String id) {
        return "session:" + id;
    }

    /** Watch-only key of one node's sessions (session/node): fires when one of them is created or ends. */
    public static String nodeSessionsWatch(String nodeName) {
        return "sessions.node." + Keys.fold(nodeName);
    }

    /** The per-service entry, {@code service.<name>} with the name case-folded. */
    public static String service(String serviceName) {
        return "service." + Keys.fold(serviceName);
    }
}
