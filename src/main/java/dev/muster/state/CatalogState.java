package dev.muster.state;

import dev.muster.model.DeregisterRequest;
import dev.muster.model.HealthCheck;
import dev.muster.model.Keys;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.NodeServices;
import dev.muster.model.RegisterRequest;
import dev.muster.model.ServiceNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Catalog reads and writes (Consul's state/catalog.go). Reads return the index Consul reports for the
 * same endpoint and register what they read in the given {@link WatchSet} (null: not blocking).
 * Thread-safe.
 */
public final class CatalogState {
    private final StateStore store;

    CatalogState(StateStore store) {
        this.store = store;
    }

    /** Upserts the node (unless skipped), the service and the checks of one request, atomically. */
    public CompletableFuture<Boolean> register(RegisterRequest request) {
        return store.write(txn -> {
            Node existing = txn.tables.node(Keys.fold(request.node().node()));
            if (!request.skipNodeUpdate() || existing == null) {
                CatalogWrites.ensureNode(txn, request.node());
            }
            if (request.service() != null) {
                CatalogWrites.ensureService(txn, request.node().node(), request.service());
            }
            for (HealthCheck check : request.checks()) {
                CatalogWrites.ensureCheck(txn, check);
            }
            return true;
        });
    }

    /**
     * Runs {@code operation} as one atomic write (the local agent's register/deregister/status updates).
     * The future completes once its changes are durable, or fails with what the operation threw.
     */
    public <T> CompletableFuture<T> update(Function<CatalogTxn, T> operation) {
        return store.write(txn -> operation.apply(new CatalogTxn(txn)));
    }

    /** Removes a service (with its checks), a check, or a whole node; unknown targets are not an error. */
    public CompletableFuture<Boolean> deregister(DeregisterRequest request) {
        return store.write(txn -> {
            if (!request.serviceId().isEmpty()) {
                CatalogWrites.deleteService(txn, request.node(), request.serviceId());
            } else if (!request.checkId().isEmpty()) {
                CatalogWrites.deleteCheck(txn, request.node(), request.checkId());
            } else {
                CatalogWrites.deleteNode(txn, request.node());
            }
            return true;
        });
    }

    /**
     * A new watch set on the same keys as {@code previous} (which has fired), for a caller that must see
     * every further change before it re-reads (the renderer's quiescence).
     */
    public WatchSet rewatch(WatchSet previous) {
        WatchSet next = new WatchSet();
        store.read(next, v -> {
            previous.keys().forEach(v::watch);
            return null;
        });
        return next;
    }

    /**
     * Watches the nodes, services, checks, KV and sessions tables (any registry change) and returns the highest
     * of their indexes: for observers that re-read everything they show after a change (the UI's live updates).
     */
    public long watchEverything(WatchSet ws) {
        return store.read(ws, v -> {
            long max = 0;
            for (String table : List.of(IndexTable.NODES, IndexTable.SERVICES, IndexTable.CHECKS, IndexTable.KVS,
                    IndexTable.SESSIONS)) {
                max = Math.max(max, v.watch(table));
            }
            return max;
        });
    }

    /** All nodes by name; index of the nodes table. */
    public Indexed<List<Node>> nodes(WatchSet ws, Map<String, String> nodeMeta) {
        return store.read(ws, v -> {
            long index = v.watch(IndexTable.NODES);
            List<Node> nodes = v.tables.nodes().stream().filter(n -> metaMatches(n, nodeMeta)).toList();
            return new Indexed<>(nodes, index);
        });
    }

    /**
     * Every service instance (for {@code /v1/catalog/services}, which filters instances before grouping);
     * index of the services table, and of the nodes table too when node fields decide which instances
     * count ({@code node-meta}, or a {@code ?filter} that may select node fields).
     */
    public Indexed<List<ServiceNode>> allInstances(WatchSet ws, Map<String, String> nodeMeta, boolean nodeFieldsMatter) {
        return store.read(ws, v -> {
            long index = v.watch(IndexTable.SERVICES);
            if (nodeFieldsMatter || !nodeMeta.isEmpty()) {
                index = Math.max(index, v.watch(IndexTable.NODES));
            }
            List<ServiceNode> out = new ArrayList<>();
            for (Node node : v.tables.nodes()) {
                if (metaMatches(node, nodeMeta)) {
                    for (NodeService s : v.tables.services(Keys.fold(node.node()))) {
                        out.add(new ServiceNode(node, s));
                    }
                }
            }
            return new Indexed<>(out, index);
        });
    }

    /**
     * Every service name (any health) with its tags and instance count, sorted by folded name; index of the
     * services table. The name is spelled as the first instance (by node) spells it.
     */
    public Indexed<List<ServiceSummary>> serviceSummaries(WatchSet ws) {
        return store.read(ws, v -> {
            long index = v.watch(IndexTable.SERVICES);
            Map<String, String> names = new TreeMap<>();
            Map<String, Set<String>> tags = new TreeMap<>();
            Map<String, Integer> counts = new TreeMap<>();
            for (Node node : v.tables.nodes()) {
                for (NodeService s : v.tables.services(Keys.fold(node.node()))) {
                    String key = Keys.fold(s.service());
                    names.putIfAbsent(key, s.service());
                    tags.computeIfAbsent(key, k -> new TreeSet<>()).addAll(s.tags());
                    counts.merge(key, 1, Integer::sum);
                }
            }
            List<ServiceSummary> out = new ArrayList<>(names.size());
            names.forEach((key, name) -> out.add(new ServiceSummary(name, List.copyOf(tags.get(key)), counts.get(key))));
            return new Indexed<>(out, index);
        });
    }

    /** Instances of one service, by node then ID; per-service index (extinction index when none). */
    public Indexed<List<ServiceNode>> serviceNodes(WatchSet ws, String serviceName, List<String> tags,
                                                   Map<String, String> nodeMeta) {
        return store.read(ws, v -> {
            long index = serviceIndex(v, serviceName);
            List<ServiceNode> out = new ArrayList<>();
            for (ServiceRef ref : v.tables.instances(serviceName)) {
                Node node = v.tables.node(ref.nodeKey());
                if (node != null && metaMatches(node, nodeMeta) && hasTags(ref.service(), tags)) {
                    out.add(new ServiceNode(node, ref.service()));
                }
            }
            return new Indexed<>(out, index);
        });
    }

    /**
     * One node (by name, or else by ID) with its services, or a null value when unknown; index of the
     * nodes and services tables, waking only on changes of that node.
     */
    public Indexed<NodeServices> nodeServices(WatchSet ws, String nodeNameOrId) {
        return store.read(ws, v -> {
            long index = Math.max(v.tables.index(IndexTable.NODES), v.tables.index(IndexTable.SERVICES));
            Node node = nodeByNameOrId(v, nodeNameOrId);
            if (node == null) {
                return new Indexed<>(null, index);
            }
            return new Indexed<>(new NodeServices(node, List.copyOf(v.tables.services(Keys.fold(node.node())))), index);
        });
    }

    /**
     * Consul looks a node up by name and falls back to its ID. Watches the node's key (and, for an
     * unknown node, the nodes table, so a node registered later under that ID is seen).
     */
    static Node nodeByNameOrId(ReadView v, String nameOrId) {
        v.watch(IndexTable.nodeWatch(nameOrId));
        Node node = v.tables.node(Keys.fold(nameOrId));
        if (node == null) {
            node = CatalogWrites.nodeById(v.tables, nameOrId);
            if (node != null) {
                v.watch(IndexTable.nodeWatch(node.node()));
            } else {
                v.watch(IndexTable.NODES);
            }
        }
        return node;
    }

    /** The index for one service name: its own entry, or the last-extinction index when it has none. */
    static long serviceIndex(ReadView v, String serviceName) {
        long own = v.watch(IndexTable.service(serviceName));
        return own > 0 ? own : v.tables.index(IndexTable.SERVICE_EXTINCTION);
    }

    static boolean metaMatches(Node node, Map<String, String> nodeMeta) {
        for (Map.Entry<String, String> e : nodeMeta.entrySet()) {
            if (!e.getValue().equals(node.meta().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Case-insensitive AND of the requested tags (Consul's ServiceTagNodes). */
    static boolean hasTags(NodeService service, List<String> tags) {
        if (tags.isEmpty()) {
            return true;
        }
        Set<String> have = service.tags().stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return tags.stream().allMatch(t -> have.contains(t.toLowerCase(Locale.ROOT)));
    }
}
