package dev.muster.api;

import dev.muster.agent.CheckRegistration;
import dev.muster.agent.ServiceRegistration;
import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.InputRules;
import dev.muster.model.NodeService;
import dev.muster.model.Weights;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns agent API bodies ({@code ServiceDefinition}, {@code CheckDefinition}, {@code CheckType}) into
 * validated registrations, with Consul's defaults, validation order and 400 texts (agent/agent_endpoint.go,
 * agent/structs/check_type.go) plus Muster's input rules. Stateless.
 */
final class AgentRequests {
    private static final Set<String> UNSPECIFIED_ADDRESSES = Set.of("0.0.0.0", "::", "[::]");

    private AgentRequests() {
    }

    static ServiceRegistration service(JsonBody b) {
        String name = b.text("Name");
        if (name.isEmpty()) {
            throw ApiException.badRequest("Missing service name");
        }
        String id = b.text("ID");
        if (id.isEmpty()) {
            id = name;
        }
        String address = b.text("Address");
        if (UNSPECIFIED_ADDRESSES.contains(address)) {
            throw ApiException.badRequest("Invalid service address");
        }
        RequestValues.requireServiceName(name);
        RequestValues.requireWord("service ID", id);
        if (!address.isEmpty()) {
            RequestValues.requireWord("service address", address);
        }
        String kind = b.text("Kind");
        if (!kind.isEmpty()) {
            RequestValues.requireWord("service kind", kind);
        }
        List<String> tags = b.strings("Tags");
        tags.forEach(t -> RequestValues.requireText("tag", t));
        Weights weights = weights(b.object("Weights", "Weights"));
        Map<String, String> meta = b.stringMap("Meta");
        InputRules.checkMeta(meta).ifPresent(r -> {
            throw ApiException.badRequest("Invalid Service Meta: " + r);
        });
        int port = b.integer("Port");
        InputRules.checkPort(port).ifPresent(r -> {
            throw ApiException.badRequest(r);
        });
        NodeService service = new NodeService(kind, id, name, tags, address, RequestValues.serviceTaggedAddresses(b), meta, port, weights,
                b.bool("EnableTagOverride", "enable_tag_override"), Indexes.NONE);
        List<CheckRegistration> checks = new ArrayList<>();
        JsonBody single = b.object("CheckType", "Check");
        if (single != null && !single.isEmpty()) {
            checks.add(check(single, "", true));
        }
        for (JsonBody c : b.objects("CheckType", "Checks")) {
            if (!c.isEmpty()) {
                checks.add(check(c, "", true));
            }
        }
        return new ServiceRegistration(service, checks);
    }

    /** {@code /v1/agent/check/register}: Name required, ID defaults to Name, may attach to a local service. */
    static CheckRegistration checkRegistration(JsonBody b) {
        if (b.text("Name").isEmpty()) {
            throw ApiException.badRequest("Missing check name");
        }
        String status = b.text("Status");
        if (!status.isEmpty() && HealthStatus.parse(status).isEmpty()) {
            throw ApiException.badRequest("Bad check status");
        }
        String serviceId = b.text("ServiceID", "service_id");
        if (!serviceId.isEmpty()) {
            RequestValues.requireWord("service ID", serviceId);
        }
        CheckRegistration c = check(b, serviceId, false);
        String id = c.checkId().isEmpty() ? c.name() : c.checkId();
        return new CheckRegistration(id, c.name(), c.notes(), serviceId, c.status(), c.type(), c.definition());
    }

