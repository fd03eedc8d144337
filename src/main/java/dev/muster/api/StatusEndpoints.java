package dev.muster.api;

import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /v1/status/*}: Muster is its own single leader; it reports its advertise address with Consul's
 * server RPC port, which is what clients (Spring's health indicator) expect to see.
 */
final class StatusEndpoints {
    private final Responder responder;
    private final String leader;

    StatusEndpoints(Responder responder, String advertiseAddr) {
        this.responder = responder;
        this.leader = advertiseAddr + ":8300";
    }

    void register(Router router) {
        router.add("/v1/status/leader", (ctx, rest) -> statusLeader(ctx), "GET")
                .add("/v1/status/peers", (ctx, rest) -> statusPeers(ctx), "GET");
    }

    private void statusLeader(Context ctx) {
        QueryParams.checkCommon(ctx, responder.datacenter());
        responder.writeJson(ctx, leader, QueryParams.pretty(ctx));
    }

    private void statusPeers(Context ctx) {
        QueryParams.checkCommon(ctx, responder.datacenter());
        responder.writeJson(ctx, List.of(leader), QueryParams.pretty(ctx));
    }
}
