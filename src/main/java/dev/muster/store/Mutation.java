package dev.muster.store;

import dev.muster.model.HealthCheck;
import dev.muster.model.Node;
import dev.muster.model.NodeService;

/**
 * One row-level change. The state store computes these for a write; {@link Store#commit} persists a
 * batch of them in one transaction and the state store applies the same list to memory.
 */
public sealed interface Mutation {
    record PutNode(Node node) implements Mutation {
    }

    record DeleteNode(String nodeKey) implements Mutation {
    }

    record PutService(String nodeKey, NodeService service) implements Mutation {
    }

    record DeleteService(String nodeKey, String serviceKey) implements Mutation {
    }

    record PutCheck(HealthCheck check) implements Mutation {
    }

    record DeleteCheck(String nodeKey, String checkKey) implements Mutation {
    }

    /** Sets an index-table entry; a negative index removes it. */
    record SetIndex(String name, long index) implements Mutation {
    }
}
