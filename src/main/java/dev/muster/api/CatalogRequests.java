package dev.muster.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.model.CheckDefinition;
import dev.muster.model.DeregisterRequest;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.InputRules;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.RegisterRequest;
import dev.muster.model.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns {@code /v1/catalog/register} and {@code /deregister} bodies into validated requests, with
 * Consul's defaults and error texts (agent/consul/catalog_endpoint.go Register) plus Muster's input rules
 * ({@link InputRules}). Everything is checked before the state store sees the request. Stateless.
 */
final class CatalogRequests {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> UNSPECIFIED_ADDRESSES = Set.of("0.0.0.0", "::", "[::]");

    private CatalogRequests() {
    }

    static RegisterRequest register(JsonBody body, String datacenter) {
        String nodeName = body.text("Node");
        if (nodeName.isEmpty()) {
            throw ApiException.serverError("Must provide node");
        }
        RequestValues.requireWord("node name", nodeName);
        checkDatacenter(body, datacenter);
        String id = body.text("ID");
        if (!id.isEmpty() && !UUID.matcher(id).matches()) {
            throw ApiException.serverError("Bad node ID: uuid string is wrong length");
        }
        boolean skipNodeUpdate = body.bool("SkipNodeUpdate");
        String address = body.text("Address");
        if (address.isEmpty() && !skipNodeUpdate) {
            throw ApiException.serverError("Must provide address if SkipNodeUpdate is not set");
        }
        if (!address.isEmpty()) {
            RequestValues.requireWord("address", address);
        }
        if (!body.text("PeerName").isEmpty()) {
            throw ApiException.serverError("cannot register requests with PeerName in them");
        }
        Map<String, String> tagged = body.stringMap("TaggedAddresses", "tagged_addresses");
        tagged.forEach((k, v) -> {
            RequestValues.requireText("tagged address name", k);
            RequestValues.requireWord("tagged address", v);
        });
        Map<String, String> nodeMeta = body.stringMap("NodeMeta");
        nodeMeta.forEach((k, v) -> {
            RequestValues.requireText("node meta key", k);
            RequestValues.requireText("node meta value", v);
        });
        Node node = new Node(id, nodeName, address, datacenter, tagged, nodeMeta, Indexes.NONE);

        JsonBody serviceBody = body.object("NodeService", "Service");
        NodeService service = serviceBody == null ? null : service(serviceBody, nodeName);

        List<JsonBody> checkBodies = new ArrayList<>(body.objects("HealthCheck", "Checks"));
        JsonBody single = body.object("HealthCheck", "Check");
        if (single != null) {
            checkBodies.add(single);
        }
        List<HealthCheck> checks = new ArrayList<>();
        for (JsonBody c : checkBodies) {
            checks.add(check(c, nodeName));
        }
        return new RegisterRequest(node, skipNodeUpdate, service, checks);
    }

    static DeregisterRequest deregister(JsonBody body, String datacenter) {
        String node = body.text("Node");
        if (node.isEmpty()) {
            throw ApiException.serverError("Must provide node");
        }
        checkDatacenter(body, datacenter);
        return new DeregisterRequest(node, body.text("ServiceID", "service_id"), body.text("CheckID", "check_id"));
    }

    private static void checkDatacenter(JsonBody body, String datacenter) {
        String dc = body.text("Datacenter");
        if (!dc.isEmpty() && !dc.equals(datacenter)) {
            throw ApiException.serverError("No path to datacenter");
        }
    }

