package dev.muster.state;

import dev.muster.model.HealthCheck;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import java.util.Set;

/**
 * One operation of a {@code /v1/txn} transaction (Consul's {@code structs.TxnOp}): a verb on a KV entry, a node,
 * a service or a check. Verbs are kept as sent, so an unknown one fails inside the transaction with Consul's
 * text. Immutable.
 */
public sealed interface TxnOp {
    /** The KV verbs that write; any other verb, unknown ones included, counts as a read (Consul's rule). */
    Set<String> KV_WRITE_VERBS = Set.of("set", "cas", "lock", "unlock", "delete", "delete-tree", "delete-cas");

    String verb();

    /** True when the verb does not write (a transaction of such operations takes the read path, with no index). */
    boolean reads();

    /**
     * A KV operation; {@code index} is the CAS or check index, {@code flags} unsigned, {@code value} null for none.
     */
    record Kv(String verb, String key, byte[] value, long flags, long index, String session) implements TxnOp {
        @Override
        public boolean reads() {
            return !KV_WRITE_VERBS.contains(verb);
        }
    }

    /** A node operation; {@code index} is the node's ModifyIndex for {@code cas} and {@code delete-cas}. */
    record NodeOp(String verb, Node node, long index) implements TxnOp {
        @Override
        public boolean reads() {
            return verb.equals("get");
        }
    }

    /** A service operation on one node. */
    record ServiceOp(String verb, String node, NodeService service, long index) implements TxnOp {
        @Override
        public boolean reads() {
            return verb.equals("get");
        }
    }

    /** A check operation; the check names its node. */
    record CheckOp(String verb, HealthCheck check, long index) implements TxnOp {
        @Override
        public boolean reads() {
            return verb.equals("get");
        }
    }
}
