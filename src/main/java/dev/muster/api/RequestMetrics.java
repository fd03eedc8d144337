package dev.muster.api;

import dev.muster.metrics.Counter;
import dev.muster.metrics.Histogram;
import dev.muster.metrics.Labeled;
import dev.muster.metrics.MetricRegistry;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Counts every HTTP API request (paths under {@code /v1/}; the UI's pages and event streams are not the API) by
 * method and status code and times the non-blocking ones, from one Javalin before/after pair instead of code
 * in each endpoint. Javalin runs after-handlers once an async
 * {@code ctx.future(...)} has completed (and after the exception mapping), so a blocking query is counted
 * with its final status when it answers, and the status is always the one sent. Thread-safe.
 */
final class RequestMetrics {
    static final String REQUESTS = "muster.api.requests";
    static final String BLOCKING = "muster.api.blocking_requests";
    static final String DURATION = "muster.api.request_duration_seconds";

    private static final String START = RequestMetrics.class.getName() + ".start";
    /** Methods Jetty hands us that get their own label value; anything else is "OTHER" (bounded labels). */
    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS",
            "TRACE", "CONNECT", "QUERY");

    private final Labeled<Counter> requests;
    private final Labeled<Counter> blocking;
    private final Histogram duration;
    private final LongSupplier nanoTime;

    RequestMetrics(MetricRegistry metrics, LongSupplier nanoTime) {
        this.requests = metrics.counters(REQUESTS, "HTTP API requests (/v1/) answered, by method and status code.",
                "method", "code");
        this.blocking = metrics.counters(BLOCKING,
                "HTTP API requests that were blocking queries (?index > 0 or ?hash), by method and status code; "
                        + "also counted in muster_api_requests_total, never in the duration histogram.",
                "method", "code");
        this.duration = metrics.histogram(DURATION,
                "Time from receiving an HTTP API request to its answer being ready, non-blocking requests only.",
                Histogram.LATENCY_SECONDS);
        this.nanoTime = nanoTime;
    }

    void register(JavalinConfig config) {
        config.routes.before(ctx -> {
            if (isApi(ctx)) {
                ctx.attribute(START, nanoTime.getAsLong());
            }
        });
        config.routes.after(this::answered);
    }

    private static boolean isApi(Context ctx) {
        return ctx.req().getRequestURI().startsWith("/v1/");
    }

    private void answered(Context ctx) {
        if (!isApi(ctx)) {
            return;
        }
        String method = ctx.req().getMethod();
        String methodLabel = METHODS.contains(method) ? method : "OTHER";
        String code = Integer.toString(ctx.statusCode());
        requests.labels(methodLabel, code).inc();
        if (isBlocking(ctx)) {
            // A blocking query's time is how long the watched data stayed unchanged (up to ?wait, 10 minutes),
            // not how long Muster took: in the histogram it would push every quantile towards the wait time.
            blocking.labels(methodLabel, code).inc();
            return;
        }
        Long start = ctx.attribute(START);
        if (start != null) {
            duration.observe((nanoTime.getAsLong() - start) / 1e9);
        }
    }

    /** {@code ?index} above 0 (a lenient parse: a malformed one was answered with 400 at once) or any {@code ?hash}. */
    static boolean isBlocking(Context ctx) {
        String hash = ctx.queryParam("hash");
        if (hash != null && !hash.isEmpty()) {
            return true;
        }
        String index = ctx.queryParam("index");
        if (index == null || index.isEmpty()) {
            return false;
        }
        try {
            return Long.parseUnsignedLong(index) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
