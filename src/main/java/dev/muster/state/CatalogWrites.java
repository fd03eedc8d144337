package dev.muster.state;

import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.Keys;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.store.Mutation;
import java.util.List;

/**
 * Catalog write operations on a {@link Txn}: Consul's ensureNode/ensureService/ensureCheck and the
 * delete cascade, with its index bump rules (a node-level check change moves the index of every service
 * on that node; removing a service's last instance moves the extinction index) and the watch-only keys
 * of the node and of the check states involved. A check written as critical or removed, and a removed node, end
 * the sessions linked to them in the same operation ({@link SessionWrites}). Writes that change nothing add no
 * mutation. Stateless.
 */
final class CatalogWrites {
    private CatalogWrites() {
    }

    /**
     * Consul's ensureNodeTxn: a node ID owns its node; registering a known ID under a new name renames the
     * node (the old one is deleted with everything on it), and a name whose node has another ID and a
     * non-critical serfHealth is reserved.
     */
    static void ensureNode(Txn txn, Node node) {
        String key = Keys.fold(node.node());
        Node existing = null;
        if (!node.id().isEmpty()) {
            Node byId = nodeById(txn.tables, node.id());
            if (byId != null && !Keys.fold(byId.node()).equals(key)) {
                ensureNameFree(txn, node, false, "Error while renaming Node ID: \"" + node.id() + "\" (" + node.address() + "): ");
                deleteNode(txn, byId.node());
            } else if (byId == null) {
                ensureNameFree(txn, node, true, "Error while renaming Node ID: \"" + node.id() + "\": ");
            } else {
                existing = byId;
            }
        }
        if (existing == null) {
            existing = txn.tables.node(key);
        }
        Node updated = node.withIndexes(Indexes.at(txn.index, existing == null ? null : existing.indexes()));
        if (updated.sameAs(existing)) {
            return;
        }
        txn.put(new Mutation.PutNode(txn.intern.node(updated)));
        txn.touch(IndexTable.NODES);
        txn.notify(IndexTable.nodeWatch(node.node()));
        touchServicesOfNode(txn, key);
    }

    static Node nodeById(Tables tables, String id) {
        for (Node n : tables.nodes()) {
            if (n.id().equalsIgnoreCase(id)) {
                return n;
            }
        }
        return null;
    }

    /** Consul's ensureNoNodeWithSimilarNameTxn: a live node (serfHealth not critical) keeps its name. */
    private static void ensureNameFree(Txn txn, Node node, boolean allowClashWithoutId, String prefix) {
        Node other = txn.tables.node(Keys.fold(node.node()));
        if (other == null || other.id().equalsIgnoreCase(node.id()) || (other.id().isEmpty() && allowClashWithoutId)) {
            return;
        }
        HealthCheck serf = txn.tables.check(Keys.fold(other.node()), Keys.fold(HealthCheck.SERF_HEALTH));
        if (serf != null && serf.status() != HealthStatus.CRITICAL) {
            throw new WriteRejected(prefix + "Node name " + node.node() + " is reserved by node " + other.id()
                    + " with name " + other.node() + " (" + other.address() + ")");
        }
    }

    static void ensureService(Txn txn, String nodeName, NodeService service) {
        String nodeKey = requireNode(txn, nodeName);
        String serviceKey = Keys.fold(service.id());
        NodeService existing = txn.tables.service(nodeKey, serviceKey);
        NodeService updated = service.withIndexes(Indexes.at(txn.index, existing == null ? null : existing.indexes()));
        if (updated.sameAs(existing)) {
            return;
        }
        txn.put(new Mutation.PutService(nodeKey, txn.intern.service(updated)));
        txn.touch(IndexTable.SERVICES);
        txn.touch(IndexTable.service(updated.service()));
        txn.notify(IndexTable.nodeWatch(nodeName));
        if (existing != null && !Keys.fold(existing.service()).equals(Keys.fold(updated.service()))) {
            touchOrExtinguish(txn, existing.service());
        }
        for (HealthCheck check : List.copyOf(txn.tables.serviceChecks(nodeKey, serviceKey))) {
            HealthCheck attached = check.withService(updated);
            if (!attached.sameAs(check)) {
                putCheck(txn, nodeKey, attached.withIndexes(Indexes.at(txn.index, check.indexes())), check);
            }
        }
    }

    static void ensureCheck(Txn txn, HealthCheck check) {
        String nodeKey = requireNode(txn, check.node());
        HealthCheck attached = check;
        if (!check.isNodeLevel()) {
            NodeService service = txn.tables.service(nodeKey, Keys.fold(check.serviceId()));
            if (service == null) {
                throw new WriteRejected("Missing service registration");
            }
            attached = check.withService(service);
        }
        HealthCheck existing = txn.tables.check(nodeKey, Keys.fold(check.checkId()));
        HealthCheck updated = attached.withIndexes(Indexes.at(txn.index, existing == null ? null : existing.indexes()));
        if (updated.sameAs(existing)) {
            return;
        }
        putCheck(txn, nodeKey, updated, existing);
    }

