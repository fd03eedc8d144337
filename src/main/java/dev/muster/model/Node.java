package dev.muster.model;

import java.util.Map;

/**
 * A catalog node (Consul's {@code structs.Node}). Immutable; maps are unmodifiable copies.
 *
 * @param id UUID of the node or "" when the registration gave none
 */
public record Node(String id, String node, String address, String datacenter,
                   Map<String, String> taggedAddresses, Map<String, String> meta, Indexes indexes) {
    public Node {
        id = id == null ? "" : id;
        taggedAddresses = Map.copyOf(taggedAddresses);
        meta = Map.copyOf(meta);
    }

    /** Same node data with other indexes. */
    public Node withIndexes(Indexes newIndexes) {
        return new Node(id, node, address, datacenter, taggedAddresses, meta, newIndexes);
    }

    /**
     * True when both describe the same node, ignoring indexes and the case of the name (Consul's
     * {@code ChangesNode} compares names with EqualFold).
     */
    public boolean sameAs(Node other) {
        return other != null && node.equalsIgnoreCase(other.node())
                && new Node(id, other.node, address, datacenter, taggedAddresses, meta, Indexes.NONE)
                        .equals(other.withIndexes(Indexes.NONE));
    }
}
