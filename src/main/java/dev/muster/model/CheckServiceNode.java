package dev.muster.model;

import java.util.List;

/**
 * A service instance with its node and the checks that decide its health: the node's node-level checks
 * followed by the instance's own checks (Consul's {@code CheckServiceNode}).
 */
public record CheckServiceNode(Node node, NodeService service, List<HealthCheck> checks) {
    public CheckServiceNode {
        checks = List.copyOf(checks);
    }

    /** True when every check is passing (what {@code ?passing} keeps); no checks counts as passing. */
    public boolean allPassing() {
        return checks.stream().allMatch(c -> c.status() == HealthStatus.PASSING);
    }
}
