package dev.muster.ui;

import dev.muster.agent.CheckRegistration;
import dev.muster.agent.LocalAgent;
import dev.muster.agent.ServiceRegistration;
import dev.muster.model.AggregatedStatus;
import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthCheck;
import dev.muster.model.Indexes;
import dev.muster.model.NodeService;
import dev.muster.model.ServiceAddress;
import dev.muster.model.Weights;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The platform page's virtual hosts, stored as ordinary registry entries so every Consul client sees them
 * and the renderer treats them like any other change:
 * <ul>
 *   <li>each backend is an agent service on Muster's own node: {@code Name} = the virtual host's name,
 *       {@code ID} = {@code <name>@<address>:<port>}, {@code Address}/{@code Port} = the backend,
 *       {@code Weights.Passing} = its weight, tag {@value #TAG};</li>
 *   <li>the virtual host's settings ride on every backend's {@code Meta}: {@value #META_SERVER_NAMES}
 *       (space-separated), {@value #META_LISTEN}, {@value #META_PATH}, {@value #META_HEALTH_PATH};</li>
 *   <li>each backend gets an HTTP check of {@code http://<address>:<port><health path>} (a TCP check when
 *       there is no health path), every {@link #CHECK_INTERVAL}, run by Muster's agent;</li>
 *   <li>draining a backend is the agent's service maintenance mode (a critical {@code _service_maintenance}
 *       check), so templates drop it like any unhealthy instance.</li>
 * </ul>
 * Only the local agent's services are managed here, so every change goes through {@link LocalAgent}.
 */
final class VirtualHosts {
    static final String TAG = "muster-vhost";
    static final String META_SERVER_NAMES = "vhost_server_names";
    static final String META_LISTEN = "vhost_listen";
    static final String META_PATH = "vhost_path";
    static final String META_HEALTH_PATH = "vhost_health_path";
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);
    private static final String DRAIN_REASON = "drained from the Muster UI";

    private final LocalAgent agent;

    VirtualHosts(LocalAgent agent) {
        this.agent = agent;
    }

    /** Every virtual host of the local agent, by name. */
    List<VirtualHost> list() {
        Map<String, List<HealthCheck>> checksByService = agent.checks().values().stream()
                .collect(Collectors.groupingBy(HealthCheck::serviceId));
        Map<String, List<NodeService>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (NodeService s : agent.services().values()) {
            if (s.tags().contains(TAG)) {
                byName.computeIfAbsent(s.service(), k -> new ArrayList<>()).add(s);
            }
        }
        List<VirtualHost> out = new ArrayList<>();
        byName.forEach((name, services) -> out.add(virtualHost(services, checksByService)));
        return out;
    }

    Optional<VirtualHost> get(String name) {
        return list().stream().filter(v -> v.name().equalsIgnoreCase(name)).findFirst();
    }

    private static VirtualHost virtualHost(List<NodeService> services, Map<String, List<HealthCheck>> checksByService) {
        services.sort(Comparator.comparing(NodeService::id));
        NodeService first = services.get(0);
        Map<String, String> meta = first.meta();
        List<VirtualHost.Backend> backends = new ArrayList<>();
        for (NodeService s : services) {
            List<HealthCheck> own = checksByService.getOrDefault(s.id(), List.of());
            boolean draining = own.stream().anyMatch(HealthCheck::isMaintenance);
            String output = own.stream().filter(c -> !c.isMaintenance()).map(HealthCheck::output).findFirst().orElse("");
            backends.add(new VirtualHost.Backend(s.id(), s.address(), s.port(), s.weights().passing(),
                    AggregatedStatus.of(own), draining, output));
        }
        String names = meta.getOrDefault(META_SERVER_NAMES, "");
        return new VirtualHost(first.service(), names.isBlank() ? List.of() : Arrays.asList(names.trim().split("\\s+")),
                meta.getOrDefault(META_LISTEN, "80"), meta.getOrDefault(META_PATH, "/"),
                meta.getOrDefault(META_HEALTH_PATH, ""), backends);
    }

    /**
     * Registers every backend of a validated virtual host in one write: a new virtual host, more backends of
     * an existing one, or an edited one (its settings ride on every backend, so an edit re-registers them all;
     * check IDs stay, so checks keep their status, and a drained backend stays drained). Watchers and the
     * renderer see one change.
     */
    CompletableFuture<Void> register(VirtualHost vhost) {
        return agent.registerServices(vhost.backends().stream().map(b -> registration(vhost, b)).toList(), true);
    }

    CompletableFuture<Void> removeBackend(String backendId) {
        return agent.deregisterService(backendId);
    }

    CompletableFuture<Void> drain(String backendId, boolean drain) {
        return agent.serviceMaintenance(backendId, drain, DRAIN_REASON);
    }

    CompletableFuture<Void> delete(VirtualHost vhost) {
        return CompletableFuture.allOf(vhost.backends().stream()
                .map(b -> agent.deregisterService(b.id())).toArray(CompletableFuture[]::new));
    }

    static String backendId(String vhostName, String address, int port) {
        return vhostName + "@" + new ServiceAddress(address, port).hostPort();
    }

    private static ServiceRegistration registration(VirtualHost vhost, VirtualHost.Backend backend) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(META_SERVER_NAMES, String.join(" ", vhost.serverNames()));
        meta.put(META_LISTEN, vhost.listen());
        meta.put(META_PATH, vhost.path());
        meta.put(META_HEALTH_PATH, vhost.healthPath());
        NodeService service = new NodeService("", backend.id(), vhost.name(), List.of(TAG), backend.address(), Map.of(),
                meta, backend.port(), new Weights(backend.weight(), Weights.DEFAULT.warning()), false, Indexes.NONE);
        boolean http = !vhost.healthPath().isEmpty();
        CheckDefinition definition = new CheckDefinition(
                http ? "http://" + backend.hostPort() + vhost.healthPath() : "", http ? "" : backend.hostPort(),
                "", "", "", "", false, Map.of(), CHECK_INTERVAL, CHECK_TIMEOUT, null, null, 0, 0, 0, 0);
        CheckRegistration check = new CheckRegistration("", "Backend " + (http ? "HTTP" : "TCP") + " health", "",
                backend.id(), null, http ? "http" : "tcp", definition);
        return new ServiceRegistration(service, List.of(check));
    }
}
