package dev.muster.model;

/** One service instance with the node it runs on (Consul's {@code ServiceNode}, flattened on the wire). */
public record ServiceNode(Node node, NodeService service) {
}
