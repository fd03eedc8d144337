package dev.muster.api;

import dev.muster.model.CheckServiceNode;
import dev.muster.state.HealthState;
import io.javalin.http.Context;
import java.util.List;

/** {@code /v1/health/*} (Consul's agent/health_endpoint.go). */
final class HealthEndpoints {
    private final HealthState health;
    private final Responder responder;

    HealthEndpoints(HealthState health, Responder responder) {
        this.health = health;
        this.responder = responder;
    }

    void register(Router router) {
        router.add("/v1/health/node/", this::healthNodeChecks, "GET")
                .add("/v1/health/checks/", this::healthServiceChecks, "GET")
                .add("/v1/health/service/", this::healthServiceNodes, "GET")
                .add("/v1/health/state/", this::healthChecksInState, "GET");
    }

    private void healthNodeChecks(Context ctx, String node) {
        if (node.isEmpty()) {
            throw ApiException.badRequest("Missing node name");
        }
        responder.read(ctx, Wire.CHECK_FIELDS, p -> ws -> health.nodeChecks(ws, node),
                (checks, p) -> Responder.filter(checks.stream().map(Wire::check).toList(), p.filter()));
    }

    private void healthServiceChecks(Context ctx, String service) {
        if (service.isEmpty()) {
            throw ApiException.badRequest("Missing service name");
        }
        responder.read(ctx, Wire.CHECK_FIELDS, p -> ws -> health.serviceChecks(ws, service, p.nodeMeta()),
                (checks, p) -> Responder.filter(checks.stream().map(Wire::check).toList(), p.filter()));
    }

    /**
     * Instances with node and checks. {@code ?passing} drops an instance when any of its checks —
     * node-level ones included — is not passing; a bad value is a 400 before anything is read.
     */
    private void healthServiceNodes(Context ctx, String service) {
        if (service.isEmpty()) {
            throw ApiException.badRequest("Missing service name");
        }
        boolean passing = QueryParams.passing(ctx);
        responder.read(ctx, Wire.SERVICE_ENTRY_FIELDS, p -> ws -> health.serviceNodes(ws, service, p.tags(), p.nodeMeta()),
                (entries, p) -> {
                    List<CheckServiceNode> kept = passing
                            ? entries.stream().filter(CheckServiceNode::allPassing).toList() : entries;
                    return Responder.filter(kept.stream().map(Wire::serviceEntry).toList(), p.filter());
                });
    }

    /** Checks in {@code any|passing|warning|critical}; other states simply match nothing. */
    private void healthChecksInState(Context ctx, String state) {
        if (state.isEmpty()) {
            throw ApiException.badRequest("Missing check state");
        }
        responder.read(ctx, Wire.CHECK_FIELDS, p -> ws -> health.checksInState(ws, state, p.nodeMeta()),
                (checks, p) -> Responder.filter(checks.stream().map(Wire::check).toList(), p.filter()));
    }
}
