package dev.muster.render;

import dev.muster.gotemplate.GoFunction;
import dev.muster.gotemplate.GoObject;
import dev.muster.gotemplate.Text;
import dev.muster.model.CheckServiceNode;
import dev.muster.model.KvEntry;
import dev.muster.model.NodeServices;
import dev.muster.state.CatalogState;
import dev.muster.state.HealthState;
import dev.muster.state.KvState;
import dev.muster.state.ServiceSummary;
import dev.muster.state.WatchSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * consul-template's function library for the Go engine (go-template spec §4), bound to one render: registry
 * reads ({@code services}, {@code service}, {@code node}, {@code nodes}, {@code datacenters}) and KV reads
 * register their watches in the render's watch set; strings keep their taint through the string functions.
 * Functions consul-template has that Muster does not run are declared (templates parse) and refused when the
 * template loads ({@link #UNSUPPORTED}). Not thread-safe: one per render.
 */
final class CtFunctions {
    /** Names Muster declares but refuses at load, with why. */
    static final Map<String, String> UNSUPPORTED = unsupported();
    /** Every name a Go template may call. */
    static final Set<String> NAMES;

    static {
        Set<String> names = new java.util.HashSet<>(UNSUPPORTED.keySet());
        names.addAll(List.of("services", "service", "node", "nodes", "datacenters", "key", "keyOrDefault", "keyExists",
                "ls", "safeLs", "tree", "safeTree", "env", "envOrDefault", "mustEnv", "contains", "containsAll",
                "containsAny", "containsNone", "containsNotAll", "in", "join", "split", "splitToMap", "trim",
                "trimPrefix", "trimSuffix", "trimSpace", "toLower", "toUpper", "toTitle", "replaceAll", "regexMatch",
                "regexReplaceAll", "indent", "byTag", "byKey", "add", "subtract", "multiply", "divide", "modulo",
                "minimum", "maximum", "loop", "sha256Hex", "md5sum", "base64Encode", "base64Decode", "base64URLEncode",
                "base64URLDecode", "parseBool", "parseInt", "parseUint", "parseFloat", "scratch", "executeTemplate",
                "timestamp", "parseJSON", "toJSON", "toJSONPretty", "toUnescapedJSON", "toUnescapedJSONPretty",
                "byMeta", "explode", "explodeMap", "mergeMap", "mergeMapWithOverride", "hmacSHA256Hex", "parseYAML",
                "toYAML", "byPort"));
        NAMES = Set.copyOf(names);
    }

    private static Map<String, String> unsupported() {
        Map<String, String> m = new TreeMap<>();
        for (String f : List.of("secret", "secrets", "pkiCert")) {
            m.put(f, "Vault is not part of Muster");
        }
        for (String f : List.of("caRoots", "caLeaf", "connect")) {
            m.put(f, "Muster has no Connect service mesh");
        }
        for (String f : List.of("partitions", "peerings", "exportedServices", "importedServices")) {
            m.put(f, "Muster is Consul CE: no partitions or peering");
        }
        for (String f : List.of("nomadServices", "nomadService", "nomadVarList", "nomadVarListSafe", "nomadVarGet",
                "nomadVarExists")) {
            m.put(f, "Muster does not talk to Nomad");
        }
        m.put("plugin", "it runs programs from a template, which Muster never does");
        m.put("writeToFile", "it writes files from a template, which Muster never does");
        m.put("sockaddr", "it reads the host's interfaces");
        for (String f : List.of("spew_dump", "spew_sdump", "spew_printf", "spew_sprintf")) {
            m.put(f, "debug dumps are not supported");
        }
        for (String f : List.of("file", "toTOML")) {
            m.put(f, "not implemented in Muster yet (issue 13 is in progress)");
        }
        return Map.copyOf(m);
    }

    private final CatalogState catalog;
    private final HealthState health;
    private final KvView kv;
    private final KvState kvState;
    private final WatchSet watches;
    private final List<String> rawPrefixes;
    private final String datacenter;
    private final java.time.Clock clock;
    private final Scratch scratch = new Scratch();

    CtFunctions(CatalogState catalog, HealthState health, KvState kvState, WatchSet watches, List<String> rawPrefixes,
                String datacenter) {
        this.catalog = catalog;
        this.health = health;
        this.kvState = kvState;
        this.kv = new KvView(kvState, watches, rawPrefixes);
        this.watches = watches;
        this.rawPrefixes = rawPrefixes;
        this.datacenter = datacenter;
        this.clock = java.time.Clock.systemUTC();
    }

    /** The functions for this render; {@code executeTemplate} runs a named template of the same set. */
    Map<String, GoFunction> functions(java.util.function.BiFunction<String, Object, Object> executeTemplate,
                                      Set<String> denied) {
        Map<String, GoFunction> f = new LinkedHashMap<>();
        f.put("services", a -> services(join(a, "")));
        f.put("service", this::service);
        f.put("node", a -> node(join(a, "")));
        f.put("nodes", a -> nodes(join(a, "")));
        f.put("datacenters", a -> List.of(datacenter));
        f.put("key", a -> kvValue(text(a, 0, "key"), true, null));
        f.put("keyOrDefault", a -> {
            GoFunction.ArgumentException.requireCount("keyOrDefault", a, 2);
            return kvValue(text(a, 0, "keyOrDefault"), false, a.get(1) == null ? "" : a.get(1));
        });
        f.put("keyExists", a -> kv.keyExists(path(text(a, 0, "keyExists"), "keyExists")));
        f.put("ls", a -> pairs(text(a, 0, "ls"), true, false));
        f.put("safeLs", a -> pairs(text(a, 0, "safeLs"), true, true));
        f.put("tree", a -> pairs(text(a, 0, "tree"), false, false));
        f.put("safeTree", a -> pairs(text(a, 0, "safeTree"), false, true));
        f.put("env", a -> envOr(text(a, 0, "env"), ""));
        f.put("envOrDefault", a -> {
            GoFunction.ArgumentException.requireCount("envOrDefault", a, 2);
            return envOr(str(a.get(0)), a.get(1));
        });
        f.put("mustEnv", a -> {
            String name = text(a, 0, "mustEnv");
            String v = System.getenv(name);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException("required environment variable " + name + " is empty");
            }
            return v;
        });
        CtStrings.register(f);
        f.put("byTag", a -> byTag(one(a, "byTag")));
        f.put("byKey", a -> byKey(one(a, "byKey")));
        CtMath.register(f);
        CtJson.register(f);
        CtCollections.register(f);
        f.put("scratch", a -> scratch);
        f.put("timestamp", a -> CtTime.timestamp(a, clock));
        f.put("executeTemplate", a -> {
            if (a.isEmpty() || a.size() > 2) {
                throw new IllegalArgumentException("executeTemplate: wrong number of arguments, expected 1 or 2, but got "
                        + a.size());
            }
            return executeTemplate.apply(str(a.get(0)), a.size() == 2 ? a.get(1) : null);
        });
        UNSUPPORTED.forEach((name, why) -> f.put(name, a -> {
            throw new IllegalArgumentException("function " + quote(name) + " is not supported by Muster: " + why);
        }));
        for (String name : List.copyOf(f.keySet())) {
            if (denied.stream().anyMatch(glob -> glob(glob, name))) {
                f.put(name, a -> {
                    throw new IllegalArgumentException("function is disabled");
                });
            }
        }
        return f;
    }

    /** consul-template's function_denylist globs: {@code *} matches any run of characters. */
    static boolean glob(String glob, String name) {
        return name.matches(Pattern.quote(glob).replace("*", "\\E.*\\Q"));
    }

    // ---- registry

    private List<Object> services(String query) {
        Query q = Query.parse(query, datacenter, "catalog.services");
        List<Object> out = new ArrayList<>();
        for (ServiceSummary s : catalog.serviceSummaries(watches).value()) {
            out.add(CtData.catalogSnippet(s.name(), s.tags()));
        }
        return out;
    }

    /** {@code service "tag.name@dc|filter"} or {@code service "name" "filter"}. */
    private List<Object> service(List<Object> a) {
        GoFunction.ArgumentException.requireAtLeast("service", a, 1);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            joined.append(i == 0 ? "" : "|").append(str(a.get(i)));
        }
        String text = joined.toString();
        if (text.isEmpty() || text.startsWith("|")) {
            return List.of();
        }
        String filters = "passing";
        int bar = text.indexOf('|');
        if (bar >= 0) {
            filters = text.substring(bar + 1);
            text = text.substring(0, bar);
        }
        Set<String> wanted = new java.util.TreeSet<>();
        for (String part : filters.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (!Set.of("any", "passing", "warning", "critical", "maintenance").contains(p)) {
                throw new IllegalArgumentException("health.service: invalid filter: " + quote(p) + " in "
                        + quote(joined.toString()));
            }
            wanted.add(p);
        }
        if (wanted.isEmpty()) {
            wanted.add("passing");
        }
        Query q = Query.parse(text, datacenter, "health.service");
        if (!q.name().matches("[\\w\\-]+")) {
            throw new IllegalArgumentException("health.service: invalid format: " + quote(joined.toString()));
        }
        List<String> tags = q.tag() == null ? List.of() : List.of(q.tag());
        List<Object> out = new ArrayList<>();
        for (CheckServiceNode e : health.serviceNodes(watches, q.name(), tags, Map.of()).value()) {
            String status = dev.muster.model.AggregatedStatus.of(e.checks()).wire();
            if (wanted.contains("any") || wanted.contains(status)) {
                out.add(CtData.healthService(e));
            }
        }
        return out;
    }

    private Object node(String query) {
        Query q = Query.parse(query, datacenter, "catalog.node");
        NodeServices ns = catalog.nodeServices(watches, q.name().isEmpty() ? localNode() : q.name()).value();
        if (ns == null || ns.node() == null) {
            return null;
        }
        return CtData.catalogNode(ns.node(), ns.services());
    }

    /** consul-template's local node is the agent's: Muster's own (the node carrying the consul service). */
    private String localNode() {
        List<CheckServiceNode> consul = health.serviceNodes(watches, "consul", List.of(), Map.of()).value();
        return consul.isEmpty() ? "" : consul.get(0).node().node();
    }

    private List<Object> nodes(String query) {
        Query.parse(query, datacenter, "catalog.nodes");
        List<Object> out = new ArrayList<>();
        catalog.nodes(watches, Map.of()).value().forEach(n -> out.add(CtData.node(n)));
        return out;
    }

    // ---- KV

    private Object kvValue(String key, boolean waitForIt, Object fallback) {
        String k = path(key, waitForIt ? "key" : "keyOrDefault");
        if (k.isEmpty()) {
            return waitForIt ? "" : fallback;
        }
        KvEntry e = kvState.get(watches, k).value();
        if (e == null) {
            if (waitForIt) {
                throw new KvView.NotReady("waiting for KV key " + quote(k));
            }
            return fallback;
        }
        if (!waitForIt && e.value() == null) {
            return fallback;
        }
        return CtData.value(e, raw(k));
    }

    private List<Object> pairs(String prefix, boolean topLevelOnly, boolean safe) {
        String p = path(prefix, topLevelOnly ? "ls" : "tree");
        List<Object> out = new ArrayList<>();
        for (KvEntry e : kvState.list(watches, p).value()) {
            String name = e.key().substring(p.length()).replaceFirst("^/+", "");
            boolean keep = topLevelOnly ? !name.isEmpty() && !name.contains("/") : !e.key().endsWith("/");
            if (keep) {
                out.add(CtData.keyPair(e, name, raw(e.key())));
            }
        }
        if (safe && out.isEmpty()) {
            throw new KvView.NotReady((topLevelOnly ? "safeLs " : "safeTree ") + quote(p)
                    + " is empty: keeping the last file until it has keys");
        }
        return out;
    }

    private boolean raw(String key) {
        return rawPrefixes.stream().anyMatch(key::startsWith);
    }

    /** A key or prefix argument: a leading '/' dropped, a {@code @dc} other than ours refused. */
    private String path(String arg, String function) {
        String p = arg.startsWith("/") ? arg.substring(1) : arg;
        int at = p.lastIndexOf('@');
        if (at >= 0) {
            String dc = p.substring(at + 1);
            if (!dc.equals(datacenter)) {
                throw new IllegalArgumentException(function + ": datacenter " + quote(dc)
                        + " is not this one (" + datacenter + "): Muster serves one datacenter");
            }
            p = p.substring(0, at);
        }
        return p;
    }

    // ---- grouping

    private Map<String, Object> byTag(Object in) {
        if (in == null) {
            return Map.of();
        }
        if (!(in instanceof List<?> list)) {
            throw new IllegalArgumentException("byTag: wrong argument type " + in.getClass().getSimpleName());
        }
        Map<String, Object> out = new TreeMap<>();
        for (Object item : list) {
            if (!(item instanceof dev.muster.gotemplate.GoStruct s) || !s.fieldNames().contains("Tags")) {
                throw new IllegalArgumentException("byTag: wrong argument type []interface {}");
            }
            for (Object tag : (List<?>) s.field("Tags")) {
                @SuppressWarnings("unchecked")
                List<Object> group = (List<Object>) out.computeIfAbsent(tag.toString(), k -> new ArrayList<>());
                group.add(item);
            }
        }
        return new dev.muster.gotemplate.TypedMap<>(out, null, "map[string][]interface {}", "a tag (byTag key)");
    }

    private Map<String, Object> byKey(Object in) {
        if (!(in instanceof List<?> list)) {
            throw new IllegalArgumentException("byKey: wrong argument type");
        }
        Map<String, Object> out = new TreeMap<>();
        for (Object item : list) {
            dev.muster.gotemplate.StructValue pair = (dev.muster.gotemplate.StructValue) item;
            String key = pair.field("Key").toString();
            int slash = key.indexOf('/');
            if (slash < 0 || slash == key.length() - 1) {
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>(pair.fields());
            fields.put("Key", Text.tainted(key.substring(slash + 1), "KV key " + quote(pair.field("Path").toString())));
            @SuppressWarnings("unchecked")
            Map<String, Object> group = (Map<String, Object>) out.computeIfAbsent(key.substring(0, slash),
                    k -> new TreeMap<>());
            group.put(key.substring(slash + 1), new dev.muster.gotemplate.StructValue(pair.goType(), fields));
        }
        return out;
    }

    // ---- helpers

    private static Object envOr(String name, Object fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    private static String join(List<Object> a, String sep) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            b.append(i == 0 ? "" : sep).append(str(a.get(i)));
        }
        return b.toString();
    }

    static Object one(List<Object> a, String fn) {
        GoFunction.ArgumentException.requireCount(fn, a, 1);
        return a.get(0);
    }

    static String text(List<Object> a, int i, String fn) {
        if (a.size() <= i) {
            throw new GoFunction.ArgumentException("wrong number of args for " + fn + ": want " + (i + 1) + " got "
                    + a.size());
        }
        return str(a.get(i));
    }

    static String str(Object v) {
        return v == null ? "" : v.toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** consul-template's query string: {@code [tag.]name[?query][@dc][~near]}; only our datacenter. */
    record Query(String tag, String name) {
        private static final Pattern FORM = Pattern.compile(
                "^(?:([\\w=:.\\-]+)\\.)?([\\w\\-.]*)(?:\\?([\\w\\-=&]+))?(?:@([\\w.\\-]+))?(?:~([\\w.\\-]+))?$");

        static Query parse(String text, String datacenter, String function) {
            Matcher m = FORM.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException(function + ": invalid format: " + quote(text));
            }
            if (m.group(4) != null && !m.group(4).equals(datacenter)) {
                throw new IllegalArgumentException(function + ": datacenter " + quote(m.group(4))
                        + " is not this one (" + datacenter + "): Muster serves one datacenter");
            }
            if (m.group(3) != null) {
                for (String kv : m.group(3).split("&")) {
                    String[] parts = kv.split("=", 2);
                    if (!Set.of("ns", "partition", "peer", "sameness-group").contains(parts[0])) {
                        throw new IllegalArgumentException(function + ": invalid query parameter key " + quote(parts[0])
                                + " in query " + quote(m.group(3)) + ": supported keys: ns,peer,partition,sameness-group");
                    }
                    if (parts.length == 2 && !parts[1].isEmpty() && !parts[1].equals("default")) {
                        throw new IllegalArgumentException(function + ": " + parts[0] + " " + quote(parts[1])
                                + " is not supported: Muster is Consul CE with one default namespace and partition");
                    }
                }
            }
            return new Query(m.group(1), m.group(2));
        }
    }

    /** consul-template's per-render scratch pad. */
    static final class Scratch implements GoObject {
        private final Map<String, Object> values = new TreeMap<>();

        @Override
        public String goType() {
            return "*template.Scratch";
        }

        @Override
        public boolean hasMethod(String name) {
            return Set.of("Key", "Get", "Set", "SetX", "MapSet", "MapSetX", "MapValues").contains(name);
        }

        @Override
        public Object invoke(String name, List<Object> a) {
            String k = a.isEmpty() ? "" : str(a.get(0));
            switch (name) {
                case "Key":
                    return values.containsKey(k);
                case "Get":
                    return values.get(k);
                case "Set":
                    values.put(k, a.get(1));
                    return "";
                case "SetX":
                    values.putIfAbsent(k, a.get(1));
                    return "";
                case "MapSet":
                case "MapSetX":
                    Object existing = values.computeIfAbsent(k, x -> new TreeMap<String, Object>());
                    if (!(existing instanceof Map<?, ?>)) {
                        throw new IllegalArgumentException(quote(k) + " is not a map");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) existing;
                    if (name.equals("MapSet")) {
                        m.put(str(a.get(1)), a.get(2));
                    } else {
                        m.putIfAbsent(str(a.get(1)), a.get(2));
                    }
                    return "";
                default:
                    Object v = values.get(k);
                    return v instanceof Map<?, ?> map ? new ArrayList<Object>(new TreeMap<>(map).values()) : null;
            }
        }
    }

    /** Keeps a tainted input's origin on a transformed output. */
    static Object retaint(Object input, String output) {
        return input instanceof Text t ? t.retaint(output) : output;
    }

    static byte[] utf8(Object v) {
        return str(v).getBytes(StandardCharsets.UTF_8);
    }

    static String hex(String algorithm, Object v) throws java.security.NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(utf8(v)));
    }

    static String base64(Base64.Encoder e, Object v) {
        return e.encodeToString(utf8(v));
    }
}
