package dev.muster.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses consul-template's {@code template} blocks (JSON config) and {@code -template "SRC:DST[:CMD]"}
 * flags into {@link TemplateConfig}s, validating each with the key, the value and the expected form.
 * Stateless.
 */
final class TemplateBlocks {
    private static final Set<String> KEYS = Set.of("source", "contents", "destination", "command", "command_timeout",
            "check_command", "wait", "perms", "backup", "create_dest_dirs", "raw_kv_prefixes", "engine", "left_delimiter",
            "right_delimiter", "error_on_missing_key", "function_denylist");

    private TemplateBlocks() {
    }

    /** One {@code -template} flag: everything after the second colon is the command (colons kept). */
    static TemplateConfig fromFlag(String flag) {
        String[] parts = flag.split(":", 3);
        if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new ConfigException("template: \"" + flag + "\" must be SOURCE:DESTINATION[:COMMAND]");
        }
        List<String> command = parts.length == 3 ? CommandLine.parse(parts[2]) : List.of();
        return validate(new TemplateConfig(parts[0], null, parts[1], command, TemplateConfig.DEFAULT_COMMAND_TIMEOUT,
                List.of(), Duration.ZERO, Duration.ZERO, null, false, true, List.of(), TemplateConfig.Language.DEFAULT),
                "-template");
    }

    /** The {@code template} value of a config file: one object or an array of them. */
    static List<TemplateConfig> fromJson(JsonNode node, String file) {
        List<TemplateConfig> out = new ArrayList<>();
        if (node.isObject()) {
            out.add(block(node, file));
        } else if (node.isArray()) {
            for (JsonNode b : node) {
                out.add(block(b, file));
            }
        } else {
            throw new ConfigException("template in " + file + ": expected an object or an array of objects");
        }
        return out;
    }

    private static TemplateConfig block(JsonNode b, String file) {
        if (!b.isObject()) {
            throw new ConfigException("template in " + file + ": expected an object");
        }
        for (Map.Entry<String, JsonNode> f : b.properties()) {
            if (!KEYS.contains(f.getKey())) {
                throw new ConfigException("template in " + file + ": unknown key \"" + f.getKey() + "\" (known: "
                        + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        Duration waitMin = Duration.ZERO;
        Duration waitMax = Duration.ZERO;
        JsonNode wait = b.get("wait");
        if (wait != null && !wait.isNull()) {
            if (wait.isObject()) {
                for (Map.Entry<String, JsonNode> f : wait.properties()) {
                    if (!f.getKey().equals("min") && !f.getKey().equals("max")) {
                        throw new ConfigException("template.wait in " + file + ": unknown key \"" + f.getKey()
                                + "\" (known: min, max)");
                    }
                }
                waitMin = duration(wait.get("min"), "template.wait.min", Duration.ZERO);
                waitMax = duration(wait.get("max"), "template.wait.max", waitMin.multipliedBy(4));
            } else {
                String[] mm = wait.asText().split(":", 2);
                waitMin = duration(mm[0], "template.wait");
                waitMax = mm.length == 2 ? duration(mm[1], "template.wait") : waitMin.multipliedBy(4);
            }
        }
        JsonNode perms = b.get("perms");
        TemplateConfig t = new TemplateConfig(text(b, "source"), text(b, "contents"), text(b, "destination"),
                command(b.get("command"), "template.command"),
                duration(b.get("command_timeout"), "template.command_timeout", TemplateConfig.DEFAULT_COMMAND_TIMEOUT),
                command(b.get("check_command"), "template.check_command"), waitMin, waitMax,
                // a number such as 644 is read as its octal digits, as people write modes
                perms == null || perms.isNull() ? null : perms.asText(),
                bool(b, "backup", false), bool(b, "create_dest_dirs", true), prefixes(b.get("raw_kv_prefixes"), file),
                language(b, file));
        return validate(t, file);
    }

    private static TemplateConfig.Language language(JsonNode b, String file) {
        String engine = text(b, "engine");
        if (engine != null && !engine.equals("go") && !engine.equals("pebble")) {
            throw new ConfigException("template.engine in " + file + ": \"" + engine + "\" must be go or pebble");
        }
        String left = text(b, "left_delimiter");
        String right = text(b, "right_delimiter");
        if ((left != null && left.isEmpty()) || (right != null && right.isEmpty())) {
            throw new ConfigException("template delimiters in " + file + " must not be empty");
        }
        List<String> denied = new ArrayList<>();
        JsonNode d = b.get("function_denylist");
        if (d != null && !d.isNull()) {
            if (!d.isArray()) {
                throw new ConfigException("template.function_denylist in " + file + ": expected a list of names");
            }
            d.forEach(n -> denied.add(n.asText()));
        }
        return new TemplateConfig.Language(engine, left == null ? "{{" : left, right == null ? "}}" : right,
                bool(b, "error_on_missing_key", false), denied);
    }

    /** {@code raw_kv_prefixes}: a list of non-empty KV prefixes (absent: none). */
    private static List<String> prefixes(JsonNode v, String file) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new ConfigException("template.raw_kv_prefixes in " + file + ": expected a list of KV prefixes");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode p : v) {
            if (!p.isTextual() || p.textValue().isEmpty()) {
                throw new ConfigException("template.raw_kv_prefixes in " + file + ": " + p
                        + " is not a KV prefix (a non-empty string such as \"nginx/snippets/\")");
            }
            out.add(p.textValue());
        }
        return out;
    }

    private static TemplateConfig validate(TemplateConfig t, String where) {
        if ((t.source() == null) == (t.contents() == null)) {
            throw new ConfigException("template in " + where + ": set exactly one of source and contents");
        }
        if (t.destination() == null || t.destination().isBlank()) {
            throw new ConfigException("template in " + where + ": destination must be set");
        }
        if (t.source() != null && !Files.isReadable(Path.of(t.source()))) {
            throw new ConfigException("template.source: \"" + t.source() + "\" is not a readable file");
        }
        if (t.waitMin().isNegative()) {
            throw new ConfigException("template.wait: min must not be negative");
        }
        if (t.commandTimeout().isZero() || t.commandTimeout().isNegative()) {
            throw new ConfigException("template.command_timeout: must be positive, e.g. 30s");
        }
        if (t.waitMax().compareTo(t.waitMin()) < 0) {
            throw new ConfigException("template.wait: max " + GoDuration.format(t.waitMax()) + " is below min "
                    + GoDuration.format(t.waitMin()));
        }
        if (t.perms() != null && !t.perms().matches("0?[0-7]{3}")) {
            throw new ConfigException("template.perms: \"" + t.perms() + "\" must be an octal mode such as 0644");
        }
        return t;
    }

    private static boolean bool(JsonNode b, String key, boolean fallback) {
        JsonNode v = b.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new ConfigException("template." + key + ": \"" + v.asText() + "\" must be true or false");
        }
        return v.booleanValue();
    }

    private static String text(JsonNode b, String key) {
        JsonNode v = b.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> command(JsonNode v, String key) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isArray()) {
            List<String> argv = new ArrayList<>();
            v.forEach(a -> argv.add(a.asText()));
            return argv;
        }
        if (v.isTextual()) {
            return CommandLine.parse(v.textValue());
        }
        throw new ConfigException(key + ": expected a string or a list of strings");
    }

    private static Duration duration(JsonNode v, String key, Duration fallback) {
        return v == null || v.isNull() ? fallback : duration(v.asText(), key);
    }

    static Duration duration(String text, String key) {
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": \"" + text + "\" is not a duration such as 500ms, 10s or 1m");
        }
    }
}
