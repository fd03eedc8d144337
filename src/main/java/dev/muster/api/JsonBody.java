package dev.muster.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.config.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON object the way Consul's decoder does for real clients: keys match case-insensitively
 * (python-consul sends {@code name}, {@code serviceid}), listed snake_case aliases are accepted, explicit
 * nulls count as absent (inside lists and maps they are {@code ""}, as Go decodes them) and unknown keys
 * are ignored. A value of the wrong type is Consul's 400
 * {@code Request decode failed: json: cannot unmarshal ...}. Immutable.
 */
final class JsonBody {
    private final JsonNode node;
    private final String struct;

    JsonBody(JsonNode node, String struct) {
        if (!node.isObject()) {
            throw ApiException.decodeFailed("json: cannot unmarshal " + kind(node) + " into Go value of type " + struct);
        }
        this.node = node;
        this.struct = struct;
    }

    /** The value of the first of {@code names} present (case-insensitive), or null when absent or null. */
    private JsonNode find(String... names) {
        for (String name : names) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                if (f.getKey().equalsIgnoreCase(name) && !f.getValue().isNull()) {
                    return f.getValue();
                }
            }
        }
        return null;
    }

    /** True when every field is null, "", 0, false or empty (Consul's CheckType.Empty() skips such a check). */
    boolean isEmpty() {
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            JsonNode v = f.getValue();
            boolean zero = v.isNull() || (v.isTextual() && v.textValue().isEmpty()) || (v.isNumber() && v.asDouble() == 0)
                    || (v.isBoolean() && !v.booleanValue()) || (v.isContainerNode() && v.isEmpty());
            if (!zero) {
                return false;
            }
        }
        return true;
    }

    /** True when the key is there at all, even as {@code null} (Go's nil for a list differs from absent). */
    boolean mentions(String name) {
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            if (f.getKey().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    boolean has(String... names) {
        return find(names) != null;
    }

    String text(String... names) {
        JsonNode v = find(names);
        if (v == null) {
            return "";
        }
        if (!v.isTextual()) {
            throw mismatch(v, names[0], "string");
        }
        return v.textValue();
    }

    boolean bool(String... names) {
        JsonNode v = find(names);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw mismatch(v, names[0], "bool");
        }
        return v.booleanValue();
    }

    int integer(String name) {
        JsonNode v = find(name);
        if (v == null) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw mismatch(v, name, "int");
        }
        return v.intValue();
    }

    /** A Go duration string ({@code "10s"}) or an integer of nanoseconds; null when absent. */
    Duration duration(String... names) {
        JsonNode v = find(names);
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return Duration.ofNanos(v.longValue());
        }
        if (!v.isTextual()) {
            throw mismatch(v, names[0], "time.Duration");
        }
        if (v.textValue().isEmpty()) {
            return null;
        }
        try {
            return GoDuration.parse(v.textValue());
        } catch (IllegalArgumentException e) {
            throw ApiException.decodeFailed("time: " + e.getMessage());
        }
    }

    List<String> strings(String name) {
        JsonNode v = find(name);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw mismatch(v, name, "[]string");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (item.isNull()) {
                out.add("");
            } else if (!item.isTextual()) {
                throw mismatch(item, name, "string");
            } else {
                out.add(item.textValue());
            }
        }
        return out;
    }

    Map<String, String> stringMap(String... names) {
        JsonNode v = find(names);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            throw mismatch(v, names[0], "map[string]string");
        }
        for (Map.Entry<String, JsonNode> f : v.properties()) {
            if (f.getValue().isNull()) {
                out.put(f.getKey(), "");
            } else if (!f.getValue().isTextual()) {
                throw mismatch(f.getValue(), names[0], "string");
            } else {
                out.put(f.getKey(), f.getValue().textValue());
            }
        }
        return out;
    }

    /** A nested object, or null when absent. */
    JsonBody object(String struct, String... names) {
        JsonNode v = find(names);
        return v == null ? null : new JsonBody(v, struct);
    }

    /** A nested array of objects (empty when absent). */
    List<JsonBody> objects(String struct, String name) {
        JsonNode v = find(name);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw mismatch(v, name, "[]*" + struct);
        }
        List<JsonBody> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isNull()) {
                out.add(new JsonBody(item, struct));
            }
        }
        return out;
    }

    /** The raw node of a nested value, for maps of objects; null when absent. */
    JsonNode raw(String... names) {
        return find(names);
    }

    ApiException mismatch(JsonNode value, String field, String goType) {
        return ApiException.decodeFailed("json: cannot unmarshal " + kind(value) + " into Go struct field "
                + struct + "." + field + " of type " + goType);
    }

    /** Go's name for a JSON value's kind, as encoding/json's UnmarshalTypeError prints it. */
    static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isArray()) {
            return "array";
        }
        return v.isObject() ? "object" : "null";
    }
}
