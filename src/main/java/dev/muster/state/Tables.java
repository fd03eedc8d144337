package dev.muster.state;

import dev.muster.model.HealthCheck;
import dev.muster.model.Keys;
import dev.muster.model.KvEntry;
import dev.muster.model.KvTombstone;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.Session;
import dev.muster.store.Mutation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The in-memory catalog tables with secondary indexes by service name and by (node, service ID) for
 * checks, so a write or read of one instance never scans the other checks of its node (an agent node
 * may carry thousands of services, as in Consul, whose memdb indexes checks by node+service too). All
 * keys are case-folded;
 * sorted maps give Consul's ordering (by node name, then ID). Not thread-safe: {@link StateStore} guards
 * the published copy with its lock and the writer thread owns its private mirror.
 */
final class Tables {
    private static final char SEP = '\u0000';
    private static final Comparator<HealthCheck> BY_CHECK_KEY = Comparator.comparing(c -> Keys.fold(c.checkId()));

    private final TreeMap<String, Node> nodes = new TreeMap<>();
    private final Map<String, TreeMap<String, NodeService>> servicesByNode = new HashMap<>();
    private final Map<String, TreeMap<String, ServiceRef>> servicesByName = new HashMap<>();
    private final Map<String, TreeMap<String, HealthCheck>> checksByNode = new HashMap<>();
    /**
     * nodeKey → serviceKey ("" for node-level checks) → that instance's checks sorted by check key. The lists
     * are small and replaced on change: a list costs less heap per instance than a map (two copies of these
     * tables live in memory).
     */
    private final Map<String, Map<String, List<HealthCheck>>> checksByService = new HashMap<>();
    private final Map<String, Long> indexes = new HashMap<>();
    /** KV entries by key (case-sensitive), in key order, so a prefix is a contiguous range. */
    private final TreeMap<String, KvEntry> kv = new TreeMap<>();
    private final TreeMap<String, KvTombstone> tombstones = new TreeMap<>();
    /** KV key → wall-clock millis before which no session may acquire it. */
    private final Map<String, Long> lockDelays = new HashMap<>();
    /** Sessions by ID, in ID order (Consul's list order), and their secondary indexes. */
    private final TreeMap<String, Session> sessions = new TreeMap<>();
    private final Map<String, TreeSet<String>> sessionsByNode = new HashMap<>();
    /** nodeKey + SEP + checkKey → the sessions linked to that check. */
    private final Map<String, TreeSet<String>> sessionsByCheck = new HashMap<>();
    /** session ID → the KV keys it holds. */
    private final Map<String, TreeSet<String>> keysBySession = new HashMap<>();
    private int instanceCount;

    Node node(String nodeKey) {
        return nodes.get(nodeKey);
    }

    Collection<Node> nodes() {
        return nodes.values();
    }

    Collection<NodeService> services(String nodeKey) {
        TreeMap<String, NodeService> m = servicesByNode.get(nodeKey);
        return m == null ? List.of() : m.values();
    }

    NodeService service(String nodeKey, String serviceKey) {
        TreeMap<String, NodeService> m = servicesByNode.get(nodeKey);
        return m == null ? null : m.get(serviceKey);
    }

    /** Instances of one service name, ordered by node then ID. */
    Collection<ServiceRef> instances(String serviceName) {
        TreeMap<String, ServiceRef> m = servicesByName.get(Keys.fold(serviceName));
        return m == null ? List.of() : m.values();
    }

    Collection<HealthCheck> checks(String nodeKey) {
        TreeMap<String, HealthCheck> m = checksByNode.get(nodeKey);
        return m == null ? List.of() : m.values();
    }

    /** The checks of one service instance, by check ID. */
    Collection<HealthCheck> serviceChecks(String nodeKey, String serviceKey) {
        Map<String, List<HealthCheck>> byService = checksByService.get(nodeKey);
        return byService == null ? List.of() : byService.getOrDefault(serviceKey, List.of());
    }

    /** The node-level checks of one node, by check ID. */
    Collection<HealthCheck> nodeLevelChecks(String nodeKey) {
        return serviceChecks(nodeKey, "");
    }

    HealthCheck check(String nodeKey, String checkKey) {
        TreeMap<String, HealthCheck> m = checksByNode.get(nodeKey);
        return m == null ? null : m.get(checkKey);
    }

    /** How many service instances exist, over all nodes. */
    int instanceCount() {
        return instanceCount;
    }

    long index(String name) {
        return indexes.getOrDefault(name, 0L);
    }

    KvEntry kv(String key) {
        return kv.get(key);
    }

    /** The KV entries whose key starts with {@code prefix}, in key order ("" for all). */
    Collection<KvEntry> kvWithPrefix(String prefix) {
        return withPrefix(kv, prefix).values();
    }

    /** The tombstones whose key starts with {@code prefix}, in key order. */
    Collection<KvTombstone> tombstonesWithPrefix(String prefix) {
        return withPrefix(tombstones, prefix).values();
    }

