package dev.muster.model;

import java.util.List;
import java.util.Map;

/**
 * A service instance as registered on one node (Consul's {@code structs.NodeService}). Immutable.
 *
 * @param service the service name
 */
public record NodeService(String kind, String id, String service, List<String> tags, String address,
                          Map<String, ServiceAddress> taggedAddresses, Map<String, String> meta, int port,
                          Weights weights, boolean enableTagOverride, Indexes indexes) {
    public NodeService {
        kind = kind == null ? "" : kind;
        address = address == null ? "" : address;
        tags = List.copyOf(tags);
        taggedAddresses = Map.copyOf(taggedAddresses);
        meta = Map.copyOf(meta);
        weights = weights == null ? Weights.DEFAULT : weights;
    }

    /** Same service data with other indexes. */
    public NodeService withIndexes(Indexes newIndexes) {
        return new NodeService(kind, id, service, tags, address, taggedAddresses, meta, port, weights,
                enableTagOverride, newIndexes);
    }

    /** True when both describe the same instance, ignoring indexes. */
    public boolean sameAs(NodeService other) {
        return other != null && withIndexes(Indexes.NONE).equals(other.withIndexes(Indexes.NONE));
    }
}
