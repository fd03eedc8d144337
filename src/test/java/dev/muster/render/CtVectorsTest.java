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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * consul-template's function vectors (go-template spec §7.11, from ct:template/template_test.go and funcs_test.go)
 * through Muster's Go engine over a real in-memory registry: no data, missingkey=zero. Vectors of functions
 * Muster does not build yet (toTOML, sprig) are left out; see the README.
 */
class CtVectorsTest {
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

    private String render(String source) {
        return render(source, TemplateConfig.Language.DEFAULT);
    }

    private String render(String source, TemplateConfig.Language language) {
        TemplateConfig config = new TemplateConfig("v.ctmpl", null, "out", List.of(), Duration.ofSeconds(5), List.of(),
                Duration.ZERO, Duration.ZERO, null, false, true, List.of(""), language);
        return renderer.compile(config, source).render(new WatchSet());
    }

    private RenderException fails(String source) {
        return assertThrows(RenderException.class, () -> render(source));
    }

    private void kv(String key, String value) throws Exception {
        assertTrue(store.kv().set(key, value.getBytes(StandardCharsets.UTF_8), 0).get());
    }

    private void webapp(String node, String address, String... tags) throws Exception {
        NodeService s = new NodeService("", "webapp-" + node, "webapp", List.of(tags), address, Map.of(), Map.of(), 80,
                Weights.DEFAULT, false, Indexes.NONE);
        store.catalog().register(new RegisterRequest(new Node("", node, address, "dc1", Map.of(), Map.of(),
                Indexes.NONE), false, s, List.of(new HealthCheck(node, "c-" + node, "c", HealthStatus.PASSING, "", "",
                s.id(), "", List.of(), "", CheckDefinition.EMPTY, Indexes.NONE)))).get();
    }

    @Test
    void v134_v139_missingKeysAndKvReads() throws Exception {
        assertEquals("<no value>", render("{{ .Data.Foo }}"));
        assertThrows(RenderException.class, () -> render("{{ .Data.Foo }}",
                new TemplateConfig.Language(null, "{{", "}}", true, List.of())), "error_on_missing_key");
        assertThrows(RenderException.class, () -> render("{{ bad_func }}"));
        assertTrue(fails("{{ key \"foo\" }}").notReady(), "V136: waits for the key");
        kv("key", "5");
        assertEquals("5", render("{{ key \"key\" }}"));
        assertEquals("true false", render("{{ keyExists \"key\" }} {{ keyExists \"no_key\" }}"));
        kv("key", "150");
        assertEquals("150 200", render("{{ keyOrDefault \"key\" \"100\" }} {{ keyOrDefault \"no_key\" \"200\" }}"));
    }

    @Test
    void v140_v141_v151_v161_v163_lsTreeByKeyExplodeMergeMap() throws Exception {
        kv("list/", "");
        kv("list/foo", "bar");
        kv("list/foo/zip", "zap");
        assertEquals("foo=bar", render("{{ range ls \"list\" }}{{ .Key }}={{ .Value }}{{ end }}"));
        kv("key/", "");
        kv("key/admin/port", "1134");
        kv("key/maxconns", "5");
        kv("key/minconns", "2");
        assertEquals("admin/port=1134maxconns=5minconns=2",
                render("{{ range tree \"key\" }}{{ .Key }}={{ .Value }}{{ end }}"));
        kv("l2/foo/bar", "a");
        kv("l2/zip/zap", "b");
        assertEquals("foo:bar=azip:zap=b", render("{{ range $key, $pairs := tree \"l2\" | byKey }}{{ $key }}:"
                + "{{ range $pairs }}{{ .Key }}={{ .Value }}{{ end }}{{ end }}"));
        assertEquals("foomap[bar:a]zipmap[zap:b]", render("{{ range $k, $v := tree \"l2\" | explode }}{{ $k }}{{ $v }}"
                + "{{ end }}"));
        assertEquals("foomap[bar:a]voomap[bar:v]zipmap[zap:b]", render("{{ $base := \"{\\\"voo\\\":{\\\"bar\\\":\\\"v\\\"}}\" "
                + "| parseJSON}}{{ $role := tree \"l2\" | explode | mergeMap $base}}{{ range $k, $v := $role }}{{ $k }}"
                + "{{ $v }}{{ end }}"));
    }

