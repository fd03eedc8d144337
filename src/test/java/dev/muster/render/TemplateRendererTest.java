package dev.muster.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.RegisterRequest;
import dev.muster.model.ServiceAddress;
import dev.muster.model.Weights;
import dev.muster.state.StateStore;
import dev.muster.state.WatchSet;
import dev.muster.store.H2Store;
import dev.muster.store.Durability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Templates against a real in-memory registry, compared with golden files under src/test/resources/render. */
class TemplateRendererTest {
    private StateStore store;
    private TemplateRenderer renderer;

    @BeforeEach
    void open() {
        store = new StateStore(H2Store.open(null, Durability.MEMORY));
        renderer = new TemplateRenderer(store.catalog(), store.health(), store.kv());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void register(String node, String address, String id, String name, String serviceAddress, int port,
                          List<String> tags, HealthStatus status) throws Exception {
        register(node, address, id, name, serviceAddress, port, tags, status, Map.of("v", "1"), Weights.DEFAULT);
    }

    private void register(String node, String address, String id, String name, String serviceAddress, int port,
                          List<String> tags, HealthStatus status, Map<String, String> meta, Weights weights)
            throws Exception {
        NodeService service = new NodeService("", id, name, tags, serviceAddress, Map.of(), meta, port,
                weights, false, Indexes.NONE);
        List<HealthCheck> checks = status == null ? List.of() : List.of(new HealthCheck(node, "check-" + id, "c",
                status, "", "", id, "", List.of(), "", CheckDefinition.EMPTY, Indexes.NONE));
        store.catalog().register(new RegisterRequest(new Node("", node, address, "dc1", Map.of(), Map.of(), Indexes.NONE),
                false, service, checks)).get();
    }

    private String render(String source) {
        return renderer.render("test", renderer.compile("test", source), new WatchSet());
    }

    private static String golden(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/render", name), StandardCharsets.UTF_8);
    }

    @Test
    void shippedTemplate_seedServices_matchesGolden() throws Exception {
        register("tomcat", "127.0.0.1", "127.0.0.1:8081", "tomcat", "", 8081, List.of("dev"), HealthStatus.PASSING);
        register("tomcat", "127.0.0.1", "127.0.0.1:8082", "tomcat", "", 8082, List.of("dev"), null);
        register("n2", "127.0.0.2", "api1", "www.example.com", "127.0.0.9", 9000, List.of(), HealthStatus.CRITICAL);
        String source = Files.readString(Path.of("conf/nginx.peb"), StandardCharsets.UTF_8);
        assertEquals(golden("seed.expected"), render(source));
        assertEquals(golden("seed.expected"), renderGo("conf/nginx.ctmpl"));
    }

    /** The UI's virtual hosts (see dev.muster.ui.VirtualHosts for the mapping) next to a plain service. */
    @Test
    void shippedTemplate_virtualHosts_matchGolden() throws Exception {
        Map<String, String> shop = Map.of("vhost_server_names", "shop.example.com www.shop.example.com",
                "vhost_listen", "8080", "vhost_path", "/store/", "vhost_health_path", "/healthz");
        List<String> tag = List.of("muster-vhost");
        register("muster", "127.0.0.1", "shop@10.0.0.5:8080", "shop", "10.0.0.5", 8080, tag, HealthStatus.PASSING, shop,
                new Weights(3, 1));
        register("muster", "127.0.0.1", "shop@10.0.0.6:8080", "shop", "10.0.0.6", 8080, tag, HealthStatus.PASSING, shop,
                Weights.DEFAULT);
        register("muster", "127.0.0.1", "shop@10.0.0.7:8080", "shop", "10.0.0.7", 8080, tag, HealthStatus.CRITICAL, shop,
                Weights.DEFAULT);
        Map<String, String> down = Map.of("vhost_server_names", "down.example.com", "vhost_listen", "80",
                "vhost_path", "/", "vhost_health_path", "");
        register("muster", "127.0.0.1", "down@10.0.0.8:81", "down", "10.0.0.8", 81, tag, HealthStatus.CRITICAL, down,
                Weights.DEFAULT);
        register("n2", "127.0.0.2", "api1", "api", "", 9000, List.of(), HealthStatus.PASSING);
        String source = Files.readString(Path.of("conf/nginx.peb"), StandardCharsets.UTF_8);
        assertEquals(golden("vhosts.expected"), render(source));
        assertEquals(golden("vhosts.expected"), renderGo("conf/nginx.ctmpl"),
                "conf/nginx.ctmpl (Go) renders exactly what conf/nginx.peb (Pebble) does");
    }

    /** A shipped Go template, through the engine its extension picks. */
    private String renderGo(String file) throws IOException {
        String source = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        dev.muster.config.TemplateConfig config = new dev.muster.config.TemplateConfig(file, null, "out.conf",
                List.of(), java.time.Duration.ofSeconds(5), List.of(), java.time.Duration.ZERO, java.time.Duration.ZERO,
                null, false, true, List.of(), dev.muster.config.TemplateConfig.Language.DEFAULT);
        CompiledTemplate compiled = renderer.compile(config, source);
        assertEquals("go", compiled.engine());
        return compiled.render(new WatchSet());
    }

    @Test
    void functions_consulTemplateShapes_matchGolden() throws Exception {
        register("b", "127.0.0.2", "web2", "web", "", 81, List.of("blue", "v2"), HealthStatus.WARNING);
        register("a", "127.0.0.1", "web1", "web", "127.0.0.5", 80, List.of("blue"), HealthStatus.PASSING);
        register("a", "127.0.0.1", "db1", "db", "", 5432, List.of(), HealthStatus.CRITICAL);
        String source = """
                {% for s in services() %}{{ s.Name }}[{{ s.Tags | join(",") }}]
                {% endfor %}passing:{% for i in service("web") %} {{ i.Node }}/{{ i.ID }}@{{ i.Address }}:{{ i.Port }}={{ i.Status }}{% endfor %}
                any:{% for i in service("web", "any") %} {{ i.ID }}={{ i.Status }}{% endfor %}
                warning,critical:{% for i in service("web", "warning,critical") %} {{ i.ID }}{% endfor %}
                tagged:{% for i in service("v2.web", "any") %} {{ i.ID }}{% endfor %}
                {% for entry in service("web", "any") | byTag %}{{ entry.key }}={{ entry.value | length }} {% endfor %}
                nodes:{% for n in nodes() %} {{ n.Node | lower }}{% endfor %}
                {# this stays for nginx #} {* this is a Muster comment *}
                """;
        assertEquals(golden("functions.expected"), render(source));
    }

    private void kv(String key, String value) throws Exception {
        assertTrue(store.kv().set(key, value.getBytes(StandardCharsets.UTF_8), 0).get());
    }

    /** consul-template's KV functions (go-template spec V137–V141) in the Pebble engine. */
    @Test
    void kvFunctions_consulTemplateSemantics_matchGolden() throws Exception {
        kv("key", "5");
        kv("empty", "");
        kv("list/", "");
        kv("list/foo", "bar");
        kv("list/foo/zip", "zap");
        kv("upstream/", "");
        kv("upstream/admin/port", "1134");
        kv("upstream/maxconns", "5");
        kv("upstream/minconns", "2");
        String source = """
                key={{ key("key") }} exists={{ keyExists("key") }}/{{ keyExists("no_key") }}/{{ keyExists("empty") }}
                default={{ keyOrDefault("key", "100") }} {{ keyOrDefault("no_key", "200") }} {{ keyOrDefault("empty", "300") }}
                ls:{% for p in ls("list") %} {{ p.Key }}={{ p.Value }} ({{ p.Path }}){% endfor %}
                tree:{% for p in tree("upstream") %} {{ p.Key }}={{ p.Value }}{% endfor %}
                safeTree:{% for p in safeTree("upstream/") %} {{ p.Key }}{% endfor %}
                empty-ls:{% for p in ls("nothing/") %} {{ p.Key }}{% endfor %}
                """;
        assertEquals(golden("kv.expected"), render(source));
    }

    @Test
    void kvFunctions_missingKeyOrEmptySafeList_isNotReady_andWatchesWhatItWaitsFor() throws Exception {
        for (String source : List.of("{{ key(\"missing\") }}", "{% for p in safeLs(\"none/\") %}{% endfor %}",
                "{% for p in safeTree(\"none/\") %}{% endfor %}")) {
            WatchSet ws = new WatchSet();
            RenderException e = assertThrows(RenderException.class,
                    () -> renderer.render("test", renderer.compile("test", source), ws), source);
            assertTrue(e.notReady(), e.getMessage());
            assertFalse(ws.anyChange().isDone());
            kv("unrelated-" + source.length(), "x");
            assertTrue(ws.anyChange().isDone(), "a wait for missing KV data re-renders on KV writes: " + source);
        }
        kv("missing", "here");
        assertEquals("here", render("{{ key(\"missing\") }}"));
    }

    @Test
    void kvValues_areCheckedAtPrint_unlessUnderARawPrefix() throws Exception {
        kv("nginx/snippets/gzip", "gzip on; gzip_types text/css;");
        kv("app/port", "80; } server { listen 81");
        RenderException e = assertThrows(RenderException.class, () -> render("{{ key(\"app/port\") }}"));
        assertTrue(e.getMessage().contains("refused to write"), e.getMessage());
        assertThrows(RenderException.class, () -> render("{{ key(\"nginx/snippets/gzip\") }}"));
        String raw = renderer.render("test", renderer.compile("test", "{{ key(\"nginx/snippets/gzip\") }}"),
                new WatchSet(), List.of("nginx/snippets/"));
        assertEquals("gzip on; gzip_types text/css;", raw);
        RenderException stillChecked = assertThrows(RenderException.class, () -> renderer.render("test",
                renderer.compile("test", "{{ key(\"app/port\") }}"), new WatchSet(), List.of("nginx/snippets/")));
        assertTrue(stillChecked.getMessage().contains("refused to write"), stillChecked.getMessage());
    }

    @Test
    void hostileValue_isRefusedWhereverItIsPrinted() throws Exception {
        register("a", "127.0.0.1", "web1", "web", "", 80, List.of("x; } server { listen 81"), HealthStatus.PASSING);
        for (String source : List.of("{% for i in service(\"web\") %}{{ i.Tags[0] }}{% endfor %}",
                "{% for i in service(\"web\") %}\"{{ i.Tags[0] }}\"{% endfor %}",
                "{% for i in service(\"web\") %}{{ i.Tags | join(\" \") }}{% endfor %}",
                "{% for i in service(\"web\") %}{{ \"a\" ~ i.Tags[0] }}{% endfor %}",
                "{% macro m(t) %}{{ t }}{% endmacro %}{% for i in service(\"web\") %}{{ m(i.Tags[0]) }}{% endfor %}")) {
            RenderException e = assertThrows(RenderException.class, () -> render(source), source);
            assertTrue(e.getMessage().contains("refused to write"), e.getMessage());
        }
    }

    @Test
    void escapeHatches_doNotExist() {
        assertThrows(RenderException.class, () -> render("{{ \"x\" | raw }}"));
        assertThrows(RenderException.class, () -> render("{{ \"a;b\" | lower | escape(\"html\") }}"));
        assertThrows(RenderException.class, () -> render("{% autoescape false %}{{ \"x\" }}{% endautoescape %}"));
    }

    @Test
    void strictVariables_typoFailsTheRender() {
        RenderException e = assertThrows(RenderException.class,
                () -> render("{% for s in services() %}{{ s.Nmae }}{% endfor %}x{{ nope }}"));
        assertTrue(e.getMessage().startsWith("test: "), e.getMessage());
    }

    @Test
    void newlinesAfterTags_areKept() {
        assertEquals("# a\nupstream x {}\n", render("# {{ \"a\" }}\nupstream x {}\n"));
    }

    @Test
    void hostPort_bracketsIpv6_andOmitsAMissingPort() {
        assertEquals("[::1]:8080", new ServiceAddress("::1", 8080).hostPort());
        assertEquals("10.0.0.1", new ServiceAddress("10.0.0.1", 0).hostPort());
        assertEquals("app.internal:80", new ServiceAddress("app.internal", 80).hostPort());
    }

    @Test
    void templateLoadingTagsAndDate_areRemoved() throws Exception {
        register("a", "127.0.0.1", "web1", "web", "", 80, List.of(), HealthStatus.PASSING);
        for (String source : List.of("{% include \"x\" %}", "{% embed \"x\" %}{% endembed %}", "{% extends \"x\" %}",
                "{% import \"x\" %}", "{{ 0 | date(\"yyyy\") }}")) {
            assertThrows(RenderException.class, () -> render(source), source);
        }
    }

    @Test
    void services_groupNamesCaseInsensitively() throws Exception {
        register("a", "127.0.0.1", "w1", "web", "", 80, List.of("x"), HealthStatus.PASSING);
        register("b", "127.0.0.2", "w2", "Web", "", 81, List.of("y"), HealthStatus.PASSING);
        assertEquals("web[x,y]", render("{% for s in services() %}{{ s.Name }}[{{ s.Tags | join(\",\") }}]{% endfor %}"));
    }
}
