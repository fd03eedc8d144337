package dev.muster.model;

import java.util.List;

/** A node with all its service instances (Consul's {@code NodeServices}). */
public record NodeServices(Node node, List<NodeService> services) {
    public NodeServices {
        services = List.copyOf(services);
    }
}
