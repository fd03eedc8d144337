package dev.muster.agent;

import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.Weights;
import dev.muster.state.CatalogState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * What a Consul server agent keeps in the catalog about itself: its node (with {@code lan}/{@code wan}
 * tagged addresses and the {@code consul-network-segment} meta), a passing {@code serfHealth} check and
 * the {@code consul} service on port 8300 — so clients and templates see what they see on Consul.
 * {@link #sync()} is Consul's anti-entropy for these entries: it runs at start and periodically, puts back
 * whatever a catalog write changed, and is free when nothing changed (identical writes take no index).
 * The node ID lives in {@code <data-dir>/node-id} like Consul's, so a new node name (a new host name)
 * renames the node instead of leaving a stale one behind. Thread-safe (immutable).
 */
public final class AgentNode {
    public static final String CONSUL_SERVICE = "consul";
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F-]{36}");

    private final CatalogState catalog;
    private final String nodeId;
    private final String nodeName;
    private final String address;
    private final String datacenter;

    public AgentNode(CatalogState catalog, String nodeId, String nodeName, String address, String datacenter) {
        this.catalog = catalog;
        this.nodeId = nodeId;
        this.nodeName = nodeName;
        this.address = address;
        this.datacenter = datacenter;
    }

    /** The node ID stored in {@code dataDir/node-id}, created on first use; a fresh one when dataDir is null. */
    public static String nodeId(Path dataDir) {
        if (dataDir == null) {
            return UUID.randomUUID().toString();
        }
        Path file = dataDir.resolve("node-id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (UUID_TEXT.matcher(id).matches()) {
                    return id;
                }
                throw new IllegalStateException(file + " does not hold a node ID (a UUID): \"" + id + "\"");
            }
            String id = UUID.randomUUID().toString();
            Files.createDirectories(dataDir);
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Registers (or confirms) the agent's node, serfHealth check and consul service, in one write. When the
     * node ID is found under another name (the host was renamed), the node is renamed and the services and
     * checks registered through the agent move with it, as Consul's agent re-registers its local state.
     */
    public CompletableFuture<Boolean> sync() {
        Node node = new Node(nodeId, nodeName, address, datacenter,
                Map.of("lan", address, "lan_ipv4", address, "wan", address, "wan_ipv4", address),
                Map.of("consul-network-segment", ""), Indexes.NONE);
        NodeService consul = new NodeService("", CONSUL_SERVICE, CONSUL_SERVICE, List.of(), "", Map.of(), Map.of(),
                8300, Weights.DEFAULT, false, Indexes.NONE);
        HealthCheck serf = new HealthCheck(nodeName, HealthCheck.SERF_HEALTH, "Serf Health Status", HealthStatus.PASSING,
                "", "Agent alive and reachable", "", "", List.of(), "", CheckDefinition.EMPTY, Indexes.NONE);
        return catalog.update(txn -> {
            Node previous = txn.nodeById(nodeId);
            List<NodeService> carriedServices = List.of();
            List<HealthCheck> carriedChecks = List.of();
            if (previous != null && !previous.node().equalsIgnoreCase(nodeName)) {
                carriedServices = txn.services(previous.node()).stream()
                        .filter(s -> !s.id().equals(CONSUL_SERVICE)).toList();
                carriedChecks = txn.checks(previous.node()).stream()
                        .filter(c -> !c.checkId().equals(HealthCheck.SERF_HEALTH)).toList();
            }
            txn.ensureNode(node);
            txn.ensureService(nodeName, consul);
            txn.ensureCheck(serf);
            carriedServices.forEach(s -> txn.ensureService(nodeName, s));
            for (HealthCheck c : carriedChecks) {
                txn.ensureCheck(new HealthCheck(nodeName, c.checkId(), c.name(), c.status(), c.notes(), c.output(),
                        c.serviceId(), c.serviceName(), c.serviceTags(), c.type(), c.definition(), Indexes.NONE));
            }
            return true;
        });
    }
}
