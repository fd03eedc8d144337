package dev.muster.state;

import dev.muster.model.AggregatedStatus;
import dev.muster.model.CheckServiceNode;
import dev.muster.model.HealthCheck;
import dev.muster.model.Keys;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Health reads (Consul's state/catalog.go check queries), with the indexes Consul reports for them.
 * Thread-safe.
 */
public final class HealthState {
    private final StateStore store;

    HealthState(StateStore store) {
        this.store = store;
    }

    /** Node-level and service checks of one node (by name, or else by ID); checks-table index, waking only for that node. */
    public Indexed<List<HealthCheck>> nodeChecks(WatchSet ws, String nodeNameOrId) {
        return store.read(ws, v -> {
            Node node = CatalogState.nodeByNameOrId(v, nodeNameOrId);
            List<HealthCheck> checks = node == null ? List.of() : List.copyOf(v.tables.checks(Keys.fold(node.node())));
            return new Indexed<>(checks, v.tables.index(IndexTable.CHECKS));
        });
    }

    /**
     * Service-level checks of every instance of one service; checks-table index (with nodes when filtering
     * by node meta), waking only when that service or its checks change.
     */
    public Indexed<List<HealthCheck>> serviceChecks(WatchSet ws, String serviceName, Map<String, String> nodeMeta) {
        return store.read(ws, v -> {
            v.watch(IndexTable.service(serviceName));
            long index = nodeMeta.isEmpty() ? v.tables.index(IndexTable.CHECKS)
                    : Math.max(v.tables.index(IndexTable.CHECKS), v.watch(IndexTable.NODES));
            List<HealthCheck> out = new ArrayList<>();
            for (ServiceRef ref : v.tables.instances(serviceName)) {
                Node node = v.tables.node(ref.nodeKey());
                if (node != null && CatalogState.metaMatches(node, nodeMeta)) {
                    out.addAll(v.tables.serviceChecks(ref.nodeKey(), Keys.fold(ref.service().id())));
                }
            }
            return new Indexed<>(out, index);
        });
    }

    /**
     * Instances of one service with their node and checks (node-level first); per-service index, or the
     * extinction index when the service has no instance.
     */
    public Indexed<List<CheckServiceNode>> serviceNodes(WatchSet ws, String serviceName, List<String> tags,
                                                        Map<String, String> nodeMeta) {
        return store.read(ws, v -> {
            long index = CatalogState.serviceIndex(v, serviceName);
            List<CheckServiceNode> out = new ArrayList<>();
            for (ServiceRef ref : v.tables.instances(serviceName)) {
                Node node = v.tables.node(ref.nodeKey());
                if (node == null || !CatalogState.metaMatches(node, nodeMeta)
                        || !CatalogState.hasTags(ref.service(), tags)) {
                    continue;
                }
                List<HealthCheck> checks = new ArrayList<>(v.tables.nodeLevelChecks(ref.nodeKey()));
                checks.addAll(v.tables.serviceChecks(ref.nodeKey(), Keys.fold(ref.service().id())));
                out.add(new CheckServiceNode(node, ref.service(), checks));
            }
            return new Indexed<>(out, index);
        });
    }

    /**
     * Checks in one state ({@code any} for all), ordered by node then check ID; checks-table index, waking
     * only when a check enters, changes in or leaves that state.
     */
    public Indexed<List<HealthCheck>> checksInState(WatchSet ws, String state, Map<String, String> nodeMeta) {
        return store.read(ws, v -> {
            long index = "any".equals(state) ? v.watch(IndexTable.CHECKS)
                    : Math.max(v.watch(IndexTable.checkStateWatch(state)), v.tables.index(IndexTable.CHECKS));
            if (!nodeMeta.isEmpty()) {
                index = Math.max(index, v.watch(IndexTable.NODES));
            }
            List<HealthCheck> out = new ArrayList<>();
            for (Node node : v.tables.nodes()) {
                if (!CatalogState.metaMatches(node, nodeMeta)) {
                    continue;
                }
                for (HealthCheck c : v.tables.checks(Keys.fold(node.node()))) {
                    if ("any".equals(state) || c.status().wire().equals(state)) {
                        out.add(c);
                    }
                }
            }
            return new Indexed<>(out, index);
        });
    }

    /**
     * Counts every service instance by its aggregated health (node-level checks and its own, Consul's rule in
     * {@link AggregatedStatus}). One pass over nodes, services and checks under the read lock, no copies: a
     * few milliseconds at thousands of instances, meant for metrics sampled now and then, not per request.
     */
    public InstanceHealth instanceHealth() {
        return store.read(null, v -> {
            int[] counts = new int[AggregatedStatus.values().length];
            for (Node node : v.tables.nodes()) {
                String nodeKey = Keys.fold(node.node());
                Collection<NodeService> services = v.tables.services(nodeKey);
                if (services.isEmpty()) {
                    continue;
                }
                AggregatedStatus nodeStatus = AggregatedStatus.of(v.tables.nodeLevelChecks(nodeKey));
                for (NodeService service : services) {
                    AggregatedStatus own = AggregatedStatus.of(v.tables.serviceChecks(nodeKey, Keys.fold(service.id())));
                    counts[nodeStatus.worse(own).ordinal()]++;
                }
            }
            return new InstanceHealth(counts[AggregatedStatus.PASSING.ordinal()],
                    counts[AggregatedStatus.WARNING.ordinal()], counts[AggregatedStatus.CRITICAL.ordinal()],
                    counts[AggregatedStatus.MAINTENANCE.ordinal()], v.tables.index(IndexTable.GLOBAL));
        });
    }
}
