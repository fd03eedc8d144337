package dev.muster.agent;

import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.RegisterRequest;
import dev.muster.model.Weights;
import dev.muster.state.CatalogState;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What a Consul server agent puts in the catalog about itself: its node (with the {@code lan}/{@code wan}
 * tagged addresses and the {@code consul-network-segment} meta), a passing {@code serfHealth} check and
 * the {@code consul} service on port 8300 — so clients and templates see what they see on Consul.
 * Re-registering identical data at each start changes nothing (no index bump).
 */
public final class AgentNode {
    public static final String SERF_CHECK_ID = "serfHealth";
    public static final String CONSUL_SERVICE = "consul";

    private AgentNode() {
    }

    /** Registers (or confirms) the agent's node; keeps the node ID it had, or makes a new one. */
    public static CompletableFuture<Boolean> register(CatalogState catalog, Node existing, String nodeName,
                                                      String address, String datacenter) {
        String id = existing != null && !existing.id().isEmpty() ? existing.id() : UUID.randomUUID().toString();
        Node node = new Node(id, nodeName, address, datacenter,
                Map.of("lan", address, "lan_ipv4", address, "wan", address, "wan_ipv4", address),
                Map.of("consul-network-segment", ""), Indexes.NONE);
        NodeService consul = new NodeService("", CONSUL_SERVICE, CONSUL_SERVICE, List.of(), "", Map.of(), Map.of(),
                8300, Weights.DEFAULT, false, Indexes.NONE);
        HealthCheck serf = new HealthCheck(nodeName, SERF_CHECK_ID, "Serf Health Status", HealthStatus.PASSING, "",
                "Agent alive and reachable", "", "", List.of(), "", CheckDefinition.EMPTY, Indexes.NONE);
        return catalog.register(new RegisterRequest(node, false, consul, List.of(serf)));
    }
}
