package dev.muster.api;

import dev.muster.agent.LocalAgent;
import dev.muster.config.RegistryConfig;
import dev.muster.model.Node;
import dev.muster.state.StateStore;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /v1/agent/self}: the stable {@code Config} subset Consul documents, plus {@code Member},
 * {@code Meta}, {@code Stats}, {@code DebugConfig} and {@code Coord} as objects, because the Go client
 * decodes every top-level value as an object and Prometheus reads {@code Config.Datacenter}.
 */
final class AgentEndpoints {
    private final Responder responder;
    private final RegistryConfig config;
    private final StateStore store;
    private final String version;
    private final LocalAgent agent;

    AgentEndpoints(Responder responder, RegistryConfig config, StateStore store, String version, LocalAgent agent) {
        this.responder = responder;
        this.config = config;
        this.store = store;
        this.version = version;
        this.agent = agent;
    }

    void register(Router router) {
        router.add("/v1/agent/self", (ctx, rest) -> agentSelf(ctx), "GET")
                .add("/v1/agent/members", (ctx, rest) -> agentMembers(ctx), "GET")
                .add("/v1/agent/maintenance", (ctx, rest) -> agentNodeMaintenance(ctx), "PUT");
    }

    /** Muster is a one-member cluster; {@code ?wan} lists the same member, as on a single server. */
    private void agentMembers(Context ctx) {
        String wan = ctx.queryParam("wan");
        String segment = ctx.queryParam("segment");
        if (wan != null && !wan.isEmpty() && segment != null && !segment.isEmpty()) {
            throw ApiException.badRequest("Cannot provide a segment with wan=true");
        }
        Node self = store.node(config.nodeName());
        responder.writeJson(ctx, java.util.List.of(member(self)), QueryParams.pretty(ctx));
    }

    private void agentNodeMaintenance(Context ctx) {
        boolean enable = AgentServiceEndpoints.enableParam(ctx);
        String reason = ctx.queryParam("reason") == null ? "" : ctx.queryParam("reason");
        responder.done(ctx, agent.nodeMaintenance(enable, reason));
    }

    private void agentSelf(Context ctx) {
        Node self = store.node(config.nodeName());
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("Datacenter", config.datacenter());
        cfg.put("PrimaryDatacenter", config.datacenter());
        cfg.put("NodeName", config.nodeName());
        cfg.put("NodeID", self == null ? "" : self.id());
        cfg.put("Revision", "muster");
        cfg.put("Server", true);
        cfg.put("Version", version);
        cfg.put("BuildDate", "1970-01-01T00:00:00Z");
        // nanoseconds, as Consul's old agent/self had it: Patroni divides it after an "Invalid Session TTL"
        cfg.put("SessionTTLMin", config.sessionTtlMin().toNanos());

        Map<String, Object> coord = new LinkedHashMap<>();
        coord.put("Vec", new double[8]);
        coord.put("Error", 1.5);
        coord.put("Adjustment", 0.0);
        coord.put("Height", 1.0e-5);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Config", cfg);
        out.put("DebugConfig", Map.of("DataDir", config.dataDir() == null ? "" : config.dataDir().toString(),
                "ClientAddrs", new String[] {config.clientAddr()}, "HTTPPort", config.httpPort()));
        out.put("Coord", coord);
        out.put("Member", member(self));
        out.put("Stats", Map.of("agent", Map.of("version", version), "raft", Map.of("state", "Leader")));
        out.put("Meta", self == null ? Map.of() : new java.util.TreeMap<>(self.meta()));
        ctx.header("X-Consul-Default-ACL-Policy", "allow");
        responder.writeJson(ctx, out, QueryParams.pretty(ctx));
    }

    /** This agent as a serf member (api.AgentMember), alive, with a server's tags. */
    private Map<String, Object> member(Node self) {
        Map<String, Object> memberTags = new LinkedHashMap<>();
        memberTags.put("bootstrap", "1");
        memberTags.put("build", version);
        memberTags.put("dc", config.datacenter());
        memberTags.put("id", self == null ? "" : self.id());
        memberTags.put("port", "8300");
        memberTags.put("role", "consul");
        memberTags.put("vsn", "2");
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("Name", config.nodeName());
        member.put("Addr", config.advertiseAddr());
        member.put("Port", 8301);
        member.put("Tags", memberTags);
        member.put("Status", 1);
        member.put("ProtocolMin", 1);
        member.put("ProtocolMax", 5);
        member.put("ProtocolCur", 2);
        member.put("DelegateMin", 2);
        member.put("DelegateMax", 5);
        member.put("DelegateCur", 4);
        return member;
    }
}
