package dev.muster.state;

import dev.muster.model.HealthCheck;
import dev.muster.model.Indexes;
import dev.muster.model.KvEntry;
import dev.muster.model.Keys;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import java.util.ArrayList;
import java.util.List;

/**
 * The verbs of {@code /v1/txn} (Consul's {@code state/txn.go}). A write transaction is one write operation: a
 * pre-check of every KV op (key present, lock-delay), then every op in order on the same {@link Txn}, so all
 * changes share one index and each op sees the ones before it; every failure is collected with its position and
 * any failure undoes the whole transaction ({@link Rejected}, which the state store rolls back). A read-only
 * transaction runs the same read verbs on the published tables. Stateless.
 */
final class TxnOps {
    /** Thrown from a write transaction with its errors, so the state store undoes every op of it. */
    static final class Rejected extends RuntimeException {
        final List<TxnOutcome.Error> errors;

        Rejected(List<TxnOutcome.Error> errors) {
            super(errors.size() + " transaction operation(s) failed", null, false, false);
            this.errors = errors;
        }
    }

    private TxnOps() {
    }

    /** Runs a write transaction; throws {@link Rejected} with every error when any op fails. */
    static List<TxnResult> write(Txn txn, List<TxnOp> ops) {
        List<TxnOutcome.Error> errors = preCheck(txn.tables, ops, txn.nowMillis);
        if (!errors.isEmpty()) {
            throw new Rejected(errors);
        }
        List<TxnResult> results = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            try {
                results.addAll(writeOne(txn, ops.get(i)));
            } catch (WriteRejected e) {
                errors.add(new TxnOutcome.Error(i, e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new Rejected(errors);
        }
        return results;
    }

    /** Runs a read-only transaction on {@code tables}: its results, or every error. */
    static TxnOutcome read(Tables tables, List<TxnOp> ops, long nowMillis) {
        List<TxnOutcome.Error> errors = preCheck(tables, ops, nowMillis);
        if (!errors.isEmpty()) {
            return new TxnOutcome(null, errors);
        }
        List<TxnResult> results = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            try {
                results.addAll(readOne(tables, ops.get(i)));
            } catch (WriteRejected e) {
                errors.add(new TxnOutcome.Error(i, e.getMessage()));
            }
        }
        return errors.isEmpty() ? new TxnOutcome(results, null) : new TxnOutcome(null, errors);
    }

    /** Consul's preCheck: every KV op but delete-tree needs a key; a lock fails while the key's lock-delay runs. */
    private static List<TxnOutcome.Error> preCheck(Tables tables, List<TxnOp> ops, long nowMillis) {
        List<TxnOutcome.Error> errors = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof TxnOp.Kv kv) {
                if (kv.key().isEmpty() && !kv.verb().equals("delete-tree")) {
                    errors.add(new TxnOutcome.Error(i, "Must provide key"));
                } else if (kv.verb().equals("lock") && tables.lockDelay(kv.key()) > nowMillis) {
                    errors.add(new TxnOutcome.Error(i, "failed to lock key " + q(kv.key()) + " due to lock delay"));
                }
            }
        }
        return errors;
    }

    private static List<TxnResult> writeOne(Txn txn, TxnOp op) {
        if (op.reads()) {
            return readOne(txn.tables, op);
        }
        if (op instanceof TxnOp.Kv kv) {
            return kvWrite(txn, kv);
        }
        if (op instanceof TxnOp.NodeOp n) {
            return nodeWrite(txn, n);
        }
        if (op instanceof TxnOp.ServiceOp s) {
            return serviceWrite(txn, s);
        }
        return checkWrite(txn, (TxnOp.CheckOp) op);
    }

    private static List<TxnResult> kvWrite(Txn txn, TxnOp.Kv op) {
        String k = q(op.key());
        switch (op.verb()) {
            case "set" -> KvWrites.set(txn, op.key(), op.value(), op.flags());
            case "cas" -> require(KvWrites.checkAndSet(txn, op.key(), op.value(), op.flags(), op.index()),
                    "failed to set key " + k + ", index is stale");
            case "lock" -> require(KvWrites.acquire(txn, op.key(), op.value(), op.flags(), op.session()),
                    "failed to lock key " + k + ", lock is already held");
            case "unlock" -> require(KvWrites.release(txn, op.key(), op.value(), op.flags(), op.session()),
                    "failed to unlock key " + k + ", lock isn't held, or is held by another session");
            case "delete" -> {
                KvWrites.delete(txn, op.key());
                return List.of();
            }
            case "delete-tree" -> {
                KvWrites.deleteTree(txn, op.key());
                return List.of();
            }
            default -> {
                // delete-cas, the last write verb
                require(KvWrites.deleteIfIndex(txn, op.key(), op.index()), "failed to delete key " + k + ", index is stale");
                return List.of();
            }
        }
        return List.of(new TxnResult.Kv(txn.tables.kv(op.key()), false));
    }

    private static List<TxnResult> readOne(Tables tables, TxnOp op) {
        if (op instanceof TxnOp.Kv kv) {
            return kvRead(tables, kv);
        }
        if (op instanceof TxnOp.NodeOp n) {
            Node node = n.node().id().isEmpty() ? tables.node(Keys.fold(n.node().node()))
                    : CatalogWrites.nodeById(tables, n.node().id());
            require(node != null, "node " + q(n.node().node()) + " doesn't exist");
            return List.of(new TxnResult.NodeResult(node));
        }
        if (op instanceof TxnOp.ServiceOp s) {
            NodeService service = tables.service(Keys.fold(s.node()), Keys.fold(s.service().id()));
            require(service != null, "service " + q(s.service().id()) + " on node " + q(s.node()) + " doesn't exist");
            return List.of(new TxnResult.ServiceResult(tables.node(Keys.fold(s.node())).node(), service));
        }
        TxnOp.CheckOp c = (TxnOp.CheckOp) op;
        HealthCheck check = tables.check(Keys.fold(c.check().node()), Keys.fold(c.check().checkId()));
        require(check != null, "check " + q(c.check().checkId()) + " on node " + q(c.check().node()) + " doesn't exist");
        return List.of(new TxnResult.CheckResult(check));
    }

    private static List<TxnResult> kvRead(Tables tables, TxnOp.Kv op) {
        String k = q(op.key());
        KvEntry entry = tables.kv(op.key());
        switch (op.verb()) {
            case "get" -> {
                require(entry != null, "key " + k + " doesn't exist");
                return List.of(new TxnResult.Kv(entry, true));
            }
            case "get-or-empty" -> {
                // a missing key answers the op's own entry (Consul 1.14+, what Vault probes for)
                KvEntry echo = entry != null ? entry
                        : new KvEntry(op.key(), null, op.flags(), op.session(), 0, new Indexes(0, op.index()));
                return List.of(new TxnResult.Kv(echo, true));
            }
            case "get-tree" -> {
                List<TxnResult> out = new ArrayList<>();
                tables.kvWithPrefix(op.key()).forEach(e -> out.add(new TxnResult.Kv(e, true)));
                return out;
            }
            case "check-index" -> {
                require(entry != null, "failed to check index, key " + k + " doesn't exist");
                require(entry.indexes().modifyIndex() == op.index(), "failed index check for key " + k
                        + ", current modify index " + entry.indexes().modifyIndex() + " != " + op.index());
                return List.of(new TxnResult.Kv(entry, false));
            }
            case "check-session" -> {
                require(entry != null, "failed to check session, key " + k + " doesn't exist");
                require(entry.session().equals(op.session()), "failed session check for key " + k
                        + ", current session " + q(entry.session()) + " != " + q(op.session()));
                return List.of(new TxnResult.Kv(entry, false));
            }
            case "check-not-exists" -> {
                require(entry == null, "key " + k + " exists");
                return List.of();
            }
            default -> throw new WriteRejected("unknown KV verb " + q(op.verb()));
        }
    }

    private static List<TxnResult> nodeWrite(Txn txn, TxnOp.NodeOp op) {
        String name = op.node().node();
        Node existing = txn.tables.node(Keys.fold(name));
        switch (op.verb()) {
            case "set" -> CatalogWrites.ensureNode(txn, op.node());
            case "cas" -> {
                require(casMatches(existing == null ? null : existing.indexes(), op.index()),
                        "failed to set node " + q(name) + ", index is stale");
                CatalogWrites.ensureNode(txn, op.node());
            }
            case "delete" -> {
                CatalogWrites.deleteNode(txn, name);
                return List.of();
            }
            case "delete-cas" -> {
                require(existing != null && existing.indexes().modifyIndex() == op.index(),
                        "failed to delete node " + q(name) + ", index is stale");
                CatalogWrites.deleteNode(txn, name);
                return List.of();
            }
            default -> throw new WriteRejected("unknown Node verb " + q(op.verb()));
        }
        return List.of(new TxnResult.NodeResult(txn.tables.node(Keys.fold(name))));
    }

    private static List<TxnResult> serviceWrite(Txn txn, TxnOp.ServiceOp op) {
        String node = op.node();
        String id = op.service().id();
        NodeService existing = txn.tables.service(Keys.fold(node), Keys.fold(id));
        String which = q(id) + " on node " + q(node);
        switch (op.verb()) {
            case "set" -> CatalogWrites.ensureService(txn, node, op.service());
            case "cas" -> {
                require(casMatches(existing == null ? null : existing.indexes(), op.index()),
                        "failed to set service " + which + ", index is stale");
                CatalogWrites.ensureService(txn, node, op.service());
            }
            case "delete" -> {
                CatalogWrites.deleteService(txn, node, id);
                return List.of();
            }
            case "delete-cas" -> {
                require(existing != null && existing.indexes().modifyIndex() == op.index(),
                        "failed to delete service " + which + ", index is stale");
                CatalogWrites.deleteService(txn, node, id);
                return List.of();
            }
            default -> throw new WriteRejected("unknown Service verb " + q(op.verb()));
        }
        return List.of(new TxnResult.ServiceResult(txn.tables.node(Keys.fold(node)).node(),
                txn.tables.service(Keys.fold(node), Keys.fold(id))));
    }

    private static List<TxnResult> checkWrite(Txn txn, TxnOp.CheckOp op) {
        HealthCheck check = op.check();
        String nodeKey = Keys.fold(check.node());
        HealthCheck existing = txn.tables.check(nodeKey, Keys.fold(check.checkId()));
        String which = q(check.checkId()) + " on node " + q(check.node());
        switch (op.verb()) {
            case "set" -> CatalogWrites.ensureCheck(txn, check);
            case "cas" -> {
                require(casMatches(existing == null ? null : existing.indexes(), op.index()),
                        "failed to set check " + which + ", index is stale");
                CatalogWrites.ensureCheck(txn, check);
            }
            case "delete" -> {
                CatalogWrites.deleteCheck(txn, check.node(), check.checkId());
                return List.of();
            }
            case "delete-cas" -> {
                require(existing != null && existing.indexes().modifyIndex() == op.index(),
                        "failed to delete check " + which + ", index is stale");
                CatalogWrites.deleteCheck(txn, check.node(), check.checkId());
                return List.of();
            }
            default -> throw new WriteRejected("unknown Check verb " + q(op.verb()));
        }
        return List.of(new TxnResult.CheckResult(txn.tables.check(nodeKey, Keys.fold(check.checkId()))));
    }

    /** Consul's CAS rule: index 0 creates only; index N needs the record at ModifyIndex N. */
    private static boolean casMatches(Indexes existing, long index) {
        return index == 0 ? existing == null : existing != null && existing.modifyIndex() == index;
    }

    private static void require(boolean ok, String otherwise) {
        if (!ok) {
            throw new WriteRejected(otherwise);
        }
    }

    private static String q(String s) {
        return KvWrites.goQuoted(s);
    }
}
