package dev.muster.state;

import dev.muster.model.HealthCheck;
import dev.muster.model.Indexes;
import dev.muster.model.Keys;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import java.util.List;

/**
 * The catalog as one write operation sees it, for callers outside the state package (the local agent):
 * reads of the writer's current tables and Consul's upsert/delete verbs, all applied atomically when the
 * operation returns and undone when it throws. Valid only inside {@link CatalogState#update}; confined to
 * the writer thread.
 */
public final class CatalogTxn {
    private final Txn txn;

    CatalogTxn(Txn txn) {
        this.txn = txn;
    }

    /** The index this operation gets if it changes anything. */
    public long index() {
        return txn.index;
    }

    public Node node(String name) {
        return txn.tables.node(Keys.fold(name));
    }

    /** The node that has this ID, whatever its name; null when none. */
    public Node nodeById(String id) {
        return CatalogWrites.nodeById(txn.tables, id);
    }

    /** Consul's ensureNode, including renames by ID (the old node goes with everything on it). */
    public void ensureNode(Node node) {
        CatalogWrites.ensureNode(txn, node.withIndexes(Indexes.NONE));
    }

    public NodeService service(String node, String serviceId) {
        return txn.tables.service(Keys.fold(node), Keys.fold(serviceId));
    }

    public List<NodeService> services(String node) {
        return List.copyOf(txn.tables.services(Keys.fold(node)));
    }

    public HealthCheck check(String node, String checkId) {
        return txn.tables.check(Keys.fold(node), Keys.fold(checkId));
    }

    public List<HealthCheck> checks(String node) {
        return List.copyOf(txn.tables.checks(Keys.fold(node)));
    }

    public void ensureService(String node, NodeService service) {
        CatalogWrites.ensureService(txn, node, service.withIndexes(Indexes.NONE));
    }

    public void ensureCheck(HealthCheck check) {
        CatalogWrites.ensureCheck(txn, check.withIndexes(Indexes.NONE));
    }

    public void deleteService(String node, String serviceId) {
        CatalogWrites.deleteService(txn, node, serviceId);
    }

    public void deleteCheck(String node, String checkId) {
        CatalogWrites.deleteCheck(txn, node, checkId);
    }
}
