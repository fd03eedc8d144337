package dev.muster.api;

import dev.muster.config.GoDuration;
import dev.muster.filter.Filter;
import dev.muster.filter.FilterException;
import dev.muster.state.QueryRequest;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters common to Consul reads (agent/http.go parseWait, parseConsistency, parseDC,
 * parseFilter), parsed and validated before any state is touched. Immutable.
 *
 * @param filter null when no {@code ?filter} was given
 */
record QueryParams(QueryRequest blocking, String consistency, boolean pretty, Filter filter,
                   Map<String, String> nodeMeta, List<String> tags) {
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    static final Duration MAX_WAIT = Duration.ofMinutes(10);

    /** Parses the parameters of a read whose {@code ?filter} may use the given top-level fields. */
    static QueryParams parse(Context ctx, String datacenter, Set<String> filterFields) {
        checkCommon(ctx, datacenter);
        QueryRequest blocking = parseBlocking(ctx);
        String consistency = parseConsistency(ctx);
        Map<String, String> nodeMeta = new LinkedHashMap<>();
        for (String pair : ctx.queryParams("node-meta")) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                nodeMeta.put(pair, "");
            } else {
                nodeMeta.put(pair.substring(0, colon), pair.substring(colon + 1));
            }
        }
        return new QueryParams(blocking, consistency, pretty(ctx), parseFilter(ctx, filterFields), nodeMeta,
                List.copyOf(ctx.queryParams("tag")));
    }

    /** Checks shared by reads and writes: {@code ?dc}, and the Enterprise-only {@code ?ns} / {@code ?partition}. */
    static void checkCommon(Context ctx, String datacenter) {
        String dc = ctx.queryParam("dc");
        if (dc != null && !dc.isEmpty() && !dc.equals(datacenter)) {
            throw ApiException.serverError("No path to datacenter");
        }
        if (!isBlank(ctx.header("X-Consul-Namespace"))) {
            throw ApiException.badRequest("Invalid header: \"X-Consul-Namespace\" - Namespaces are a Consul Enterprise feature");
        }
        if (!isBlank(ctx.queryParam("ns"))) {
            throw ApiException.badRequest(
                    "Invalid query parameter: \"ns\" - Namespaces are a Consul Enterprise feature");
        }
        if (!isBlank(ctx.header("X-Consul-Partition"))) {
            throw ApiException.badRequest("Invalid header: \"X-Consul-Partition\" - Partitions are a Consul Enterprise feature");
        }
        if (!isBlank(ctx.queryParam("partition"))) {
            throw ApiException.badRequest(
                    "Invalid query parameter: \"partition\" - Partitions are a Consul Enterprise feature");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isEmpty();
    }

    private static QueryRequest parseBlocking(Context ctx) {
        Duration wait = DEFAULT_WAIT;
        String waitText = ctx.queryParam("wait");
        if (waitText != null && !waitText.isEmpty()) {
            try {
                wait = GoDuration.parse(waitText);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Invalid wait time");
            }
            if (wait.isZero() || wait.isNegative()) {
                wait = DEFAULT_WAIT;
            }
            if (wait.compareTo(MAX_WAIT) > 0) {
                wait = MAX_WAIT;
            }
        }
        long index = 0;
        String indexText = ctx.queryParam("index");
        if (indexText != null && !indexText.isEmpty()) {
            try {
                index = Long.parseUnsignedLong(indexText);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Invalid index");
            }
        }
        return new QueryRequest(index, wait);
    }

    /**
     * Consul's parseConsistency: {@code stale} and {@code consistent} count by presence; {@code max_stale}
     * must be a duration and means stale only when positive.
     */
    private static String parseConsistency(Context ctx) {
        Map<String, List<String>> q = ctx.queryParamMap();
        boolean stale = q.containsKey("stale");
        String maxStale = ctx.queryParam("max_stale");
        if (maxStale != null && !maxStale.isEmpty()) {
            try {
                stale |= GoDuration.parse(maxStale).compareTo(Duration.ZERO) > 0;
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Invalid max_stale value \"" + maxStale + "\"");
            }
        }
        boolean consistent = q.containsKey("consistent");
        if (stale && consistent) {
            throw ApiException.badRequest("Cannot specify ?stale with ?consistent, conflicting semantics.");
        }
        if (stale) {
            return "stale";
        }
        return consistent ? "consistent" : "leader";
    }

    private static Filter parseFilter(Context ctx, Set<String> fields) {
        String expression = ctx.queryParam("filter");
        if (expression == null || expression.isEmpty()) {
            return null;
        }
        try {
            Filter filter = Filter.parse(expression);
            for (String root : filter.selectorRoots()) {
                if (!fields.contains(root)) {
                    throw new FilterException("Selector \"" + root + "\" is not valid");
                }
            }
            return filter;
        } catch (FilterException e) {
            throw ApiException.serverError("Failed to create boolean expression evaluator: " + e.getMessage());
        }
    }

    /** {@code ?pretty} counts by presence, whatever its value (Consul's agent/http.go). */
    static boolean pretty(Context ctx) {
        return ctx.queryParamMap().containsKey("pretty");
    }

    /** Consul's {@code ?passing}: bare or a Go bool; anything else is a 400. */
    static boolean passing(Context ctx) {
        if (!ctx.queryParamMap().containsKey("passing")) {
            return false;
        }
        String v = ctx.queryParam("passing");
        if (v == null || v.isEmpty()) {
            return true;
        }
        if (isFalse(v)) {
            return false;
        }
        if (Set.of("1", "t", "T", "TRUE", "true", "True").contains(v)) {
            return true;
        }
        throw ApiException.badRequest("Invalid value for ?passing");
    }

    private static boolean isFalse(String v) {
        return Set.of("0", "f", "F", "FALSE", "false", "False").contains(v);
    }
}