    /** Wall-clock millis before which the key cannot be acquired; 0 when it has no lock-delay. */
    long lockDelay(String key) {
        return lockDelays.getOrDefault(key, 0L);
    }

    /** Every lock-delay (key → until millis). */
    Map<String, Long> lockDelays() {
        return lockDelays;
    }

    Session session(String id) {
        return sessions.get(id);
    }

    /** Every session, in ID order. */
    Collection<Session> sessions() {
        return sessions.values();
    }

    /** The IDs of the sessions of one node, in ID order. */
    Collection<String> sessionsOfNode(String nodeKey) {
        TreeSet<String> ids = sessionsByNode.get(nodeKey);
        return ids == null ? List.of() : ids;
    }

    /** The IDs of the sessions linked to one check. */
    Collection<String> sessionsOfCheck(String nodeKey, String checkKey) {
        TreeSet<String> ids = sessionsByCheck.get(nodeKey + SEP + checkKey);
        return ids == null ? List.of() : ids;
    }

    /** The KV keys a session holds, in key order. */
    Collection<String> keysHeldBy(String sessionId) {
        TreeSet<String> keys = keysBySession.get(sessionId);
        return keys == null ? List.of() : keys;
    }

    private static <V> SortedMap<String, V> withPrefix(TreeMap<String, V> map, String prefix) {
        if (prefix.isEmpty()) {
            return map;
        }
        // every key with the prefix sorts at or after it and before the shortest string above all of them:
        // the prefix cut after its last char below U+FFFF, that char incremented
        int i = prefix.length() - 1;
        while (i >= 0 && prefix.charAt(i) == Character.MAX_VALUE) {
            i--;
        }
        if (i < 0) {
            return map.tailMap(prefix);
        }
        return map.subMap(prefix, prefix.substring(0, i) + (char) (prefix.charAt(i) + 1));
    }

    /** Applies one mutation and returns the mutation that undoes it. */
    Mutation apply(Mutation m) {
        if (m instanceof Mutation.PutNode p) {
            String key = Keys.fold(p.node().node());
            Node old = nodes.put(key, p.node());
            return old == null ? new Mutation.DeleteNode(key) : new Mutation.PutNode(old);
        } else if (m instanceof Mutation.DeleteNode d) {
            Node old = nodes.remove(d.nodeKey());
            return old == null ? d : new Mutation.PutNode(old);
        } else if (m instanceof Mutation.PutService p) {
            String serviceKey = Keys.fold(p.service().id());
            NodeService old = removeService(p.nodeKey(), serviceKey);
            servicesByNode.computeIfAbsent(p.nodeKey(), k -> new TreeMap<>()).put(serviceKey, p.service());
            servicesByName.computeIfAbsent(Keys.fold(p.service().service()), k -> new TreeMap<>())
                    .put(p.nodeKey() + SEP + serviceKey, new ServiceRef(p.nodeKey(), p.service()));
            if (old == null) {
                instanceCount++;
                return new Mutation.DeleteService(p.nodeKey(), serviceKey);
            }
            return new Mutation.PutService(p.nodeKey(), old);
        } else if (m instanceof Mutation.DeleteService d) {
            NodeService old = removeService(d.nodeKey(), d.serviceKey());
            if (old == null) {
                return d;
            }
            instanceCount--;
            return new Mutation.PutService(d.nodeKey(), old);
        } else if (m instanceof Mutation.PutCheck p) {
            String nodeKey = Keys.fold(p.check().node());
            String checkKey = Keys.fold(p.check().checkId());
            HealthCheck old = checksByNode.computeIfAbsent(nodeKey, k -> new TreeMap<>()).put(checkKey, p.check());
            if (old != null) {
                unindexCheck(nodeKey, checkKey, old);
            }
            indexCheck(nodeKey, p.check());
            return old == null ? new Mutation.DeleteCheck(nodeKey, checkKey) : new Mutation.PutCheck(old);
        } else if (m instanceof Mutation.DeleteCheck d) {
            TreeMap<String, HealthCheck> checks = checksByNode.get(d.nodeKey());
            HealthCheck old = checks == null ? null : checks.remove(d.checkKey());
            if (checks != null && checks.isEmpty()) {
                checksByNode.remove(d.nodeKey());
            }
            if (old != null) {
                unindexCheck(d.nodeKey(), d.checkKey(), old);
            }
            return old == null ? d : new Mutation.PutCheck(old);
        } else if (m instanceof Mutation.PutKv p) {
            KvEntry old = kv.put(p.entry().key(), p.entry());
            unlinkHolder(old);
            link(keysBySession, p.entry().session(), p.entry().key());
            return old == null ? new Mutation.DeleteKv(p.entry().key()) : new Mutation.PutKv(old);
        } else if (m instanceof Mutation.DeleteKv d) {
            KvEntry old = kv.remove(d.key());
            unlinkHolder(old);
            return old == null ? d : new Mutation.PutKv(old);
        } else if (m instanceof Mutation.PutSession p) {
            Session old = sessions.put(p.session().id(), p.session());
            if (old != null) {
                unindexSession(old);
            }
            indexSession(p.session());
            return old == null ? new Mutation.DeleteSession(p.session().id()) : new Mutation.PutSession(old);
        } else if (m instanceof Mutation.DeleteSession d) {
            Session old = sessions.remove(d.id());
            if (old == null) {
                return d;
            }
            unindexSession(old);
            return new Mutation.PutSession(old);
        } else if (m instanceof Mutation.SetLockDelay d) {
            Long old = d.untilMillis() < 0 ? lockDelays.remove(d.key()) : lockDelays.put(d.key(), d.untilMillis());
            return new Mutation.SetLockDelay(d.key(), old == null ? -1 : old);
        } else if (m instanceof Mutation.PutTombstone p) {
            KvTombstone old = tombstones.put(p.tombstone().key(), p.tombstone());
            return old == null ? new Mutation.DeleteTombstone(p.tombstone().key()) : new Mutation.PutTombstone(old);
        } else if (m instanceof Mutation.DeleteTombstone d) {
            KvTombstone old = tombstones.remove(d.key());
            return old == null ? d : new Mutation.PutTombstone(old);
        } else {
            Mutation.SetIndex s = (Mutation.SetIndex) m;
            Long old = s.index() < 0 ? indexes.remove(s.name()) : indexes.put(s.name(), s.index());
            return new Mutation.SetIndex(s.name(), old == null ? -1 : old);
        }
    }

