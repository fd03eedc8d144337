package dev.muster.api;

import dev.muster.agent.LocalAgent;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /v1/agent/check*} (Consul's agent/agent_endpoint.go): the local agent's checks and TTL updates. */
final class AgentCheckEndpoints {
    private final LocalAgent agent;
    private final Responder responder;

    AgentCheckEndpoints(LocalAgent agent, Responder responder) {
        this.agent = agent;
        this.responder = responder;
    }

    void register(Router router) {
        router.add("/v1/agent/checks", (ctx, rest) -> agentChecks(ctx), "GET")
                .add("/v1/agent/check/register", (ctx, rest) -> agentRegisterCheck(ctx), "PUT")
                // python-consul 0.7.1 uses GET for these; accepted as an alias (see README).
                .add("/v1/agent/check/deregister/", this::agentDeregisterCheck, "PUT", "GET")
                .add("/v1/agent/check/pass/", (ctx, id) -> agentCheckTtl(ctx, id, HealthStatus.PASSING), "PUT", "GET")
                .add("/v1/agent/check/warn/", (ctx, id) -> agentCheckTtl(ctx, id, HealthStatus.WARNING), "PUT", "GET")
                .add("/v1/agent/check/fail/", (ctx, id) -> agentCheckTtl(ctx, id, HealthStatus.CRITICAL), "PUT", "GET")
                .add("/v1/agent/check/update/", this::agentCheckUpdate, "PUT");
    }

    private void agentChecks(Context ctx) {
        QueryParams p = QueryParams.parse(ctx, responder.datacenter(), Wire.CHECK_FIELDS);
        Map<String, Object> out = new LinkedHashMap<>();
        for (HealthCheck c : agent.checks().values()) {
            Map<String, Object> tree = Wire.check(c);
            if (p.filter() == null || p.filter().matches(tree)) {
                out.put(c.checkId(), tree);
            }
        }
        responder.writeJson(ctx, out, p.pretty());
    }

    private void agentRegisterCheck(Context ctx) throws Exception {
        QueryParams.checkCommon(ctx, responder.datacenter());
        responder.done(ctx, agent.registerCheck(AgentRequests.checkRegistration(responder.body(ctx, "CheckDefinition"))));
    }

    private void agentDeregisterCheck(Context ctx, String id) {
        requireId(id);
        responder.done(ctx, agent.deregisterCheck(id));
    }

    /** pass/warn/fail: {@code ?note=} becomes the output (none clears it) and the TTL restarts. */
    private void agentCheckTtl(Context ctx, String id, HealthStatus status) {
        requireId(id);
        String note = ctx.queryParam("note") == null ? "" : ctx.queryParam("note");
        responder.done(ctx, agent.updateTtl(id, status, note));
    }

    /** update: body {@code {"Status": …, "Output": …}}. */
    private void agentCheckUpdate(Context ctx, String id) throws Exception {
        requireId(id);
        JsonBody body = responder.body(ctx, "checkUpdate");
        String statusText = body.text("Status");
        HealthStatus status = HealthStatus.parse(statusText).filter(s -> s.wire().equals(statusText))
                .orElseThrow(() -> ApiException.badRequest("Invalid check status: '" + statusText + "'"));
        responder.done(ctx, agent.updateTtl(id, status, body.text("Output")));
    }

    private static void requireId(String id) {
        if (id.isEmpty()) {
            throw ApiException.badRequest("Missing check ID");
        }
    }
}
