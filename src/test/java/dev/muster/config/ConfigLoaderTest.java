package dev.muster.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void load_devDefaults() {
        RegistryConfig c = loader.load(Map.of("dev", true), List.of(), List.of());
        assertTrue(c.dev());
        assertEquals(8500, c.httpPort());
        assertEquals("127.0.0.1", c.clientAddr());
        assertEquals("dc1", c.datacenter());
        assertEquals("fsync", c.durability());
        assertEquals("127.0.0.1", c.advertiseAddr());
        assertFalse(c.nodeName().isEmpty());
    }

    @Test
    void load_fileThenDirThenFlags_laterWins(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("base.json");
        Files.writeString(file, "{\"data_dir\":\"/tmp/a\",\"ports\":{\"http\":9000},\"node_name\":\"from-file\","
                + "\"client_addr\":\"0.0.0.0\"}");
        Path confDir = Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(confDir.resolve("10-node.json"), "{\"node\":\"from-dir\",\"log-level\":\"debug\"}");
        Files.writeString(confDir.resolve("ignored.txt"), "not json");
        RegistryConfig c = loader.load(Map.of("node_name", "from-flag"), List.of(file), List.of(confDir));
        assertEquals(Path.of("/tmp/a"), c.dataDir());
        assertEquals(9000, c.httpPort());
        assertEquals("0.0.0.0", c.clientAddr());
        assertEquals("from-flag", c.nodeName());
        assertEquals("debug", c.logLevel());
    }

    @Test
    void load_seedCommandLine_accepted() {
        RegistryConfig c = loader.load(Map.of("server", true, "bootstrap_expect", 1, "data_dir", "/tmp/consul",
                "bind_addr", "0.0.0.0", "client_addr", "0.0.0.0", "ui", true), List.of(), List.of());
        assertTrue(c.server());
        assertEquals(1, c.bootstrapExpect());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bootstrap_expect|2|bootstrap_expect: 2 is not supported: Muster is a single node (use 0 or 1)",
        "http_port|70000|http_port: 70000 is not a port (0-65535; 0 picks a free port)",
        "durability|sometimes|durability: \"sometimes\" must be fsync or write",
        "log_level|loud|log_level: \"loud\" must be one of [debug, error, info, trace, warn]",
        "datacenter|dc 1|datacenter: \"dc 1\" must be 1-64 of [a-zA-Z0-9_-]",
    })
    void load_invalidValue_failsNamingKeyAndForm(String key, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> loader.load(Map.of("dev", true, key, value), List.of(), List.of()));
        assertEquals(message, e.getMessage());
    }

    @Test
    void load_noDataDirWithoutDev_fails() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(Map.of(), List.of(), List.of()));
        assertEquals("data_dir: must be set (-data-dir DIR) unless -dev is given", e.getMessage());
    }

    @Test
    void load_unknownKeyInFile_fails(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\"dev\":true,\"acl\":{\"enabled\":true}}");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(Map.of(), List.of(file), List.of()));
        assertTrue(e.getMessage().startsWith("unknown config key \"acl.enabled\" in " + file), e.getMessage());
    }

    @Test
    void load_shippedExampleConfig_withTemplateBlock() {
        RegistryConfig c = loader.load(Map.of(), List.of(Path.of("conf/muster.json")), List.of());
        assertEquals(1, c.templates().size());
        TemplateConfig t = c.templates().get(0);
        assertEquals("conf/nginx.peb", t.source());
        assertEquals(List.of("nginx", "-t", "-q"), t.checkCommand());
        assertEquals(List.of("nginx", "-s", "reload"), t.command());
        assertTrue(t.backup());
        assertEquals(java.time.Duration.ofSeconds(1), c.reloadMinInterval());
    }

    @Test
    void load_templateFlags_consulTemplateSyntax() {
        RegistryConfig c = loader.load(Map.of("dev", true, "template",
                List.of("conf/nginx.peb:/tmp/a.conf", "conf/nginx.peb:/tmp/b.conf:nginx -s reload")), List.of(), List.of());
        assertEquals(List.of(), c.templates().get(0).command());
        assertEquals(List.of("nginx", "-s", "reload"), c.templates().get(1).command());
        assertEquals("/tmp/b.conf", c.templates().get(1).destination());
        ConfigException missing = assertThrows(ConfigException.class, () -> loader.load(Map.of("dev", true, "template",
                List.of("nope.peb:/tmp/a.conf")), List.of(), List.of()));
        assertEquals("template.source: \"nope.peb\" is not a readable file", missing.getMessage());
        ConfigException bad = assertThrows(ConfigException.class, () -> loader.load(Map.of("dev", true, "template",
                List.of("only-one-part")), List.of(), List.of()));
        assertTrue(bad.getMessage().contains("SOURCE:DESTINATION[:COMMAND]"), bad.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"command_timeout\": \"0s\"|template.command_timeout: must be positive, e.g. 30s",
        "\"wait\": {\"min\": \"1s\", \"mxa\": \"9s\"}|unknown key \"mxa\" (known: min, max)",
        "\"backup\": \"yes\"|template.backup: \"yes\" must be true or false",
        "\"wait\": {\"min\": \"-1s\", \"max\": \"5s\"}|template.wait: min must not be negative",
    })
    void load_badTemplateBlock_failsNamingTheKey(String extra, String message, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.json");
        Files.writeString(file, "{\"dev\": true, \"Template\": [{\"source\": \"conf/nginx.peb\", "
                + "\"destination\": \"/tmp/x.conf\", " + extra + "}]}");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(Map.of(), List.of(file), List.of()));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** A consul-template config.hcl runs as is: templates, the global wait, log_level; consul {} ignored. */
    @Test
    void load_consulTemplateHcl_asIs(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("nginx.ctmpl");
        Files.writeString(source, "{{range services}}{{.Name}}{{end}}");
        Path file = dir.resolve("config.hcl");
        Files.writeString(file, """
                consul {
                  address = "127.0.0.1:8500"
                  retry { attempts = 12 }
                }
                max_stale = "10m"
                log_level = "warn"
                wait { min = "2s" max = "10s" }
                template {
                  source          = "%s"
                  destination     = "%s"
                  command         = "nginx -s reload"
                  left_delimiter  = "[["
                  right_delimiter = "]]"
                  error_on_missing_key = true
                  function_denylist = ["plugin", "sprig_*"]
                  perms = 0640
                }
                template {
                  contents    = <<EOF
                {{ key "x" }}
                EOF
                  destination = "%s"
                  wait        = "1s:3s"
                }
                """.formatted(source, dir.resolve("out.conf"), dir.resolve("inline.conf")));
        RegistryConfig c = loader.load(Map.of("dev", true), List.of(file), List.of());
        assertEquals("warn", c.logLevel());
        assertEquals(2, c.templates().size());
        TemplateConfig t = c.templates().get(0);
        assertEquals(source.toString(), t.source());
        assertEquals(List.of("nginx", "-s", "reload"), t.command());
        assertEquals(java.time.Duration.ofSeconds(2), t.waitMin(), "the global wait is every template's default");
        assertEquals(java.time.Duration.ofSeconds(10), t.waitMax());
        assertEquals("[[", t.language().leftDelimiter());
        assertEquals(true, t.language().errorOnMissingKey());
        assertEquals(List.of("plugin", "sprig_*"), t.language().functionDenylist());
        assertEquals("640", t.perms());
        TemplateConfig inline = c.templates().get(1);
        assertEquals("{{ key \"x\" }}\n", inline.contents());
        assertEquals(java.time.Duration.ofSeconds(1), inline.waitMin(), "a template's own wait wins");
    }

    @Test
    void load_consulTemplateHcl_unknownOrUnsupportedKeys_stopWithTheirName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.hcl");
        Files.writeString(file, "vault { address = \"https://vault\" }\n");
        ConfigException vault = assertThrows(ConfigException.class, () -> loader.load(Map.of("dev", true),
                List.of(file), List.of()));
        assertTrue(vault.getMessage().contains("\"vault\" is not supported by Muster"), vault.getMessage());
        Files.writeString(file, "template {\n  source = \"x\"\n  sandbox_pth = \"/x\"\n}\n");
        ConfigException typo = assertThrows(ConfigException.class, () -> loader.load(Map.of("dev", true),
                List.of(file), List.of()));
        assertTrue(typo.getMessage().contains("sandbox_pth"), typo.getMessage());
        Files.writeString(file, "template {\n  source = \"x\"\n");
        ConfigException syntax = assertThrows(ConfigException.class, () -> loader.load(Map.of("dev", true),
                List.of(file), List.of()));
        assertTrue(syntax.getMessage().contains("config.hcl:3:") && syntax.getMessage().contains("unclosed block"),
                syntax.getMessage());
    }
}