    static NodeService service(JsonBody s, String nodeName) {
        String name = s.text("Service");
        String id = s.text("ID");
        if (id.isEmpty()) {
            id = name;
        }
        if (name.isEmpty()) {
            throw ApiException.serverError(id.isEmpty() ? "Must provide service name (Service.Service)"
                    : "Must provide service name (Service.Service) when service ID is provided");
        }
        RequestValues.requireServiceName(name);
        RequestValues.requireWord("service ID", id);
        String address = s.text("Address");
        if (UNSPECIFIED_ADDRESSES.contains(address)) {
            throw ApiException.serverError("Invalid service address");
        }
        if (!address.isEmpty()) {
            RequestValues.requireWord("service address", address);
        }
        List<String> tags = s.strings("Tags");
        tags.forEach(t -> RequestValues.requireText("tag", t));
        Map<String, String> meta = s.stringMap("Meta");
        String serviceId = id;
        InputRules.checkMeta(meta).ifPresent(reason -> {
            throw ApiException.serverError("Invalid Service Meta for node " + nodeName + " and serviceID "
                    + serviceId + ": " + reason);
        });
        int port = s.integer("Port");
        InputRules.checkPort(port).ifPresent(r -> {
            throw ApiException.badRequest(r);
        });
        String kind = s.text("Kind");
        if (!kind.isEmpty()) {
            RequestValues.requireWord("service kind", kind);
        }
        return new NodeService(kind, id, name, tags, address, RequestValues.serviceTaggedAddresses(s), meta, port,
                weights(s.object("Weights", "Weights")), s.bool("EnableTagOverride", "enable_tag_override"),
                Indexes.NONE);
    }


    /**
     * Consul's catalog never rejects weights: unset or invalid ones become {1,1} (the Go client always
     * sends {@code {"Passing":0,"Warning":0}} when the caller sets none).
     */
    private static Weights weights(JsonBody w) {
        if (w == null) {
            return Weights.DEFAULT;
        }
        int passing = w.integer("Passing");
        int warning = w.integer("Warning");
        if (passing <= 0 || warning < 0) {
            return Weights.DEFAULT;
        }
        return new Weights(passing, warning);
    }

    static HealthCheck check(JsonBody c, String requestNode) {
        String node = c.text("Node");
        String name = c.text("Name");
        String checkId = c.text("CheckID");
        if (checkId.isEmpty()) {
            checkId = name;
        }
        if (node.isEmpty()) {
            node = requestNode;
        } else if (!node.equalsIgnoreCase(requestNode)) {
            throw ApiException.serverError("Node '" + node + "' for check '" + checkId
                    + "' doesn't match register request node '" + requestNode + "'");
        }
        if (checkId.isEmpty()) {
            throw ApiException.badRequest("Must provide check Name or CheckID");
        }
        RequestValues.requireText("check name", name);
        RequestValues.requireText("check ID", checkId);
        String statusText = c.text("Status");
        HealthStatus status = statusText.isEmpty() ? HealthStatus.CRITICAL : HealthStatus.parse(statusText)
                .orElseThrow(() -> ApiException.badRequest("Invalid check status: \"" + statusText + "\""));
        JsonBody def = c.object("HealthCheckDefinition", "Definition");
        CheckDefinition definition = def == null ? CheckDefinition.EMPTY : definition(def);
        String serviceId = c.text("ServiceID", "service_id");
        if (!serviceId.isEmpty()) {
            RequestValues.requireWord("service ID", serviceId);
        }
        String type = c.text("Type");
        return new HealthCheck(requestNode, checkId, name, status, c.text("Notes"), c.text("Output"), serviceId,
                "", List.of(), type.isEmpty() ? definition.derivedType() : type, definition, Indexes.NONE);
    }

    private static CheckDefinition definition(JsonBody d) {
        Map<String, List<String>> header = new LinkedHashMap<>();
        JsonNode raw = d.raw("Header");
        if (raw != null) {
            if (!raw.isObject()) {
                throw d.mismatch(raw, "Header", "map[string][]string");
            }
            JsonBody headers = new JsonBody(raw, "Header");
            raw.fieldNames().forEachRemaining(k -> header.put(k, headers.strings(k)));
        }
        return new CheckDefinition(d.text("HTTP"), d.text("TCP"), d.text("UDP"), d.text("GRPC"), d.text("Method"),
                d.text("Body"), d.bool("TLSSkipVerify", "tls_skip_verify"), header, d.duration("Interval"),
                d.duration("Timeout"), d.duration("TTL"),
                d.duration("DeregisterCriticalServiceAfter", "deregister_critical_service_after"), 0, 0, 0, 0);
    }



}
