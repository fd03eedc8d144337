package dev.muster.api;

import dev.muster.model.Session;
import dev.muster.session.Sessions;
import dev.muster.state.SessionState;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/session/*} (Consul's agent/session_endpoint.go): create, destroy and renew are PUTs that set no
 * index headers; info, node and list are blocking-capable reads that report the sessions table index. Info of an
 * unknown session is {@code []}, renew of one is 404 with Consul's text.
 */
final class SessionEndpoints {
    private final Sessions sessions;
    private final SessionState state;
    private final Responder responder;
    private final String agentNode;
    private final Duration ttlMin;

    SessionEndpoints(Sessions sessions, SessionState state, Responder responder, String agentNode, Duration ttlMin) {
        this.sessions = sessions;
        this.state = state;
        this.responder = responder;
        this.agentNode = agentNode;
        this.ttlMin = ttlMin;
    }

    void register(Router router) {
        router.add("/v1/session/create", (ctx, rest) -> sessionCreate(ctx), "PUT");
        router.add("/v1/session/destroy/", this::sessionDestroy, "PUT");
        router.add("/v1/session/renew/", this::sessionRenew, "PUT");
        router.add("/v1/session/info/", this::sessionGet, "GET");
        router.add("/v1/session/node/", this::sessionsForNode, "GET");
        router.add("/v1/session/list", (ctx, rest) -> sessionList(ctx), "GET");
    }

    /** The body is read only when it has a length (Consul's rule): no body, or a chunked one, means defaults. */
    private void sessionCreate(Context ctx) throws IOException {
        QueryParams.checkCommon(ctx, responder.datacenter());
        JsonBody body = ctx.req().getContentLengthLong() > 0 ? responder.body(ctx, "structs.Session") : null;
        Session draft = SessionRequests.create(body, agentNode, ttlMin);
        responder.writtenOutcome(ctx, sessions.create(draft).thenApply(s -> Map.of("ID", s.id())));
    }

    private void sessionDestroy(Context ctx, String id) {
        QueryParams.checkCommon(ctx, responder.datacenter());
        responder.writtenOutcome(ctx, sessions.destroy(required(id)));
    }

    /** Not a write: restarts the session's TTL clock and answers the session as stored. */
    private void sessionRenew(Context ctx, String id) {
        QueryParams.checkCommon(ctx, responder.datacenter());
        Session s = sessions.renew(required(id));
        if (s == null) {
            throw new ApiException(404, "Session id '" + id + "' not found");
        }
        responder.writeJson(ctx, List.of(Wire.session(s)), QueryParams.pretty(ctx));
    }

    private void sessionGet(Context ctx, String id) {
        String sessionId = required(id);
        responder.read(ctx, Set.of(), p -> ws -> state.info(ws, sessionId), (list, p) -> wire(list));
    }

    private void sessionsForNode(Context ctx, String node) {
        if (node.isEmpty()) {
            throw ApiException.badRequest("Missing node name");
        }
        responder.read(ctx, Set.of(), p -> ws -> state.node(ws, node), (list, p) -> wire(list));
    }

    private void sessionList(Context ctx) {
        responder.read(ctx, Set.of(), p -> ws -> state.list(ws), (list, p) -> wire(list));
    }

    private static List<Map<String, Object>> wire(List<Session> sessions) {
        return sessions.stream().map(Wire::session).toList();
    }

    private static String required(String id) {
        if (id.isEmpty()) {
            throw ApiException.badRequest("Missing session");
        }
        return id;
    }
}