    /** A CheckType: exactly one of TTL or an interval-driven kind, validated like Consul's CheckType.Validate. */
    private static CheckRegistration check(JsonBody c, String serviceId, boolean inService) {
        Duration ttl = c.duration("TTL");
        Duration interval = c.duration("Interval");
        boolean intervalKind = !c.text("HTTP").isEmpty() || !c.text("TCP").isEmpty() || !c.text("UDP").isEmpty()
                || !c.text("GRPC").isEmpty() || c.has("Args", "ScriptArgs", "args", "script_args");
        if (ttl != null && interval != null && !interval.isZero()) {
            throw ApiException.badRequest("Invalid check: Interval and TTL cannot both be specified");
        }
        if (intervalKind && (interval == null || interval.isZero() || interval.isNegative())) {
            throw ApiException.badRequest("Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks");
        }
        if (!intervalKind && c.text("AliasService").isEmpty() && c.text("AliasNode").isEmpty()
                && (ttl == null || ttl.isZero() || ttl.isNegative())) {
            throw ApiException.badRequest("Invalid check: TTL must be > 0 for TTL checks");
        }
        if (c.has("Args", "ScriptArgs", "args", "script_args")) {
            throw ApiException.badRequest("Scripts are disabled on this agent; to enable, configure 'enable_script_checks' "
                    + "or 'enable_local_script_checks' to true");
        }
        String statusText = c.text("Status");
        HealthStatus status = null;
        if (!statusText.isEmpty()) {
            status = HealthStatus.parse(statusText).orElseThrow(() -> ApiException.badRequest(inService
                    ? "Status for checks must 'passing', 'warning', 'critical'" : "Bad check status"));
        }
        String http = c.text("HTTP");
        String tcp = c.text("TCP");
        if (!tcp.isEmpty()) {
            RequestValues.requireWord("TCP check address", tcp);
        }
        RequestValues.requireText("HTTP check URL", http);
        String name = c.text("Name");
        RequestValues.requireText("check name", name);
        String checkId = c.text("CheckID", "ID");
        RequestValues.requireText("check ID", checkId);
        int failuresBeforeWarning = c.integer("FailuresBeforeWarning");
        int failuresBeforeCritical = c.integer("FailuresBeforeCritical");
        if (failuresBeforeWarning > failuresBeforeCritical && failuresBeforeCritical > 0) {
            throw ApiException.badRequest("Invalid check: FailuresBeforeWarning can't be higher than FailuresBeforeCritical");
        }
        int outputMaxSize = c.integer("OutputMaxSize");
        if (outputMaxSize < 0) {
            throw ApiException.badRequest("Invalid check: MaxOutputMaxSize must be positive");
        }
        CheckDefinition definition = new CheckDefinition(http, tcp, c.text("UDP"), c.text("GRPC"), c.text("Method"),
                c.text("Body"), c.bool("TLSSkipVerify", "tls_skip_verify"), header(c), interval, c.duration("Timeout"), ttl,
                c.duration("DeregisterCriticalServiceAfter", "deregister_critical_service_after"),
                c.integer("SuccessBeforePassing"), failuresBeforeWarning, failuresBeforeCritical, outputMaxSize);
        return new CheckRegistration(checkId, name, c.text("Notes"), serviceId, status, "", definition);
    }

    private static Map<String, List<String>> header(JsonBody c) {
        Map<String, List<String>> header = new LinkedHashMap<>();
        JsonNode raw = c.raw("Header");
        if (raw != null) {
            if (!raw.isObject()) {
                throw c.mismatch(raw, "Header", "map[string][]string");
            }
            JsonBody headers = new JsonBody(raw, "Header");
            raw.fieldNames().forEachRemaining(k -> {
                RequestValues.requireText("header name", k);
                List<String> values = headers.strings(k);
                values.forEach(v -> RequestValues.requireText("header value", v));
                header.put(k, values);
            });
        }
        return header;
    }


    /** The agent validates weights (Consul's ValidateWeights), unlike the catalog. */
    private static Weights weights(JsonBody w) {
        if (w == null) {
            return Weights.DEFAULT;
        }
        int passing = w.integer("Passing");
        int warning = w.integer("Warning");
        InputRules.checkWeights(passing, warning).ifPresent(r -> {
            throw ApiException.badRequest(r);
        });
        return new Weights(passing, warning);
    }



}
