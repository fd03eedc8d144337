package dev.muster.state;

import dev.muster.model.HealthCheck;
import dev.muster.model.KvEntry;
import dev.muster.model.Node;
import dev.muster.model.NodeService;

/** One entry of a transaction's {@code Results}, in operation order. Immutable. */
public sealed interface TxnResult {
    /** A KV entry; {@code withValue} is false for every verb but the gets (Consul returns no value then). */
    record Kv(KvEntry entry, boolean withValue) implements TxnResult {
    }

    record NodeResult(Node node) implements TxnResult {
    }

    record ServiceResult(String node, NodeService service) implements TxnResult {
    }

    record CheckResult(HealthCheck check) implements TxnResult {
    }
}
