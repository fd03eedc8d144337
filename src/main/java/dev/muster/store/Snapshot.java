package dev.muster.store;

import dev.muster.model.HealthCheck;
import dev.muster.model.KvEntry;
import dev.muster.model.KvTombstone;
import dev.muster.model.Node;
import dev.muster.model.Session;
import java.util.List;
import java.util.Map;

/**
 * Everything read back from a {@link Store} at start-up: the tables, the index table and the lock-delays (KV key
 * → wall-clock millis until which it cannot be acquired). Immutable.
 */
public record Snapshot(List<Node> nodes, List<Mutation.PutService> services, List<HealthCheck> checks,
                       Map<String, Long> indexes, List<KvEntry> kv, List<KvTombstone> tombstones,
                       List<Session> sessions, Map<String, Long> lockDelays) {
    /** The index-table entry holding Consul's global index (the highest index ever assigned). */
    public static final String GLOBAL_INDEX = "_global";

    public Snapshot {
        nodes = List.copyOf(nodes);
        services = List.copyOf(services);
        checks = List.copyOf(checks);
        indexes = Map.copyOf(indexes);
        kv = List.copyOf(kv);
        tombstones = List.copyOf(tombstones);
        sessions = List.copyOf(sessions);
        lockDelays = Map.copyOf(lockDelays);
    }

    /** The highest index committed (0 for a new store). */
    public long index() {
        return indexes.getOrDefault(GLOBAL_INDEX, 0L);
    }
}
