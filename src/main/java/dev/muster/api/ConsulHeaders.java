package dev.muster.api;

import io.javalin.http.Context;

/** Response headers of blocking-capable reads, set in one place (Consul's agent/http.go setMeta). */
final class ConsulHeaders {
    private ConsulHeaders() {
    }

    /** Sets the index (never 0: Consul rewrites 0 to 1), leader and consistency headers. */
    static void write(Context ctx, long index, String consistency) {
        ctx.header("X-Consul-Index", Long.toUnsignedString(index == 0 ? 1 : index));
        ctx.header("X-Consul-KnownLeader", "true");
        ctx.header("X-Consul-LastContact", "0");
        ctx.header("X-Consul-Effective-Consistency", consistency);
        ctx.header("X-Consul-Query-Backend", "blocking-query");
    }
}
