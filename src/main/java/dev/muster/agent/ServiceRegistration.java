package dev.muster.agent;

import dev.muster.model.NodeService;
import java.util.List;

/** A service as the agent API receives it, with its checks in order ({@code Check} first, then {@code Checks}). */
public record ServiceRegistration(NodeService service, List<CheckRegistration> checks) {
    public ServiceRegistration {
        checks = List.copyOf(checks);
    }
}