    @Test
    void v142_v158_servicesNodesAndMembership() throws Exception {
        webapp("node1", "1.2.3.4", "prod", "staging");
        webapp("node2", "5.6.7.8", "staging");
        assertEquals("1.2.3.45.6.7.8", render("{{ range service \"webapp\" }}{{ .Address }}{{ end }}"));
        assertEquals("1.2.3.45.6.7.8", render("{{ range service \"webapp\" \"passing,any\" }}{{ .Address }}{{ end }}"));
        assertEquals("webapp", render("{{ range services }}{{ .Name }}{{ end }}"));
        assertEquals("node1node2", render("{{ range nodes }}{{ .Node }}{{ end }}"));
        assertEquals("node1webapp", render("{{ with node \"node1\" }}{{ .Node.Node }}{{ range .Services }}"
                + "{{ .Service }}{{ end }}{{ end }}"));
        assertEquals("<no value>", render("{{ $v := node \"nobody\" }}{{ $v.Node }}"), "V146");
        assertEquals("[dc1]", render("{{ datacenters }}"));
        assertEquals("prod:1.2.3.4staging:1.2.3.45.6.7.8", render("{{ range $tag, $services := service \"webapp\" | byTag }}"
                + "{{ $tag }}:{{ range $services }}{{ .Address }}{{ end }}{{ end }}"));
        assertEquals("1.2.3.4", render("{{ range service \"webapp\" }}{{ if .Tags | contains \"prod\" }}{{ .Address }}"
                + "{{ end }}{{ end }}"));
        assertEquals("1.2.3.4", render("{{ range service \"webapp\" }}{{ if \"prod\" | in .Tags }}{{ .Address }}"
                + "{{ end }}{{ end }}"));
        String all = "{{ $r := parseJSON \"%s\" }}{{ range service \"webapp\" }}{{ if .Tags | %s $r }}{{ .Address }}"
                + "{{ end }}{{ end }}";
        assertEquals("1.2.3.4", render(all.formatted("[\\\"prod\\\",\\\"staging\\\"]", "containsAll")));
        assertEquals("1.2.3.45.6.7.8", render(all.formatted("[]", "containsAll")));
        assertEquals("1.2.3.45.6.7.8", render(all.formatted("[\\\"staging\\\",\\\"v3\\\"]", "containsAny")));
        assertEquals("", render(all.formatted("[]", "containsAny")));
        assertEquals("5.6.7.8", render(all.formatted("[\\\"prod\\\"]", "containsNone")));
        assertEquals("5.6.7.8", render(all.formatted("[\\\"prod\\\",\\\"staging\\\"]", "containsNotAll")));
        assertEquals("80:2 ", render("{{ range $port, $s := service \"webapp\" | byPort }}{{ $port }}:{{ len $s }} {{ end }}"));
        String byPort = fails("{{ services | byPort }}").getMessage();
        assertTrue(byPort.contains("byPort: wrong argument type []*dependency.CatalogSnippet"), "V187: " + byPort);
        assertTrue(fails("{{ service \"web|up\" }}").getMessage()
                .contains("health.service: invalid filter: \"up\" in \"web|up\""));
    }

    @Test
    void v149_v150_environment() {
        String path = System.getenv("PATH");
        assertEquals(path, render("{{ env \"PATH\" }}"));
        assertEquals(path + " 300", render("{{ envOrDefault \"PATH\" \"100\" }} {{ envOrDefault \"MUSTER_UNSET_VAR\" \"300\" }}"));
        assertTrue(fails("{{ mustEnv \"MUSTER_UNSET_VAR\" }}").getMessage().contains("is empty"));
    }

    @Test
    void v159_v160_executeTemplate() throws Exception {
        kv("foo", "bar");
        assertEquals("bar", render("{{ define \"custom\" }}{{ key \"foo\" }}{{ end }}{{ executeTemplate \"custom\" }}"));
        assertEquals("bar", render("{{ define \"custom\" }}{{ key . }}{{ end }}{{ executeTemplate \"custom\" \"foo\" }}"));
        assertTrue(fails("{{ define \"r\" }}{{ executeTemplate \"r\" }}{{ end }}{{ executeTemplate \"r\" }}").getMessage()
                .contains("nested deeper than"), "consul-template recurses until memory runs out; Muster stops");
    }

