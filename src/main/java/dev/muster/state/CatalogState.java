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
import java.util.concurrent.CompletableFuture;
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
     * index of the services and nodes tables, because node fields (meta) can decide which instances count.
     */
    public Indexed<List<ServiceNode>> allInstances(WatchSet ws, Map<String, String> nodeMeta) {
        return store.read(ws, v -> {
            long index = Math.max(v.watch(IndexTable.SERVICES), v.watch(IndexTable.NODES));
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

    /** One node with its services, or a null value when unknown; index of the nodes and services tables. */
    public Indexed<NodeServices> nodeServices(WatchSet ws, String nodeName) {
        return store.read(ws, v -> {
            long index = Math.max(v.watch(IndexTable.NODES), v.watch(IndexTable.SERVICES));
            Node node = v.tables.node(Keys.fold(nodeName));
            if (node == null) {
                return new Indexed<>(null, index);
            }
            return new Indexed<>(new NodeServices(node, List.copyOf(v.tables.services(Keys.fold(nodeName)))), index);
        });
    }

    /** The index for one service name: its own entry, or the last-extinction index when it has none. */
    static long serviceIndex(ReadView v, String serviceName) {
        long own = v.watch(IndexTable.service(serviceName));
        return own > 0 ? own : v.tables.index(IndexTable.SERVICE_EXTINCTION);
    }

    /** The index of {@code key}, or of key and nodes table when a node-meta filter makes node changes matter. */
    static long indexWithNodeMeta(ReadView v, String key, Map<String, String> nodeMeta) {
        long index = v.watch(key);
        return nodeMeta.isEmpty() ? index : Math.max(index, v.watch(IndexTable.NODES));
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
