package dev.muster.model;

import java.util.List;

/**
 * A validated {@code /v1/catalog/register} request (Consul's {@code RegisterRequest}): the node, an optional
 * service and the checks to upsert. Indexes inside are ignored; the state store assigns them.
 *
 * @param service null when the request registers no service
 */
public record RegisterRequest(Node node, boolean skipNodeUpdate, NodeService service, List<HealthCheck> checks) {
    public RegisterRequest {
        checks = List.copyOf(checks);
    }
}
