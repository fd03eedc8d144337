package dev.muster.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.model.HealthCheck;
import dev.muster.model.Indexes;
import dev.muster.model.InputRules;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.state.TxnOp;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a {@code PUT /v1/txn} body (Consul's agent/txn_endpoint.go convertOps) in Consul's order of checks: a
 * JSON array of operations, each with one of {@code KV}, {@code Node}, {@code Service}, {@code Check} (an element
 * with none is dropped); unknown fields of an operation and of a KV op are refused, as Go's strict decoder does;
 * at most {@value #MAX_OPS} operations; no KV value over the value limit. Stateless.
 */
final class TxnRequests {
    /** Consul's maxTxnOps since 1.14. */
    static final int MAX_OPS = 128;
    private static final Set<String> OP_FIELDS = Set.of("kv", "node", "service", "check");
    private static final Set<String> KV_FIELDS = Set.of("verb", "key", "value", "flags", "index", "session",
            "namespace", "partition");
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private TxnRequests() {
    }

    static List<TxnOp> ops(JsonNode body, String datacenter) {
        if (!body.isArray()) {
            throw parseError("json: cannot unmarshal " + (body.isObject() ? "object" : "value")
                    + " into Go value of type api.TxnOps");
        }
        List<JsonNode> elements = new ArrayList<>();
        for (JsonNode element : body) {
            if (!element.isObject()) {
                throw parseError("json: cannot unmarshal value into Go value of type api.TxnOp");
            }
            checkFields(element, OP_FIELDS);
            if (present(element, "kv") || present(element, "node") || present(element, "service")
                    || present(element, "check")) {
                elements.add(element);
            }
        }
        if (elements.size() > MAX_OPS) {
            throw new ApiException(413, "Transaction contains too many operations (" + elements.size() + " > "
                    + MAX_OPS + ")");
        }
        List<TxnOp> ops = new ArrayList<>();
        for (JsonNode element : elements) {
            JsonBody op = new JsonBody(element, "api.TxnOp");
            if (op.has("KV")) {
                ops.add(kv(field(element, "kv")));
            } else if (op.has("Node")) {
                ops.add(node(op.object("api.NodeTxnOp", "Node"), datacenter));
            } else if (op.has("Service")) {
                JsonBody s = op.object("api.ServiceTxnOp", "Service");
                String nodeName = s.text("Node");
                JsonBody service = s.object("api.AgentService", "Service");
                if (service == null) {
                    throw ApiException.badRequest("Failed to parse body: a Service operation needs a Service");
                }
                ops.add(new TxnOp.ServiceOp(s.text("Verb"), nodeName, CatalogRequests.service(service, nodeName),
                        index(service)));
            } else {
                JsonBody c = op.object("api.CheckTxnOp", "Check");
                JsonBody check = c.object("api.HealthCheck", "Check");
                if (check == null) {
                    throw ApiException.badRequest("Failed to parse body: a Check operation needs a Check");
                }
                HealthCheck parsed = CatalogRequests.check(check, check.text("Node"));
                ops.add(new TxnOp.CheckOp(c.text("Verb"), parsed, index(check)));
            }
        }
        return ops;
    }

    private static TxnOp.Kv kv(JsonNode kv) {
        if (!kv.isObject()) {
            throw parseError("json: cannot unmarshal value into Go struct field TxnOp.KV of type api.KVTxnOp");
        }
        checkFields(kv, KV_FIELDS);
        JsonBody b = new JsonBody(kv, "api.KVTxnOp");
        String key = b.text("Key");
        InputRules.checkKvKey(key).ifPresent(reason -> {
            throw ApiException.badRequest(reason);
        });
        byte[] value = null;
        JsonNode v = b.raw("Value");
        if (v != null) {
            if (!v.isTextual()) {
                throw parseError("json: cannot unmarshal " + JsonBody.kind(v)
                        + " into Go struct field KVTxnOp.KV.Value of type []uint8");
            }
            try {
                value = Base64.getDecoder().decode(v.textValue());
            } catch (IllegalArgumentException e) {
                throw parseError("illegal base64 data at input byte " + badBase64At(v.textValue()));
            }
        }
        if (value != null && value.length > KvEndpoints.MAX_VALUE_BYTES) {
            throw new ApiException(413, "Value for key " + KvEndpoints.goQuote(key) + " is too large (" + value.length
                    + " > " + KvEndpoints.MAX_VALUE_BYTES + " bytes)");
        }
        return new TxnOp.Kv(b.text("Verb"), key, value, uint64(b.raw("Flags"), "Flags"), uint64(b.raw("Index"), "Index"),
                b.text("Session"));
    }

    private static TxnOp.NodeOp node(JsonBody op, String datacenter) {
        JsonBody n = op.object("api.Node", "Node");
        if (n == null) {
            throw ApiException.badRequest("Failed to parse body: a Node operation needs a Node");
        }
        String name = n.text("Node");
        if (name.isEmpty()) {
            throw ApiException.serverError("Must provide node");
        }
        RequestValues.requireWord("node name", name);
        String address = n.text("Address");
        if (!address.isEmpty()) {
            RequestValues.requireWord("address", address);
        }
        String dc = n.text("Datacenter");
        Map<String, String> tagged = n.stringMap("TaggedAddresses");
        tagged.forEach((k, v) -> {
            RequestValues.requireText("tagged address name", k);
            RequestValues.requireWord("tagged address", v);
        });
        Map<String, String> meta = n.stringMap("Meta");
        meta.forEach((k, v) -> {
            RequestValues.requireText("node meta key", k);
            RequestValues.requireText("node meta value", v);
        });
        Node node = new Node(n.text("ID"), name, address, dc.isEmpty() ? datacenter : dc, tagged, meta, Indexes.NONE);
        return new TxnOp.NodeOp(op.text("Verb"), node, index(n));
    }

    /** The object's ModifyIndex (what cas and delete-cas compare against). */
    private static long index(JsonBody record) {
        return uint64(record.raw("ModifyIndex"), "ModifyIndex");
    }

    private static long uint64(JsonNode v, String field) {
        if (v == null) {
            return 0;
        }
        if (!v.isIntegralNumber() || v.bigIntegerValue().signum() < 0 || v.bigIntegerValue().compareTo(MAX_UINT64) > 0) {
            throw parseError("json: cannot unmarshal " + JsonBody.kind(v) + (v.isNumber() ? " " + v.asText() : "")
                    + " into Go struct field " + field + " of type uint64");
        }
        return v.bigIntegerValue().longValue();
    }

    /** Go's strict decoder: a field that is not in the struct (names compared case-insensitively) is an error. */
    private static void checkFields(JsonNode object, Set<String> allowed) {
        object.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw parseError("json: unknown field " + KvEndpoints.goQuote(name));
            }
        });
    }

    private static boolean present(JsonNode object, String lowerName) {
        JsonNode v = field(object, lowerName);
        return v != null && !v.isNull();
    }

    private static JsonNode field(JsonNode object, String lowerName) {
        for (Map.Entry<String, JsonNode> f : object.properties()) {
            if (f.getKey().equalsIgnoreCase(lowerName)) {
                return f.getValue();
            }
        }
        return null;
    }

    /** The offset of the first byte Go's base64 decoder would refuse. */
    private static int badBase64At(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/';
            if (!alphabet && !(c == '=' && i >= s.length() - 2)) {
                return i;
            }
        }
        return s.length() - s.length() % 4;
    }

    private static ApiException parseError(String detail) {
        return ApiException.badRequest("Failed to parse body: " + detail);
    }
}
