package dev.muster.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the {@link RegistryConfig}: defaults ← JSON config files (in the order given; a config dir's
 * {@code *.json} files by name) ← command-line flags, then validates. Config files take Consul's key
 * names ({@code data_dir}, {@code client_addr}, {@code ports.http}, {@code node_name}, …) and the flag
 * spellings ({@code data-dir}, {@code client}, {@code http-port}, {@code node}, …). Stateless.
 */
public final class ConfigLoader {
    /** Canonical key for every accepted spelling (after lower-casing and '-' → '_'). */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("dev", "dev"), Map.entry("data_dir", "data_dir"),
            Map.entry("client", "client_addr"), Map.entry("client_addr", "client_addr"),
            Map.entry("http_port", "http_port"), Map.entry("ports.http", "http_port"),
            Map.entry("node", "node_name"), Map.entry("node_name", "node_name"),
            Map.entry("datacenter", "datacenter"), Map.entry("log_level", "log_level"),
            Map.entry("server", "server"), Map.entry("bootstrap_expect", "bootstrap_expect"),
            Map.entry("bootstrap", "bootstrap"),
            Map.entry("bind", "bind_addr"), Map.entry("bind_addr", "bind_addr"),
            Map.entry("ui", "ui"), Map.entry("durability", "durability"),
            Map.entry("checkpoint_batches", "checkpoint_batches"), Map.entry("session_ttl_min", "session_ttl_min"),
            Map.entry("reload_min_interval", "reload_min_interval"), Map.entry("once", "once"), Map.entry("dry", "dry"),
            Map.entry("template", "template"));
    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error");
    private static final Pattern DATACENTER = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern NODE_NAME = Pattern.compile("[^\\s;{}'\"#$\\\\\\p{Cntrl}]{1,256}");

    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param flags       values given on the command line, keyed by any accepted spelling
     * @param configFiles {@code -config-file} paths, in order
     * @param configDirs  {@code -config-dir} paths, in order
     */
    public RegistryConfig load(Map<String, Object> flags, List<Path> configFiles, List<Path> configDirs) {
        Map<String, Object> values = new LinkedHashMap<>(defaults());
        List<TemplateConfig> templates = new ArrayList<>();
        List<Path> files = new ArrayList<>(configFiles);
        for (Path dir : configDirs) {
            files.addAll(jsonFilesIn(dir));
        }
        for (Path file : files) {
            readFile(file, templates).forEach((k, v) -> values.put(canonical(k, file.toString()), v));
        }
        flags.forEach((k, v) -> {
            if (canonical(k, "command line").equals("template")) {
                for (Object flag : (List<?>) v) {
                    templates.add(TemplateBlocks.fromFlag(String.valueOf(flag)));
                }
            } else {
                values.put(canonical(k, "command line"), v);
            }
        });
        return validate(values, templates);
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dev", false);
        d.put("client_addr", "127.0.0.1");
        d.put("http_port", 8500);
        d.put("node_name", hostName());
        d.put("datacenter", "dc1");
        d.put("bind_addr", "0.0.0.0");
        d.put("log_level", "info");
        d.put("server", false);
        d.put("bootstrap_expect", 0);
        d.put("bootstrap", false);
        d.put("ui", false);
        d.put("durability", "fsync");
        d.put("checkpoint_batches", 1000);
        d.put("session_ttl_min", "10s");
        d.put("reload_min_interval", "1s");
        d.put("once", false);
        d.put("dry", false);
        return d;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "muster";
        }
    }

    private static List<Path> jsonFilesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("config_dir: " + dir + " is not a directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("config_dir: cannot list " + dir + ": " + e.getMessage());
        }
    }

    private Map<String, Object> readFile(Path file, List<TemplateConfig> templates) {
        JsonNode root;
        try {
            root = file.toString().endsWith(".hcl") ? ConsulTemplateConfig.read(file, mapper)
                    : mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("config file " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("config file " + file + ": expected a JSON object");
        }
        for (String key : fieldNames(root)) {
            if (key.equalsIgnoreCase("template")) {
                JsonNode template = ((com.fasterxml.jackson.databind.node.ObjectNode) root).remove(key);
                if (!template.isNull()) {
                    templates.addAll(TemplateBlocks.fromJson(template, file.toString()));
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", root, out);
        return out;
    }

    /** A snapshot of an object's field names, so the loop may remove fields as it goes. */
    static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            String key = prefix + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                flatten(key + ".", v, out);
            } else if (!v.isNull()) {
                out.put(key, v.isBoolean() ? (Object) v.booleanValue() : v.isNumber() ? v.numberValue() : v.asText());
            }
        }
    }

    private static String canonical(String key, String source) {
        String normalized = key.toLowerCase(Locale.ROOT).replace('-', '_');
        String canonical = ALIASES.get(normalized);
        if (canonical == null) {
            throw new ConfigException("unknown config key \"" + key + "\" in " + source
                    + " (known: " + String.join(", ", new java.util.TreeSet<>(ALIASES.keySet())) + ")");
        }
        return canonical;
    }

    private static RegistryConfig validate(Map<String, Object> v, List<TemplateConfig> templates) {
        boolean dev = bool(v, "dev");
        Object dataDir = v.get("data_dir");
        if (!dev && (dataDir == null || dataDir.toString().isBlank())) {
            throw new ConfigException("data_dir: must be set (-data-dir DIR) unless -dev is given");
        }
        int port = integer(v, "http_port");
        if (port < 0 || port > 65535) {
            throw new ConfigException("http_port: " + port + " is not a port (0-65535; 0 picks a free port)");
        }
        String datacenter = v.get("datacenter").toString();
        if (!DATACENTER.matcher(datacenter).matches()) {
            throw new ConfigException("datacenter: \"" + datacenter + "\" must be 1-64 of [a-zA-Z0-9_-]");
        }
        String node = v.get("node_name").toString();
        if (!NODE_NAME.matcher(node).matches()) {
            throw new ConfigException("node_name: \"" + node
                    + "\" must be 1-256 characters without whitespace, control characters or ;{}'\"#$\\");
        }
        String level = v.get("log_level").toString().toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new ConfigException("log_level: \"" + level + "\" must be one of " + new java.util.TreeSet<>(LOG_LEVELS));
        }
        int expect = integer(v, "bootstrap_expect");
        if (expect > 1 || expect < 0) {
            throw new ConfigException("bootstrap_expect: " + expect
                    + " is not supported: Muster is a single node (use 0 or 1)");
        }
        String durability = v.get("durability").toString().toLowerCase(Locale.ROOT);
        if (!durability.equals("fsync") && !durability.equals("write")) {
            throw new ConfigException("durability: \"" + durability + "\" must be fsync or write");
        }
        int checkpointBatches = integer(v, "checkpoint_batches");
        if (checkpointBatches < 1) {
            throw new ConfigException("checkpoint_batches: " + checkpointBatches + " must be at least 1");
        }
        java.time.Duration sessionTtlMin = TemplateBlocks.duration(v.get("session_ttl_min").toString(), "session_ttl_min");
        if (sessionTtlMin.isNegative() || sessionTtlMin.isZero() || sessionTtlMin.compareTo(java.time.Duration.ofHours(24)) > 0) {
            throw new ConfigException("session_ttl_min: must be above 0s and at most 24h (a session's TTL can be at most 24h)");
        }
        java.time.Duration reloadMin = TemplateBlocks.duration(v.get("reload_min_interval").toString(), "reload_min_interval");
        if (reloadMin.isNegative()) {
            throw new ConfigException("reload_min_interval: must not be negative");
        }
        boolean once = bool(v, "once");
        if (once && templates.isEmpty()) {
            throw new ConfigException("once: needs at least one template (-template or a template block)");
        }
        return new RegistryConfig(dev, dev ? null : Path.of(dataDir.toString()), v.get("client_addr").toString(),
                port, node, datacenter, v.get("bind_addr").toString(), level, bool(v, "server"), expect,
                bool(v, "ui"), durability, checkpointBatches, sessionTtlMin, templates, reloadMin, once, bool(v, "dry"));
    }

    private static boolean bool(Map<String, Object> v, String key) {
        Object o = v.get(key);
        if (o instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(o);
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new ConfigException(key + ": \"" + s + "\" must be true or false");
    }

    private static int integer(Map<String, Object> v, String key) {
        Object o = v.get(key);
        if (o instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(o).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": \"" + o + "\" must be an integer");
        }
    }
}