    static void deleteService(Txn txn, String nodeName, String serviceId) {
        String nodeKey = Keys.fold(nodeName);
        String serviceKey = Keys.fold(serviceId);
        NodeService existing = txn.tables.service(nodeKey, serviceKey);
        if (existing == null) {
            return;
        }
        for (HealthCheck check : List.copyOf(txn.tables.serviceChecks(nodeKey, serviceKey))) {
            removeCheck(txn, nodeKey, check, false);
        }
        txn.put(new Mutation.DeleteService(nodeKey, serviceKey));
        txn.touch(IndexTable.SERVICES);
        txn.notify(IndexTable.nodeWatch(nodeName));
        touchOrExtinguish(txn, existing.service());
    }

    static void deleteCheck(Txn txn, String nodeName, String checkId) {
        String nodeKey = Keys.fold(nodeName);
        HealthCheck existing = txn.tables.check(nodeKey, Keys.fold(checkId));
        if (existing != null) {
            removeCheck(txn, nodeKey, existing, true);
        }
    }

    static void deleteNode(Txn txn, String nodeName) {
        String nodeKey = Keys.fold(nodeName);
        if (txn.tables.node(nodeKey) == null) {
            return;
        }
        for (NodeService service : List.copyOf(txn.tables.services(nodeKey))) {
            deleteService(txn, nodeName, service.id());
        }
        for (HealthCheck check : List.copyOf(txn.tables.checks(nodeKey))) {
            removeCheck(txn, nodeKey, check, false);
        }
        SessionWrites.nodeRemoved(txn, nodeKey);
        txn.put(new Mutation.DeleteNode(nodeKey));
        txn.touch(IndexTable.NODES);
        txn.notify(IndexTable.nodeWatch(nodeName));
    }

    private static String requireNode(Txn txn, String nodeName) {
        String nodeKey = Keys.fold(nodeName);
        if (txn.tables.node(nodeKey) == null) {
            throw new WriteRejected("Missing node registration");
        }
        return nodeKey;
    }

    private static void putCheck(Txn txn, String nodeKey, HealthCheck updated, HealthCheck existing) {
        txn.put(new Mutation.PutCheck(txn.intern.check(updated)));
        SessionWrites.checkCritical(txn, updated);
        touchForCheck(txn, nodeKey, updated);
        if (existing != null) {
            txn.notify(IndexTable.checkStateWatch(existing.status().wire()));
            if (!Keys.fold(existing.serviceId()).equals(Keys.fold(updated.serviceId()))) {
                touchForCheck(txn, nodeKey, existing);
            }
        }
    }

    /** Deletes a check; {@code touchServices} is false when the caller moves those indexes itself. */
    private static void removeCheck(Txn txn, String nodeKey, HealthCheck check, boolean touchServices) {
        txn.put(new Mutation.DeleteCheck(nodeKey, Keys.fold(check.checkId())));
        SessionWrites.checkRemoved(txn, nodeKey, Keys.fold(check.checkId()));
        if (touchServices) {
            touchForCheck(txn, nodeKey, check);
        } else {
            txn.touch(IndexTable.CHECKS);
            txn.notify(IndexTable.checkStateWatch(check.status().wire()));
            txn.notify(IndexTable.nodeWatch(check.node()));
        }
    }

    private static void touchForCheck(Txn txn, String nodeKey, HealthCheck check) {
        txn.touch(IndexTable.CHECKS);
        txn.notify(IndexTable.checkStateWatch(check.status().wire()));
        txn.notify(IndexTable.nodeWatch(check.node()));
        if (check.isNodeLevel()) {
            touchServicesOfNode(txn, nodeKey);
        } else {
            NodeService service = txn.tables.service(nodeKey, Keys.fold(check.serviceId()));
            txn.touch(IndexTable.service(service != null ? service.service() : check.serviceName()));
        }
    }

    private static void touchServicesOfNode(Txn txn, String nodeKey) {
        for (NodeService service : txn.tables.services(nodeKey)) {
            txn.touch(IndexTable.service(service.service()));
        }
    }

    /** Bumps a service name's index, or removes it and bumps the extinction index when no instance is left. */
    private static void touchOrExtinguish(Txn txn, String serviceName) {
        if (txn.tables.instances(serviceName).isEmpty()) {
            txn.removeIndex(IndexTable.service(serviceName));
            txn.touch(IndexTable.SERVICE_EXTINCTION);
        } else {
            txn.touch(IndexTable.service(serviceName));
        }
    }
}
