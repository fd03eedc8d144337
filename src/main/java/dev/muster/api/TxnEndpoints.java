package dev.muster.api;

import dev.muster.state.TxnOp;
import dev.muster.state.TxnOutcome;
import dev.muster.state.TxnResult;
import dev.muster.state.TxnState;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT /v1/txn} (Consul's agent/txn_endpoint.go): 200 with {@code Results} when every operation succeeded,
 * 409 with {@code Errors} when any failed and nothing was applied. A transaction of read verbs only is answered
 * from one consistent view without a write and carries {@code X-Consul-KnownLeader}/{@code LastContact} but no
 * {@code X-Consul-Index}.
 */
final class TxnEndpoints {
    /** What Consul's txn 413 adds after the size. */
    private static final String TXN_LIMIT_HINT =
            " See https://www.consul.io/docs/agent/config/config-files#txn_max_req_len.";

    private final TxnState txn;
    private final Responder responder;
    private final Json json;

    TxnEndpoints(TxnState txn, Responder responder, Json json) {
        this.txn = txn;
        this.responder = responder;
        this.json = json;
    }

    void register(Router router) {
        router.add("/v1/txn", (ctx, rest) -> txn(ctx), "PUT");
    }

    private void txn(Context ctx) throws IOException {
        QueryParams.checkCommon(ctx, responder.datacenter());
        byte[] body = Responder.rawBody(ctx, TXN_LIMIT_HINT);
        List<TxnOp> ops = TxnRequests.ops(json.parse(body, "Failed to parse body: "), responder.datacenter());
        if (TxnState.readOnly(ops)) {
            ctx.header("X-Consul-KnownLeader", "true");
            ctx.header("X-Consul-LastContact", "0");
            answer(ctx, txn.read(ops));
            return;
        }
        ctx.future(() -> txn.write(ops).thenAccept(outcome -> answer(ctx, outcome)));
    }

    private void answer(Context ctx, TxnOutcome outcome) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Results", outcome.results() == null ? null : outcome.results().stream().map(TxnEndpoints::result).toList());
        out.put("Errors", outcome.errors() == null ? null : outcome.errors().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("OpIndex", e.opIndex());
            m.put("What", e.what());
            return m;
        }).toList());
        responder.writeJson(ctx, out, QueryParams.pretty(ctx));
        if (outcome.failed()) {
            ctx.status(409);
        }
    }

    private static Map<String, Object> result(TxnResult r) {
        if (r instanceof TxnResult.Kv kv) {
            Map<String, Object> entry = Wire.kvPair(kv.entry());
            if (!kv.withValue()) {
                entry.put("Value", null);
            }
            return Map.of("KV", entry);
        }
        if (r instanceof TxnResult.NodeResult n) {
            return Map.of("Node", Wire.node(n.node()));
        }
        if (r instanceof TxnResult.ServiceResult s) {
            return Map.of("Service", Wire.nodeService(s.service()));
        }
        return Map.of("Check", Wire.check(((TxnResult.CheckResult) r).check()));
    }
}
