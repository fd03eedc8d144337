package dev.muster.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a check is run (Consul's {@code HealthCheckDefinition} plus the agent's thresholds). Catalog checks
 * only store it; the agent runs TTL, HTTP and TCP checks on its own node. Durations are null when unset;
 * thresholds and the output size are 0 when unset (Consul's defaults then apply).
 */
public record CheckDefinition(String http, String tcp, String udp, String grpc, String method, String body,
                              boolean tlsSkipVerify, Map<String, List<String>> header, Duration interval,
                              Duration timeout, Duration ttl, Duration deregisterCriticalServiceAfter,
                              int successBeforePassing, int failuresBeforeWarning, int failuresBeforeCritical,
                              int outputMaxSize) {
    public static final CheckDefinition EMPTY =
            new CheckDefinition("", "", "", "", "", "", false, Map.of(), null, null, null, null, 0, 0, 0, 0);

    public CheckDefinition {
        http = nullToEmpty(http);
        tcp = nullToEmpty(tcp);
        udp = nullToEmpty(udp);
        grpc = nullToEmpty(grpc);
        method = nullToEmpty(method);
        body = nullToEmpty(body);
        header = Map.copyOf(header);
    }

    /** The check type Consul derives from the definition when none is given ("" when nothing runs). */
    public String derivedType() {
        if (ttl != null) {
            return "ttl";
        }
        if (!http.isEmpty()) {
            return "http";
        }
        if (!tcp.isEmpty()) {
            return "tcp";
        }
        if (!udp.isEmpty()) {
            return "udp";
        }
        return grpc.isEmpty() ? "" : "grpc";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
