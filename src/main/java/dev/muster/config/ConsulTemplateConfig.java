package dev.muster.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.hcl.Hcl;
import dev.muster.hcl.HclException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * consul-template's HCL config file ({@code -config-file config.hcl}) read as Muster config, so a shop's existing
 * file runs as is: {@code template} blocks (consul-template's keys), the top-level {@code wait} as every
 * template's default quiescence, {@code log_level}; {@code consul { … }} and the settings that only matter to a
 * remote-Consul client are accepted and ignored with a note; Vault and Nomad stop start-up, as does any key Muster
 * does not know. Muster's own keys may appear too. Stateless.
 */
final class ConsulTemplateConfig {
    private static final Logger LOG = LoggerFactory.getLogger(ConsulTemplateConfig.class);
    /** consul-template settings that mean nothing with the registry in-process: accepted, ignored, noted. */
    private static final Map<String, String> IGNORED = Map.ofEntries(
            Map.entry("consul", "Muster is the registry: there is no Consul to connect to"),
            Map.entry("max_stale", "reads are local and always consistent"),
            Map.entry("block_query_wait", "templates wake on changes, not on polls"),
            Map.entry("reload_signal", "Muster reloads its templates when it restarts"),
            Map.entry("kill_signal", "Muster stops on SIGINT and SIGTERM"),
            Map.entry("pid_file", "use the service manager's PID tracking"),
            Map.entry("syslog", "Muster logs to stdout"),
            Map.entry("log_file", "Muster logs to stdout"),
            Map.entry("deduplicate", "one process renders, so there is nothing to deduplicate"),
            Map.entry("template_error_fatal", "a template error never stops Muster: the last good file stays"),
            Map.entry("default_delimiters", "set left_delimiter/right_delimiter per template"));
    private static final Set<String> REFUSED = Set.of("vault", "nomad", "exec");

    private ConsulTemplateConfig() {
    }

    static JsonNode read(Path file, ObjectMapper mapper) throws IOException {
        Map<String, Object> map;
        try {
            map = Hcl.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()).toMap();
        } catch (HclException e) {
            throw new ConfigException("config file " + e.getMessage());
        }
        ObjectNode root = mapper.valueToTree(map);
        JsonNode globalWait = root.remove("wait");
        for (String key : ConfigLoader.fieldNames(root)) {
            if (IGNORED.containsKey(key)) {
                LOG.info("{}: ignoring consul-template's \"{}\": {}", file, key, IGNORED.get(key));
                root.remove(key);
            } else if (REFUSED.contains(key)) {
                throw new ConfigException("config file " + file + ": \"" + key + "\" is not supported by Muster"
                        + (key.equals("exec") ? " (Muster renders files; run the program under a service manager)"
                        : " (Muster has no " + key + " integration)"));
            }
        }
        JsonNode templates = root.get("template");
        if (templates != null && globalWait != null) {
            ArrayNode list = templates.isArray() ? (ArrayNode) templates : mapper.createArrayNode().add(templates);
            list.forEach(t -> {
                if (t.isObject() && !t.has("wait")) {
                    ((ObjectNode) t).set("wait", globalWait);
                }
            });
            root.set("template", list);
        }
        return root;
    }
}