    private void indexSession(Session session) {
        String nodeKey = Keys.fold(session.node());
        link(sessionsByNode, nodeKey, session.id());
        for (String checkId : session.linkedChecks()) {
            link(sessionsByCheck, nodeKey + SEP + Keys.fold(checkId), session.id());
        }
    }

    private void unindexSession(Session session) {
        String nodeKey = Keys.fold(session.node());
        unlink(sessionsByNode, nodeKey, session.id());
        for (String checkId : session.linkedChecks()) {
            unlink(sessionsByCheck, nodeKey + SEP + Keys.fold(checkId), session.id());
        }
    }

    private void unlinkHolder(KvEntry entry) {
        if (entry != null && entry.locked()) {
            unlink(keysBySession, entry.session(), entry.key());
        }
    }

    /** Adds {@code value} to the set under {@code key} (nothing for an empty key: an unlocked entry's holder). */
    private static void link(Map<String, TreeSet<String>> index, String key, String value) {
        if (!key.isEmpty() && !value.isEmpty()) {
            index.computeIfAbsent(key, k -> new TreeSet<>()).add(value);
        }
    }

    private static void unlink(Map<String, TreeSet<String>> index, String key, String value) {
        TreeSet<String> values = index.get(key);
        if (values != null && values.remove(value) && values.isEmpty()) {
            index.remove(key);
        }
    }

    private void indexCheck(String nodeKey, HealthCheck check) {
        Map<String, List<HealthCheck>> byService = checksByService.computeIfAbsent(nodeKey, k -> new HashMap<>());
        List<HealthCheck> checks = new ArrayList<>(byService.getOrDefault(Keys.fold(check.serviceId()), List.of()));
        checks.add(check);
        checks.sort(BY_CHECK_KEY);
        byService.put(Keys.fold(check.serviceId()), List.copyOf(checks));
    }

    private void unindexCheck(String nodeKey, String checkKey, HealthCheck check) {
        Map<String, List<HealthCheck>> byService = checksByService.get(nodeKey);
        String serviceKey = Keys.fold(check.serviceId());
        List<HealthCheck> checks = byService == null ? null : byService.get(serviceKey);
        if (checks == null) {
            return;
        }
        List<HealthCheck> kept = checks.stream().filter(c -> !Keys.fold(c.checkId()).equals(checkKey)).toList();
        if (!kept.isEmpty()) {
            byService.put(serviceKey, kept);
        } else if (byService.remove(serviceKey) != null && byService.isEmpty()) {
            checksByService.remove(nodeKey);
        }
    }

    private NodeService removeService(String nodeKey, String serviceKey) {
        TreeMap<String, NodeService> byId = servicesByNode.get(nodeKey);
        NodeService old = byId == null ? null : byId.remove(serviceKey);
        if (old == null) {
            return null;
        }
        if (byId.isEmpty()) {
            servicesByNode.remove(nodeKey);
        }
        String nameKey = Keys.fold(old.service());
        TreeMap<String, ServiceRef> instances = servicesByName.get(nameKey);
        instances.remove(nodeKey + SEP + serviceKey);
        if (instances.isEmpty()) {
            servicesByName.remove(nameKey);
        }
        return old;
    }
}
