package dev.muster.store;

import dev.muster.model.HealthCheck;
import dev.muster.model.Node;
import java.util.List;
import java.util.Map;

/** Everything read back from the store at start-up. */
public record StoredCatalog(List<Node> nodes, List<Mutation.PutService> services, List<HealthCheck> checks,
                            Map<String, Long> indexes) {
}
