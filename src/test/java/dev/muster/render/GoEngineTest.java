package dev.muster.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.config.TemplateConfig;
import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.RegisterRequest;
import dev.muster.model.Weights;
import dev.muster.state.StateStore;
import dev.muster.state.WatchSet;
import dev.muster.store.Durability;
import dev.muster.store.H2Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * consul-template's own templates in Muster's Go engine against a real in-memory registry: the seed's file
 * unchanged (golden file), consul-template's functions, KV, not-ready renders, and registry values refused at
 * print time through every string function, naming their origin.
 */
class GoEngineTest {
    private StateStore store;
    private TemplateRenderer renderer;

    @BeforeEach
    void open() {
        store = new StateStore(H2Store.open(null, Durability.MEMORY));
        renderer = new TemplateRenderer(store.catalog(), store.health(), store.kv(), "dc1");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void register(String node, String id, String name, String address, int port, List<String> tags,
                          HealthStatus status) throws Exception {
        NodeService service = new NodeService("", id, name, tags, address, Map.of(), Map.of("version", "1.2"), port,
                Weights.DEFAULT, false, Indexes.NONE);
        List<HealthCheck> checks = status == null ? List.of() : List.of(new HealthCheck(node, "check-" + id, "c",
                status, "", "", id, "", List.of(), "", CheckDefinition.EMPTY, Indexes.NONE));
        store.catalog().register(new RegisterRequest(new Node("", node, "127.0.0.1", "dc1", Map.of(), Map.of(),
                Indexes.NONE), false, service, checks)).get();
    }

    private static TemplateConfig config(String source, List<String> rawPrefixes) {
        return new TemplateConfig(source, null, "out.conf", List.of(), Duration.ofSeconds(5), List.of(), Duration.ZERO,
                Duration.ZERO, null, false, true, rawPrefixes, TemplateConfig.Language.DEFAULT);
    }

    private String render(String source) {
        return render(source, List.of());
    }

    private String render(String source, List<String> rawPrefixes) {
        return renderer.compile(config("test.ctmpl", rawPrefixes), source).render(new WatchSet());
    }

    private static String golden(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/render", name), StandardCharsets.UTF_8);
    }

    @Test
    void seedTemplate_runsUnchanged_matchesGolden() throws Exception {
        register("tomcat", "127.0.0.1:8081", "tomcat", "127.0.0.1", 8081, List.of("dev"), HealthStatus.PASSING);
        register("tomcat", "127.0.0.1:8082", "tomcat", "127.0.0.1", 8082, List.of("dev"), HealthStatus.PASSING);
        register("n2", "api1", "api", "", 9000, List.of(), HealthStatus.CRITICAL);
        String source = Files.readString(Path.of("conf/item.consul.ctmpl"), StandardCharsets.UTF_8);
        String rendered = renderer.compile(config("conf/item.consul.ctmpl", List.of()), source).render(new WatchSet());
        if (System.getProperty("muster.writeGolden") != null) {
            Files.writeString(Path.of("src/test/resources/render/seed-ct.expected"), rendered, StandardCharsets.UTF_8);
        }
        assertEquals(golden("seed-ct.expected"), rendered);
    }

    @Test
    void consulTemplateFunctions_overTheRegistry() throws Exception {
        register("b", "web2", "web", "10.0.0.2", 81, List.of("v2", "blue"), HealthStatus.WARNING);
        register("a", "web1", "web", "10.0.0.1", 80, List.of("blue"), HealthStatus.PASSING);
        assertEquals("web1 web2", render("{{range $i, $s := service \"web|any\"}}{{if $i}} {{end}}{{$s.ID}}{{end}}"));
        assertEquals("web1", render("{{range service \"web\"}}{{.ID}}{{end}}"), "passing by default");
        assertEquals("web2", render("{{range service \"v2.web\" \"any\"}}{{.ID}}{{end}}"), "tag.name");
        assertEquals("blue=2 v2=1 ", render("{{range $tag, $s := service \"web|any\" | byTag}}{{$tag}}={{len $s}} {{end}}"));
        assertEquals("[blue v2]", render("{{with index (service \"web|any\") 1}}{{.Tags}}{{end}}"), "tags sorted");
        assertEquals("1.2", render("{{with index (service \"web\") 0}}{{.ServiceMeta.version}}{{end}}"));
        assertEquals("", render("{{with index (service \"web\") 0}}{{.ServiceMeta.missing}}{{end}}"),
                "missingkey=zero: a map[string]string's zero");
        assertEquals("a b", render("{{range $i, $n := nodes}}{{if $i}} {{end}}{{$n.Node}}{{end}}"));
        assertEquals("[dc1]", render("{{datacenters}}"));
        assertEquals("10.0.0.1:80", render("{{range service \"web\"}}{{.Address}}:{{.Port}}{{end}}"));
        assertEquals("3 7 2", render("{{add 1 2}} {{10 | subtract 3}} {{divide 2 5}}"));
        assertEquals("WEB-1.EXAMPLE", render("{{\"web-1.example\" | toUpper}}"));
        assertEquals("0 1 2 ", render("{{range loop 3}}{{.}} {{end}}"));
        assertEquals("x=y", render("{{scratch.Set \"k\" \"x=y\"}}{{scratch.Get \"k\"}}"));
        assertEquals("true", render("{{\"a,b\" | split \",\" | contains \"b\"}}"));
        assertEquals("yes", render("{{range service \"web\"}}{{if .Tags.Contains \"blue\"}}yes{{end}}{{end}}"),
                "the legacy ServiceTags.Contains");
        assertTrue(render("{{timestamp}}").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertTrue(render("{{timestamp \"unix\"}}").matches("\\d{10}"));
        assertEquals("yyyy-MM-dd HH:mm:ss", CtTime.javaPattern("2006-01-02 15:04:05"));
        assertEquals("7 x", render("{{with parseJSON `{\"a\":7,\"b\":[1,\"x\"]}`}}{{.a}} {{index .b 1}}{{end}}"));
        assertEquals("{\"a\":\"\\u003cx\\u003e\",\"b\":2}", render("{{toJSON (parseJSON `{\"b\":2,\"a\":\"<x>\"}`)}}"));
        assertEquals("0", render("{{len (parseJSON \"\")}}"), "an empty string parses to an empty map");
        assertEquals("1_2=2 ", render("{{range $k, $s := service \"web|any\" | byMeta \"version\"}}{{$k}}={{len $s}} {{end}}"));
        assertEquals("map[a:1 b:2 c:4]", render("{{$a := parseJSON `{\"a\":1,\"b\":2}`}}{{$b := parseJSON "
                + "`{\"b\":3,\"c\":4}`}}{{mergeMap $a $b}}"), "mergeMap: the destination wins");
        assertEquals("map[a:1 b:3 c:4]", render("{{$a := parseJSON `{\"a\":1,\"b\":2}`}}{{$b := parseJSON "
                + "`{\"b\":3,\"c\":4}`}}{{$b | mergeMapWithOverride $a}}"), "the piped source overrides");
        assertEquals("map[a:map[b:1 c:2]]", render("{{explodeMap (parseJSON `{\"a/b\":1,\"a/c\":2}`)}}"));
        assertEquals("8b5f48702995c1598c573db1e21866a9b825d4a794d169d7060a03605796360b",
                render("{{hmacSHA256Hex \"message\" \"secret\"}}"));
        RenderException json = assertThrows(RenderException.class,
                () -> render("{{range service \"web\"}}{{toJSON .Tags}}{{end}}"));
        assertTrue(json.getMessage().contains("refused"), "JSON of registry data carries its taint: "
                + json.getMessage());
    }

    @Test
    void kvFunctions_andNotReady() throws Exception {
        assertTrue(store.kv().set("app/port", "8080".getBytes(StandardCharsets.UTF_8), 0).get());
        assertTrue(store.kv().set("nginx/extra", "gzip on;".getBytes(StandardCharsets.UTF_8), 0).get());
        assertEquals("8080 9090", render("{{key \"app/port\"}} {{keyOrDefault \"app/other\" \"9090\"}}"));
        assertEquals("port=8080", render("{{range ls \"app\"}}{{.Key}}={{.Value}}{{end}}"));
        RenderException waiting = assertThrows(RenderException.class, () -> render("{{key \"app/missing\"}}"));
        assertTrue(waiting.notReady(), waiting.getMessage());
        RenderException refused = assertThrows(RenderException.class, () -> render("{{key \"nginx/extra\"}}"));
        assertTrue(refused.getMessage().contains("raw_kv_prefixes"), refused.getMessage());
        assertEquals("gzip on;", render("{{key \"nginx/extra\"}}", List.of("nginx/")));
        RenderException otherDc = assertThrows(RenderException.class, () -> render("{{key \"app/port@dc2\"}}"));
        assertTrue(otherDc.getMessage().contains("Muster serves one datacenter"), otherDc.getMessage());
    }

    @Test
    void hostileRegistryValues_areRefused_throughEveryStringFunction() throws Exception {
        register("a", "web1", "web", "10.0.0.1", 80, List.of("x; } server { listen 81"), HealthStatus.PASSING);
        for (String source : List.of("{{range service \"web\"}}{{index .Tags 0}}{{end}}",
                "{{range service \"web\"}}{{.Tags}}{{end}}",
                "{{range service \"web\"}}{{printf \"tag %s;\" (index .Tags 0)}}{{end}}",
                "{{range service \"web\"}}{{join \",\" .Tags}}{{end}}",
                "{{range service \"web\"}}{{index .Tags 0 | replaceAll \"x\" \"y\"}}{{end}}",
                "{{range service \"web\"}}{{index .Tags 0 | toUpper}}{{end}}",
                "{{range service \"web\"}}{{index .Tags 0 | trimSpace}}{{end}}",
                "{{range service \"web\"}}{{index .Tags 0 | regexReplaceAll \"x\" \"z\"}}{{end}}",
                "{{range service \"web\"}}{{index .Tags 0 | split \" \"}}{{end}}",
                "{{range $tag, $s := service \"web\" | byTag}}{{$tag}}{{end}}",
                "{{range service \"web\"}}{{print (index .Tags 0)}}{{end}}",
                "{{range service \"web\"}}{{scratch.Set \"t\" (index .Tags 0)}}{{end}}{{scratch.Get \"t\"}}")) {
            RenderException e = assertThrows(RenderException.class, () -> render(source), source);
            assertTrue(e.getMessage().contains("refused: service \"web\" instance \"web1\" field Tags")
                    || e.getMessage().contains("refused: a tag (byTag key)"), source + ": " + e.getMessage());
        }
        assertEquals("true", render("{{range service \"web\"}}{{.Tags | contains \"x; } server { listen 81\"}}{{end}}"),
                "predicates print plain bools");
    }

    @Test
    void unsupportedFunctions_failAtLoad_namingThemAndWhy() {
        RenderException vault = assertThrows(RenderException.class,
                () -> renderer.compile(config("t.ctmpl", List.of()), "{{with secret \"kv/x\"}}{{.Data}}{{end}}"));
        assertTrue(vault.getMessage().contains("function \"secret\" is not supported by Muster: Vault"),
                vault.getMessage());
        RenderException plugin = assertThrows(RenderException.class,
                () -> renderer.compile(config("t.ctmpl", List.of()), "{{plugin \"rm\" \"-rf\"}}"));
        assertTrue(plugin.getMessage().contains("runs programs"), plugin.getMessage());
        RenderException syntax = assertThrows(RenderException.class,
                () -> renderer.compile(config("t.ctmpl", List.of()), "{{range services}}"));
        assertTrue(syntax.getMessage().startsWith("parse: template: t.ctmpl:1:"), syntax.getMessage());
    }
}
