package dev.muster.state;

import dev.muster.model.HealthCheck;
import dev.muster.model.Indexes;
import dev.muster.model.Keys;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.store.Mutation;
import java.util.List;

/**
 * Catalog write operations on a {@link Txn}: Consul's ensureNode/ensureService/ensureCheck and the
 * delete cascade, with its index bump rules (a node-level check change moves the index of every service
 * on that node; removing a service's last instance moves the extinction index). Writes that change
 * nothing add no mutation. Stateless.
 */
final class CatalogWrites {
    private CatalogWrites() {
    }

    static void ensureNode(Txn txn, Node node) {
        String key = Keys.fold(node.node());
        for (Node other : txn.tables.nodes()) {
            if (!node.id().isEmpty() && node.id().equalsIgnoreCase(other.id()) && !Keys.fold(other.node()).equals(key)) {
                throw new WriteRejected("Node name " + node.node() + " is reserved by node " + other.id()
                        + " with name " + other.node());
            }
        }
        Node existing = txn.tables.node(key);
        Node updated = node.withIndexes(Indexes.at(txn.index, existing == null ? null : existing.indexes()));
        if (updated.sameAs(existing)) {
            return;
        }
        txn.put(new Mutation.PutNode(updated));
        txn.touch(IndexTable.NODES);
        touchServicesOfNode(txn, key);
    }

    static void ensureService(Txn txn, String nodeName, NodeService service) {
        String nodeKey = requireNode(txn, nodeName);
        String serviceKey = Keys.fold(service.id());
        NodeService existing = txn.tables.service(nodeKey, serviceKey);
        NodeService updated = service.withIndexes(Indexes.at(txn.index, existing == null ? null : existing.indexes()));
        if (updated.sameAs(existing)) {
            return;
        }
        txn.put(new Mutation.PutService(nodeKey, updated));
        txn.touch(IndexTable.SERVICES);
        txn.touch(IndexTable.service(updated.service()));
        if (existing != null && !Keys.fold(existing.service()).equals(Keys.fold(updated.service()))) {
            touchOrExtinguish(txn, existing.service());
        }
        for (HealthCheck check : List.copyOf(txn.tables.checks(nodeKey))) {
            if (Keys.fold(check.serviceId()).equals(serviceKey)) {
                HealthCheck attached = check.withService(updated);
                if (!attached.sameAs(check)) {
                    txn.put(new Mutation.PutCheck(attached.withIndexes(Indexes.at(txn.index, check.indexes()))));
                    txn.touch(IndexTable.CHECKS);
                }
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
        txn.put(new Mutation.PutCheck(updated));
        touchForCheck(txn, nodeKey, updated);
        if (existing != null && !Keys.fold(existing.serviceId()).equals(Keys.fold(updated.serviceId()))) {
            touchForCheck(txn, nodeKey, existing);
        }
    }

    static void deleteService(Txn txn, String nodeName, String serviceId) {
        String nodeKey = Keys.fold(nodeName);
        String serviceKey = Keys.fold(serviceId);
        NodeService existing = txn.tables.service(nodeKey, serviceKey);
        if (existing == null) {
            return;
        }
        for (HealthCheck check : List.copyOf(txn.tables.checks(nodeKey))) {
            if (Keys.fold(check.serviceId()).equals(serviceKey)) {
                txn.put(new Mutation.DeleteCheck(nodeKey, Keys.fold(check.checkId())));
                txn.touch(IndexTable.CHECKS);
            }
        }
        txn.put(new Mutation.DeleteService(nodeKey, serviceKey));
        txn.touch(IndexTable.SERVICES);
        touchOrExtinguish(txn, existing.service());
    }

    static void deleteCheck(Txn txn, String nodeName, String checkId) {
        String nodeKey = Keys.fold(nodeName);
        HealthCheck existing = txn.tables.check(nodeKey, Keys.fold(checkId));
        if (existing == null) {
            return;
        }
        txn.put(new Mutation.DeleteCheck(nodeKey, Keys.fold(checkId)));
        touchForCheck(txn, nodeKey, existing);
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
            txn.put(new Mutation.DeleteCheck(nodeKey, Keys.fold(check.checkId())));
            txn.touch(IndexTable.CHECKS);
        }
        txn.put(new Mutation.DeleteNode(nodeKey));
        txn.touch(IndexTable.NODES);
    }

    private static String requireNode(Txn txn, String nodeName) {
        String nodeKey = Keys.fold(nodeName);
        if (txn.tables.node(nodeKey) == null) {
            throw new WriteRejected("Missing node registration");
        }
        return nodeKey;
    }

    private static void touchForCheck(Txn txn, String nodeKey, HealthCheck check) {
        txn.touch(IndexTable.CHECKS);
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
