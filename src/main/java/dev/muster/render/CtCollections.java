package dev.muster.render;

import dev.muster.gotemplate.GoFunction;
import dev.muster.gotemplate.GoStruct;
import dev.muster.gotemplate.StructValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * consul-template's grouping and map functions (go-template spec §4.6): {@code byMeta}, {@code byPort}, {@code explode},
 * {@code explodeMap}, {@code mergeMap} (the destination wins) and {@code mergeMapWithOverride} (the piped source
 * wins), and {@code hmacSHA256Hex}. Stateless.
 */
final class CtCollections {
    private CtCollections() {
    }

    static void register(Map<String, GoFunction> f) {
        f.put("byMeta", a -> {
            GoFunction.ArgumentException.requireCount("byMeta", a, 2);
            return byMeta(CtFunctions.str(a.get(0)), a.get(1));
        });
        f.put("byPort", a -> byPort(CtFunctions.one(a, "byPort")));
        f.put("explode", a -> explode(CtFunctions.one(a, "explode")));
        f.put("explodeMap", a -> explodeMap(CtFunctions.one(a, "explodeMap")));
        f.put("mergeMap", a -> {
            GoFunction.ArgumentException.requireCount("mergeMap", a, 2);
            return merge(map(a.get(0), "mergeMap"), map(a.get(1), "mergeMap"), false);
        });
        f.put("mergeMapWithOverride", a -> {
            GoFunction.ArgumentException.requireCount("mergeMapWithOverride", a, 2);
            return merge(map(a.get(0), "mergeMapWithOverride"), map(a.get(1), "mergeMapWithOverride"), true);
        });
        f.put("hmacSHA256Hex", a -> {
            GoFunction.ArgumentException.requireCount("hmacSHA256Hex", a, 2);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(CtFunctions.utf8(a.get(1)), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(CtFunctions.utf8(a.get(0))));
        });
    }

    /**
     * Groups instances by the values of ServiceMeta keys: {@code "version,env"}; a key with {@code |int} is
     * zero-padded to 5 digits; a missing key is {@code _no_<key>_}; anything but [a-zA-Z0-9_-] becomes '_'.
     */
    private static Map<String, Object> byMeta(String keys, Object services) {
        if (!(services instanceof List<?> list)) {
            throw new IllegalArgumentException("byMeta: wrong argument type");
        }
        Map<String, Object> out = new TreeMap<>();
        for (Object item : list) {
            if (!(item instanceof GoStruct s) || !s.fieldNames().contains("ServiceMeta")) {
                throw new IllegalArgumentException("byMeta: wrong argument type");
            }
            Map<?, ?> meta = (Map<?, ?>) s.field("ServiceMeta");
            List<String> parts = new ArrayList<>();
            for (String spec : keys.split(",")) {
                String key = spec.strip();
                boolean asInt = key.endsWith("|int");
                if (asInt) {
                    key = key.substring(0, key.length() - 4);
                }
                Object v = meta.get(key);
                String part;
                if (asInt) {
                    String text = v == null ? "0" : v.toString();
                    try {
                        part = String.format("%05d", Integer.parseInt(text));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("cannot parse " + text + " as number : strconv.Atoi: parsing "
                                + CtFunctions.quote(text) + ": invalid syntax");
                    }
                } else {
                    part = v == null ? "_no_" + key + "_" : v.toString();
                }
                parts.add(part.replaceAll("[^a-zA-Z0-9_-]", "_"));
            }
            @SuppressWarnings("unchecked")
            List<Object> group = (List<Object>) out.computeIfAbsent(String.join("_", parts), k -> new ArrayList<>());
            group.add(item);
        }
        return out;
    }

    /** Instances grouped by port (ranging yields the ports in numeric order); snippets have no port. */
    private static Map<Object, Object> byPort(Object in) {
        if (!(in instanceof List<?> list)) {
            throw new IllegalArgumentException("byPort: wrong argument type");
        }
        Map<Object, Object> out = new TreeMap<>();
        for (Object item : list) {
            if (!(item instanceof GoStruct s) || !s.fieldNames().contains("Port")) {
                throw new IllegalArgumentException("byPort: wrong argument type []*"
                        + (item instanceof GoStruct g ? g.goType().replace("*", "") : "interface {}"));
            }
            @SuppressWarnings("unchecked")
            List<Object> group = (List<Object>) out.computeIfAbsent(s.field("Port"), k -> new ArrayList<>());
            group.add(item);
        }
        return out;
    }

    /** KV pairs ({@code a/b/c = v}) as nested maps; the pairs' metadata is dropped. */
    private static Map<String, Object> explode(Object pairs) {
        if (!(pairs instanceof List<?> list)) {
            throw new IllegalArgumentException("explode: wrong argument type");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        for (Object p : list) {
            if (p instanceof StructValue s && s.fieldNames().contains("Key")) {
                flat.put(s.field("Key").toString(), s.field("Value"));
            }
        }
        return nest(flat, "explode");
    }

    private static Map<String, Object> explodeMap(Object in) {
        return nest(new TreeMap<>(map(in, "explodeMap")), "explodeMap");
    }

    private static Map<String, Object> nest(Map<String, Object> flat, String fn) {
        Map<String, Object> root = new TreeMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String[] path = e.getKey().split("/");
            Map<String, Object> at = root;
            for (int i = 0; i < path.length - 1; i++) {
                if (path[i].isEmpty()) {
                    continue;
                }
                Object next = at.computeIfAbsent(path[i], k -> new TreeMap<String, Object>());
                if (!(next instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException(fn + ": not a map: " + CtFunctions.quote(e.getKey()) + ": "
                            + CtFunctions.quote(path[i]) + " already has value " + CtFunctions.quote(next.toString()));
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) next;
                at = nested;
            }
            String last = path.length == 0 ? "" : path[path.length - 1];
            if (!last.isEmpty()) {
                at.put(last, e.getValue());
            }
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v, String fn) {
        if (v == null) {
            return new TreeMap<>();
        }
        if (!(v instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(fn + ": wrong argument type: expected a map");
        }
        return (Map<String, Object>) v;
    }

    /** A deep merge of {@code src} into a copy of {@code dst}; with {@code override} the source wins. */
    private static Map<String, Object> merge(Map<String, Object> dst, Map<String, Object> src, boolean override) {
        Map<String, Object> out = new TreeMap<>(dst);
        src.forEach((k, v) -> {
            Object existing = out.get(k);
            if (existing instanceof Map<?, ?> a && v instanceof Map<?, ?> b) {
                out.put(k, merge(map(a, "mergeMap"), map(b, "mergeMap"), override));
            } else if (existing == null || override) {
                out.put(k, v);
            }
        });
        return out;
    }
}
