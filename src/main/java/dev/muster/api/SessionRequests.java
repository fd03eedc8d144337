package dev.muster.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.config.GoDuration;
import dev.muster.model.HealthCheck;
import dev.muster.model.Indexes;
import dev.muster.model.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes and validates a {@code PUT /v1/session/create} body the way Consul does (kv-sessions spec §7.2–7.3):
 * defaults first (the agent's node, {@code serfHealth}, 15 s lock-delay, {@code release}), keys matched
 * case-insensitively, unknown keys ignored, {@code null} on a list meaning an empty (nil) list, a lock-delay
 * below 1000 ns read as seconds, then the pre-1.7 {@code Checks} reconciled with {@code NodeChecks}. Decoding
 * errors are 400 {@code Request decode failed: …}; validation errors are Consul's 500 texts. Stateless.
 */
final class SessionRequests {
    static final Duration MAX_TTL = Duration.ofHours(24);
    private static final Duration DEFAULT_LOCK_DELAY = Duration.ofSeconds(15);
    /** Consul's lockDelayMinThreshold: smaller values are taken as seconds. */
    private static final long SECONDS_THRESHOLD_NANOS = 1000;

    private SessionRequests() {
    }

    /** The session a create asks for (ID and indexes unset); {@code body} null means all defaults. */
    static Session create(JsonBody body, String agentNode, Duration ttlMin) {
        String name = "";
        String node = agentNode;
        String behavior = "";
        String ttl = "";
        long lockDelay = DEFAULT_LOCK_DELAY.toNanos();
        List<String> nodeChecks = List.of(HealthCheck.SERF_HEALTH);
        List<String> checks = List.of(HealthCheck.SERF_HEALTH);
        List<String> serviceChecks = null;
        if (body != null) {
            name = body.text("Name");
            node = body.has("Node") ? body.text("Node") : node;
            behavior = body.text("Behavior");
            ttl = body.text("TTL");
            lockDelay = body.has("LockDelay") ? lockDelay(body, body.raw("LockDelay")) : lockDelay;
            nodeChecks = body.mentions("NodeChecks") ? nilOr(body, "NodeChecks") : nodeChecks;
            checks = body.mentions("Checks") ? nilOr(body, "Checks") : checks;
            serviceChecks = body.mentions("ServiceChecks") && body.has("ServiceChecks") ? serviceCheckIds(body) : null;
        }
        // Consul's fixupEmptySessionChecks: the pre-1.7 Checks field against NodeChecks
        if (checks == null || checks.isEmpty()) {
            nodeChecks = List.of();
        } else if (checks.equals(List.of(HealthCheck.SERF_HEALTH)) || nodeChecks == null || nodeChecks.isEmpty()) {
            checks = null;
        }
        if (node.isEmpty()) {
            throw ApiException.serverError("Must provide Node");
        }
        Session.Behavior parsedBehavior = Session.Behavior.of(behavior);
        if (parsedBehavior == null) {
            throw ApiException.serverError("Invalid Behavior setting '" + behavior + "'");
        }
        long ttlNanos = ttlNanos(ttl, ttlMin);
        return new Session("", name, node, lockDelay, parsedBehavior, ttl, ttlNanos, nodeChecks, serviceChecks, checks,
                Indexes.NONE);
    }

    /** The TTL's length; 0 for none ({@code ""}, {@code "0s"}); outside [min, 24h] is Consul's 500. */
    private static long ttlNanos(String ttl, Duration min) {
        if (ttl.isEmpty()) {
            return 0;
        }
        Duration d;
        try {
            d = GoDuration.parse(ttl);
        } catch (IllegalArgumentException e) {
            throw ApiException.serverError("Session TTL '" + ttl + "' invalid: " + GoDuration.goError(ttl));
        }
        if (!d.isZero() && (d.compareTo(min) < 0 || d.compareTo(MAX_TTL) > 0)) {
            throw ApiException.serverError("Invalid Session TTL '" + d.toNanos() + "', must be between ["
                    + GoDuration.format(min) + "=" + GoDuration.format(MAX_TTL) + "]");
        }
        return d.toNanos();
    }

    /** A Go duration string or a number of nanoseconds; below 1000 ns it counts in seconds (Consul's rule). */
    private static long lockDelay(JsonBody body, JsonNode v) {
        long nanos;
        if (v.isNumber()) {
            nanos = v.longValue();
        } else if (v.isTextual()) {
            try {
                nanos = GoDuration.parse(v.textValue()).toNanos();
            } catch (IllegalArgumentException e) {
                throw ApiException.decodeFailed(GoDuration.goError(v.textValue()));
            }
        } else {
            throw body.mismatch(v, "LockDelay", "time.Duration");
        }
        if (nanos >= SECONDS_THRESHOLD_NANOS) {
            return nanos;
        }
        // a huge negative count of "seconds" saturates instead of overflowing (any negative means no delay)
        return nanos < Long.MIN_VALUE / 1_000_000_000L ? Long.MIN_VALUE : nanos * 1_000_000_000L;
    }

    /** A string list, or null when the body says {@code null} (Go's nil). */
    private static List<String> nilOr(JsonBody body, String field) {
        return body.has(field) ? body.strings(field) : null;
    }

    private static List<String> serviceCheckIds(JsonBody body) {
        List<String> ids = new ArrayList<>();
        for (JsonBody check : body.objects("ServiceCheck", "ServiceChecks")) {
            ids.add(check.text("ID"));
        }
        return ids;
    }
}
