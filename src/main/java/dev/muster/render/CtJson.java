package dev.muster.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.muster.gotemplate.GoFunction;
import dev.muster.gotemplate.GoStruct;
import dev.muster.gotemplate.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * consul-template's JSON and YAML functions (go-template spec §4.8): {@code parseJSON} (numbers as float64,
 * {@code ""} an empty map; strings keep the input's taint), {@code toJSON}, {@code toJSONPretty} (2-space indent)
 * and the unescaped variants (Go's encoding/json sorts map keys and escapes {@code < > &} unless unescaped);
 * {@code parseYAML} (integers stay integers, as yaml.v2 decodes them) and {@code toYAML}. The output of a value
 * holding tainted strings is tainted as a whole: JSON and YAML syntax cannot reach nginx unchecked. Stateless.
 */
final class CtJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final ObjectMapper YAML = new ObjectMapper(com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder()
            .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES).build())
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private CtJson() {
    }

    static void register(Map<String, GoFunction> f) {
        f.put("parseJSON", a -> parse(CtFunctions.one(a, "parseJSON")));
        f.put("toJSON", a -> encode(CtFunctions.one(a, "toJSON"), false, true));
        f.put("toJSONPretty", a -> encode(CtFunctions.one(a, "toJSONPretty"), true, true));
        f.put("toUnescapedJSON", a -> encode(CtFunctions.one(a, "toUnescapedJSON"), false, false));
        f.put("toUnescapedJSONPretty", a -> encode(CtFunctions.one(a, "toUnescapedJSONPretty"), true, false));
        f.put("parseYAML", a -> parseYaml(CtFunctions.one(a, "parseYAML")));
        f.put("toYAML", a -> {
            Object v = CtFunctions.one(a, "toYAML");
            String yaml = YAML.writeValueAsString(tree(v)).strip();
            String origin = Text.originOf(v);
            return origin == null ? yaml : Text.tainted(yaml, origin);
        });
    }

    private static Object parseYaml(Object input) throws JsonProcessingException {
        String text = CtFunctions.str(input);
        if (text.isBlank()) {
            return new TreeMap<String, Object>();
        }
        String origin = input instanceof Text t ? t.origin() : null;
        return plainYaml(YAML.readTree(text), origin);
    }

    /** Like {@link #plain} but integers stay integers (yaml.v2 decodes 7 as int). */
    private static Object plainYaml(JsonNode n, String origin) {
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isObject()) {
            Map<String, Object> out = new TreeMap<>();
            n.properties().forEach(e -> out.put(e.getKey(), plainYaml(e.getValue(), origin)));
            return out;
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(e -> out.add(plainYaml(e, origin)));
            return out;
        }
        return plain(n, origin);
    }

    private static Object parse(Object input) throws JsonProcessingException {
        String text = CtFunctions.str(input);
        if (text.isEmpty()) {
            return new TreeMap<String, Object>();
        }
        String origin = input instanceof Text t ? t.origin() : null;
        return plain(MAPPER.readTree(text), origin);
    }

    private static Object plain(JsonNode n, String origin) {
        if (n.isObject()) {
            Map<String, Object> out = new TreeMap<>();
            n.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue(), origin)));
            return out;
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(e -> out.add(plain(e, origin)));
            return out;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNull()) {
            return null;
        }
        return origin == null ? n.asText() : Text.tainted(n.asText(), origin);
    }

    private static Object encode(Object v, boolean pretty, boolean escapeHtml) throws JsonProcessingException {
        var writer = MAPPER.writer();
        if (pretty) {
            writer = writer.withDefaultPrettyPrinter();
        }
        String json = writer.writeValueAsString(tree(v)).strip();
        if (escapeHtml) {
            json = json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        }
        if (pretty) {
            json = json.replace(" : ", ": ");
        }
        String origin = Text.originOf(v);
        return origin == null ? json : Text.tainted(json, origin);
    }

    /** Go values as Jackson-friendly ones: structs by field name, tainted strings as their characters. */
    private static Object tree(Object v) {
        if (v instanceof Text t) {
            return t.toString();
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e21) {
            return new java.math.BigDecimal(d).toBigInteger(); // Go writes float64 7 as 7
        }
        if (v instanceof GoStruct s) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            s.fieldNames().forEach(f -> out.put(f, tree(s.field(f))));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), tree(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(tree(x)));
            return out;
        }
        return v;
    }
}
