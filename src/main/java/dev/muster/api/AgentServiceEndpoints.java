package dev.muster.api;

import dev.muster.agent.LocalAgent;
import dev.muster.agent.ServiceRegistration;
import dev.muster.model.AggregatedStatus;
import dev.muster.model.HealthCheck;
import dev.muster.model.NodeService;
import dev.muster.state.BlockingQuery;
import dev.muster.state.CatalogState;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/agent/service*} and {@code /v1/agent/health/service/*} (Consul's agent/agent_endpoint.go):
 * the local agent's services, hash-based blocking on one service, and its aggregated health.
 */
final class AgentServiceEndpoints {
    private final LocalAgent agent;
    private final CatalogState catalog;
    private final Responder responder;
    private final BlockingQuery blockingQuery;
    private final Json json;

    AgentServiceEndpoints(LocalAgent agent, CatalogState catalog, Responder responder, BlockingQuery blockingQuery,
                          Json json) {
        this.json = json;
        this.agent = agent;
        this.catalog = catalog;
        this.responder = responder;
        this.blockingQuery = blockingQuery;
    }

    void register(Router router) {
        router.add("/v1/agent/services", (ctx, rest) -> agentServices(ctx), "GET")
                .add("/v1/agent/service/register", (ctx, rest) -> agentRegisterService(ctx), "PUT")
                // python-consul 0.7.1 deregisters with GET; accepted as an alias (see README).
                .add("/v1/agent/service/deregister/", this::agentDeregisterService, "PUT", "GET")
                .add("/v1/agent/service/maintenance/", this::agentServiceMaintenance, "PUT")
                .add("/v1/agent/service/", this::agentService, "GET")
                .add("/v1/agent/health/service/name/", this::agentHealthServiceByName, "GET")
                .add("/v1/agent/health/service/id/", this::agentHealthServiceById, "GET");
    }

    private void agentServices(Context ctx) {
        QueryParams p = QueryParams.parse(ctx, responder.datacenter(), Wire.AGENT_SERVICE_FIELDS);
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeService s : agent.services().values()) {
            Map<String, Object> tree = Wire.agentService(s, responder.datacenter());
            if (p.filter() == null || p.filter().matches(tree)) {
                out.put(s.id(), tree);
            }
        }
        responder.writeJson(ctx, out, p.pretty());
    }

    private void agentRegisterService(Context ctx) throws Exception {
        QueryParams.checkCommon(ctx, responder.datacenter());
        ServiceRegistration registration = AgentRequests.service(responder.body(ctx, "ServiceDefinition"));
        String replaceParam = ctx.queryParam("replace-existing-checks");
        boolean replace = ctx.queryParamMap().containsKey("replace-existing-checks")
                && (replaceParam == null || replaceParam.isEmpty() || replaceParam.equals("true"));
        responder.done(ctx, agent.registerService(registration, replace));
    }

    private void agentDeregisterService(Context ctx, String id) {
        if (id.isEmpty()) {
            throw ApiException.badRequest("Missing service ID");
        }
        responder.done(ctx, agent.deregisterService(id));
    }

    private void agentServiceMaintenance(Context ctx, String id) {
        if (id.isEmpty()) {
            throw ApiException.badRequest("Missing service ID");
        }
        boolean enable = enableParam(ctx);
        String reason = ctx.queryParam("reason") == null ? "" : ctx.queryParam("reason");
        responder.done(ctx, agent.serviceMaintenance(id, enable, reason));
    }

    /** Consul's {@code ?enable}: required, a Go bool. */
    static boolean enableParam(Context ctx) {
        String enable = ctx.queryParam("enable");
        if (enable == null || enable.isEmpty()) {
            throw ApiException.badRequest("Missing value for enable");
        }
        return switch (enable) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw ApiException.badRequest("Invalid value for enable: \"" + enable + "\"");
        };
    }

    /**
     * One service with {@code ContentHash}; {@code ?hash=&wait=} blocks until the service's content differs
     * from that hash (or the wait ends), waking on changes of the agent's node.
     */
    private void agentService(Context ctx, String id) {
        QueryParams p = QueryParams.parse(ctx, responder.datacenter(), Wire.AGENT_SERVICE_FIELDS);
        String clientHash = ctx.queryParam("hash") == null ? "" : ctx.queryParam("hash");
        var answer = blockingQuery.runUntil(p.blocking().maxWait(), ws -> {
            var ns = catalog.nodeServices(ws, agent.node()).value();
            NodeService service = ns == null ? null : ns.services().stream()
                    .filter(s -> s.id().equals(id) && !s.id().equals("consul")).findFirst().orElse(null);
            if (service == null) {
                return null;
            }
            Map<String, Object> tree = Wire.agentService(service, responder.datacenter());
            tree.put("ContentHash", hash(tree));
            return tree;
        }, tree -> clientHash.isEmpty() || tree == null || !clientHash.equals(tree.get("ContentHash")));
        ctx.future(() -> answer.thenAccept(tree -> {
            if (tree == null) {
                throw new ApiException(404, "unknown service ID: " + id);
            }
            ctx.header("X-Consul-ContentHash", (String) tree.get("ContentHash"));
            responder.writeJson(ctx, tree, p.pretty());
        }));
    }

    private String hash(Map<String, Object> tree) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.encode(tree, false));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private void agentHealthServiceById(Context ctx, String id) {
        if (id.isEmpty()) {
            throw ApiException.badRequest("Missing serviceID");
        }
        NodeService service = agent.services().get(id);
        boolean text = wantsText(ctx);
        if (service == null) {
            if (text) {
                HttpErrors.text(ctx, 404, "ServiceId " + id + " not found");
            } else {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("AggregatedStatus", "critical");
                body.put("Checks", null);
                body.put("Service", null);
                responder.writeJson(ctx, body, QueryParams.pretty(ctx));
                ctx.status(404);
            }
            return;
        }
        List<HealthCheck> checks = checksOf(service, agent.checks().values());
        respondHealth(ctx, AggregatedStatus.of(checks), healthEntry(service, checks), text);
    }

    private void agentHealthServiceByName(Context ctx, String name) {
        if (name.isEmpty()) {
            throw ApiException.badRequest("Missing service Name");
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        AggregatedStatus worst = AggregatedStatus.PASSING;
        var agentChecks = agent.checks().values();
        for (NodeService s : agent.services().values()) {
            if (s.service().equals(name)) {
                List<HealthCheck> checks = checksOf(s, agentChecks);
                worst = worst.worse(AggregatedStatus.of(checks));
                entries.add(healthEntry(s, checks));
            }
        }
        boolean text = wantsText(ctx);
        if (entries.isEmpty()) {
            if (text) {
                HttpErrors.text(ctx, 404, "ServiceName " + name + " Not Found");
            } else {
                responder.writeJson(ctx, List.of(), QueryParams.pretty(ctx));
                ctx.status(404);
            }
            return;
        }
        respondHealth(ctx, worst, entries, text);
    }

    /** The checks that decide an instance's health: the node's and its own. */
    private static List<HealthCheck> checksOf(NodeService service, java.util.Collection<HealthCheck> agentChecks) {
        return agentChecks.stream().filter(c -> c.isNodeLevel() || c.serviceId().equals(service.id())).toList();
    }

    /** One instance with its checks and Consul's aggregated status. */
    private Map<String, Object> healthEntry(NodeService service, List<HealthCheck> checks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("AggregatedStatus", AggregatedStatus.of(checks).wire());
        m.put("Service", Wire.agentService(service, responder.datacenter()));
        m.put("Checks", checks.stream().map(Wire::check).toList());
        return m;
    }

    private void respondHealth(Context ctx, AggregatedStatus status, Object body, boolean text) {
        int code = switch (status) {
            case PASSING -> 200;
            case WARNING -> 429;
            default -> 503;
        };
        ctx.header("X-Consul-Reason", status.wire());
        if (text) {
            HttpErrors.text(ctx, code, status.wire());
        } else {
            responder.writeJson(ctx, body, QueryParams.pretty(ctx));
            ctx.status(code);
        }
    }

    private static boolean wantsText(Context ctx) {
        String accept = ctx.header("Accept");
        return "text".equals(ctx.queryParam("format")) || (accept != null && accept.startsWith("text/plain"));
    }
}
