package dev.muster.api;

import dev.muster.model.InputRules;
import dev.muster.model.KvEntry;
import dev.muster.state.KvState;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/kv/<key>} (Consul's agent/kvs_endpoint.go): the key is the decoded rest of the path; the query
 * flags {@code recurse}, {@code keys}, {@code raw} count by presence ({@code ?recurse=false} recurses).
 * Handler-level mistakes are 400/413 with Consul's texts; number parse failures are 500 with Go's
 * {@code strconv} text, as Consul answers them.
 */
final class KvEndpoints {
    /** Consul's {@code kv_max_value_size} default, which is the limit on every Muster request body. */
    static final int MAX_VALUE_BYTES = Responder.MAX_BODY_BYTES;
    /** What Consul's KV 413 adds after the size. */
    private static final String KV_LIMIT_HINT =
            " See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.";

    private final KvState kv;
    private final Responder responder;

    KvEndpoints(KvState kv, Responder responder) {
        this.kv = kv;
        this.responder = responder;
    }

    void register(Router router) {
        router.add("/v1/kv/", this::handle, "GET", "PUT", "DELETE");
    }

    private void handle(Context ctx, String key) throws Exception {
        checkKey(key);
        switch (ctx.method().name()) {
            case "GET" -> get(ctx, key);
            case "PUT" -> put(ctx, key);
            default -> delete(ctx, key);
        }
    }

    /** Refuses keys Muster cannot store faithfully: empty path segments and traversal. */
    private static void checkKey(String key) {
        InputRules.checkKvKey(key).ifPresent(reason -> {
            throw ApiException.badRequest(reason);
        });
    }

    private void get(Context ctx, String key) {
        QueryParams params = QueryParams.parse(ctx, responder.datacenter(), Set.of());
        Map<String, List<String>> q = ctx.queryParamMap();
        if (q.containsKey("keys")) {
            String separator = firstOf(ctx, "separator", "seperator");
            responder.readAndWrite(ctx, params, ws -> kv.keys(ws, key, separator), r -> {
                if (r.value().isEmpty() && !key.isEmpty()) {
                    ctx.status(404);
                } else {
                    responder.writeJson(ctx, r.value(), params.pretty());
                }
            });
        } else if (q.containsKey("recurse")) {
            responder.readAndWrite(ctx, params, ws -> kv.list(ws, key), r -> {
                if (r.value().isEmpty()) {
                    ctx.status(404);
                } else {
                    responder.writeJson(ctx, r.value().stream().map(Wire::kvPair).toList(), params.pretty());
                }
            });
        } else {
            if (key.isEmpty()) {
                throw ApiException.badRequest("Missing key name");
            }
            boolean raw = q.containsKey("raw");
            responder.readAndWrite(ctx, params, ws -> kv.get(ws, key), r -> {
                KvEntry e = r.value();
                if (e == null) {
                    ctx.status(404);
                } else if (raw) {
                    // the value is whatever a client stored: never let a browser sniff or run it
                    ctx.status(200);
                    ctx.contentType("text/plain");
                    ctx.header("X-Content-Type-Options", "nosniff");
                    ctx.header("Content-Security-Policy", "sandbox");
                    ctx.result(e.value() == null ? new byte[0] : e.value());
                } else {
                    responder.writeJson(ctx, List.of(Wire.kvPair(e)), params.pretty());
                }
            });
        }
    }

    private void put(Context ctx, String key) throws IOException {
        QueryParams.checkCommon(ctx, responder.datacenter());
        if (key.isEmpty()) {
            throw ApiException.badRequest("Missing key name");
        }
        Map<String, List<String>> q = ctx.queryParamMap();
        int ops = (q.containsKey("cas") ? 1 : 0) + (q.containsKey("acquire") ? 1 : 0) + (q.containsKey("release") ? 1 : 0);
        if (ops > 1) {
            throw ApiException.badRequest(conflictingFlags(q));
        }
        long flags = q.containsKey("flags") ? parseUnsigned(ctx.queryParam("flags")) : 0;
        Long cas = q.containsKey("cas") ? parseUnsigned(ctx.queryParam("cas")) : null;
        byte[] value = Responder.rawBody(ctx, KV_LIMIT_HINT);
        CompletableFuture<Boolean> result;
        if (cas != null) {
            result = kv.checkAndSet(key, value, flags, cas);
        } else if (q.containsKey("acquire")) {
            result = kv.acquire(key, value, flags, session(ctx, "acquire"));
        } else if (q.containsKey("release")) {
            result = kv.release(key, value, flags, session(ctx, "release"));
        } else {
            result = kv.set(key, value, flags);
        }
        responder.writtenOutcome(ctx, result);
    }

    private void delete(Context ctx, String key) {
        QueryParams.checkCommon(ctx, responder.datacenter());
        Map<String, List<String>> q = ctx.queryParamMap();
        if (q.containsKey("recurse") && q.containsKey("cas")) {
            throw ApiException.badRequest(conflictingFlags(q));
        }
        if (q.containsKey("recurse")) {
            responder.writtenOutcome(ctx, kv.deleteTree(key));
            return;
        }
        if (key.isEmpty()) {
            throw ApiException.badRequest("Missing key name");
        }
        responder.writtenOutcome(ctx, q.containsKey("cas") ? kv.deleteIfIndex(key, parseUnsigned(ctx.queryParam("cas"))) : kv.delete(key));
    }

    private static String session(Context ctx, String param) {
        String session = ctx.queryParam(param);
        if (session == null || session.isEmpty()) {
            throw ApiException.serverError("missing session");
        }
        return session;
    }

    /** Go's {@code strconv.ParseUint(v, 10, 64)}, with its error texts (Consul answers them as 500). */
    static long parseUnsigned(String v) {
        String text = v == null ? "" : v;
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiException.serverError("strconv.ParseUint: parsing " + goQuote(text) + ": invalid syntax");
        }
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.serverError("strconv.ParseUint: parsing " + goQuote(text) + ": value out of range");
        }
    }

    static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** {@code Conflicting flags: } and every query parameter, url-encoded with keys sorted (Go's url.Values.Encode). */
    private static String conflictingFlags(Map<String, List<String>> query) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(query).forEach((k, values) -> {
            for (String v : values.isEmpty() ? List.of("") : values) {
                parts.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return "Conflicting flags: " + String.join("&", parts) + "\n";
    }

    private static String firstOf(Context ctx, String... names) {
        for (String n : names) {
            String v = ctx.queryParam(n);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