    @Test
    void v162_v183_stringsMathScratchEncodings() {
        assertEquals("map[foo:map[bar:a] qux:c zip:map[zap:d]]", render("{{ scratch.MapSet \"e\" \"foo/bar\" \"a\"}}"
                + "{{ scratch.MapSet \"e\" \"qux\" \"c\"}}{{ scratch.MapSet \"e\" \"zip/zap\" \"d\"}}"
                + "{{ scratch.Get \"e\" | explodeMap }}"));
        assertEquals("    hello\n    hello\r\n    HELLO\r\n    hello\n    HELLO",
                render("{{ \"hello\\nhello\\r\\nHELLO\\r\\nhello\\nHELLO\" | indent 4 }}"));
        assertTrue(fails("{{ \"x\" | indent -4 }}").getMessage().contains("indent value must be a positive integer"));
        assertEquals("111 012 11 012", render("{{ range loop 3 }}1{{ end }} {{ range $i := loop 3 }}{{ $i }}{{ end }} "
                + "{{ range loop 1 \"3\" }}1{{ end }} {{$n := 3 }}{{ range $i := loop $n }}{{ $i }}{{ end }}"));
        assertEquals("a;b;c [a b c]", render("{{ \"a,b,c\" | split \",\" | join \";\" }} {{ \"a,b,c\" | split \",\" }}"));
        assertEquals("hello world|world!!|hello|hi", render("{{ \"!!hello world!!\" | trim \"!!\" }}|{{ \"hello world!!\" "
                + "| trimPrefix \"hello \" }}|{{ \"hello world!!\" | trimSuffix \" world!!\" }}|{{ \"\\t hi\\n \" | trimSpace }}"));
        assertEquals("true 1.2 1.0 -1 1", render("{{ \"true\" | parseBool }} {{ \"1.2\" | parseFloat }} "
                + "{{ \"1.0\" | parseFloat | printf \"%.1f\"}} {{ \"-1\" | parseInt }} {{ \"1\" | parseUint }}"));
        assertEquals("map[foo:bar]", render("{{ \"{\\\"foo\\\": \\\"bar\\\"}\" | parseJSON }}"));
        assertEquals("map[foo:map[bar:baz baz:7]]", render("{{ \"foo:\\n  bar: \\\"baz\\\"\\n  baz: 7\" | parseYAML }}"));
        assertEquals("foo: bar", render("{{ \"{\\\"foo\\\":\\\"bar\\\"}\" | parseJSON | toYAML }}"));
        assertEquals("true xxx bye my bye", render("{{ \"foo\" | regexMatch \"[a-z]+\" }} {{ \"foo\" | regexReplaceAll "
                + "\"\\\\w\" \"x\" }} {{ \"hello my hello\" | regexReplaceAll \"hello\" \"bye\" }}"));
        assertEquals("map[a:x b:y c:z]", render("{{ \"a:x,b:y,c:z\" | splitToMap \",\" \":\" }}"));
        assertEquals("[\"a\",\"b\",\"c\"] [\"a?b&c\",\"x?y&z\"]", render("{{ \"a,b,c\" | split \",\" | toJSON }} "
                + "{{ \"a?b&c,x?y&z\" | split \",\" | toUnescapedJSON }}"));
        assertEquals("This Is A Sentence hi HI", render("{{ \"this is a sentence\" | toTitle }} {{ \"HI\" | toLower }} "
                + "{{ \"hi\" | toUpper }}"));
        assertEquals("4 0 4 1 1 2 3", render("{{ 2 | add 2 }} {{ 2 | subtract 2 }} {{ 2 | multiply 2 }} {{ 2 | divide 2 }} "
                + "{{ 3 | modulo 2 }} {{ 3 | minimum 2 }} {{ 3 | maximum 2 }}"));
        assertEquals("3 5 1", render("{{ subtract 2 5 }} {{ divide 2 10 }} {{ modulo 2 5 }}"));
        assertTrue(fails("{{ divide 0 1 }}").getMessage().contains("integer divide by zero"));
        assertEquals("hello aGVsbG8= testing123", render("{{ base64Decode \"aGVsbG8=\" }} {{ base64Encode \"hello\" }} "
                + "{{ base64URLDecode \"dGVzdGluZzEyMw==\" }}"));
        assertThrows(RenderException.class, () -> render("{{ base64Decode \"aGVsxxbG8=\" }}"));
        assertEquals("6116e95f2827172aa6ef8b22b883f6a77e966aefc129c6b8228ebd0aac74e98d",
                render("{{ hmacSHA256Hex \"somemessage\" \"somekey\" }}"));
        assertEquals("true 2 2", render("{{ scratch.Set \"a\" \"2\" }}{{ scratch.Key \"a\" }} {{ scratch.Get \"a\" }} "
                + "{{ scratch.SetX \"a\" \"1\" }}{{ scratch.Get \"a\" }}"));
        assertEquals("[bar] [bar]", render("{{ scratch.MapSet \"a\" \"foo\" \"bar\" }}{{ scratch.MapValues \"a\" }} "
                + "{{ scratch.MapSetX \"b\" \"foo\" \"bar\" }}{{ scratch.MapSetX \"b\" \"foo\" \"baz\" }}"
                + "{{ scratch.MapValues \"b\" }}"));
        assertEquals("[] [a  b]", render("{{ \"\" | split \",\" }} {{ \" a,,b \" | split \",\" }}"));
    }

    @Test
    void v184_denylistedFunctions_areDisabled() {
        RenderException e = assertThrows(RenderException.class, () -> render("{{ \"x\" | toUpper }}",
                new TemplateConfig.Language(null, "{{", "}}", false, List.of("to*"))));
        assertTrue(e.getMessage().contains("function is disabled"), e.getMessage());
    }
}
