package dev.muster.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real-world-style consul-template files (an HAProxy and an nginx config using byTag, scratch, printf, KV
 * settings, ServiceMeta and range/else, as the templates in go-template spec §6 do) rendered by the Go engine
 * against a registry, compared with golden files in src/test/resources/render/ct.
 */
class CtGoldenTest {
    private StateStore store;
    private TemplateRenderer renderer;

    @BeforeEach
    void open() throws Exception {
        store = new StateStore(H2Store.open(null, Durability.MEMORY));
        renderer = new TemplateRenderer(store.catalog(), store.health(), store.kv(), "dc1");
        register("n1", "web-1", "web", "10.0.0.1", 8080, List.of("http", "public"), HealthStatus.PASSING, 3);
        register("n2", "web-2", "web", "10.0.0.2", 8080, List.of("http", "public"), HealthStatus.CRITICAL, 1);
        register("n2", "api-1", "api", "10.0.0.2", 9000, List.of("public"), HealthStatus.PASSING, 1);
        register("n3", "db-1", "db", "10.0.0.3", 5432, List.of(), HealthStatus.PASSING, 1);
        register("n3", "admin-1", "admin", "10.0.0.3", 7000, List.of("http"), HealthStatus.CRITICAL, 1);
        kv("haproxy/maxconn", "4096");
        kv("haproxy/api/check", "/ping");
        kv("nginx/port", "8081");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void register(String node, String id, String name, String address, int port, List<String> tags,
                          HealthStatus status, int weight) throws Exception {
        NodeService s = new NodeService("", id, name, tags, address, Map.of(), Map.of("version", "2.1"), port,
                new Weights(weight, 1), false, Indexes.NONE);
        store.catalog().register(new RegisterRequest(new Node("", node, address, "dc1", Map.of(), Map.of(),
                Indexes.NONE), false, s, List.of(new HealthCheck(node, "c-" + id, "c", status, "", "", id, "", List.of(),
                "", CheckDefinition.EMPTY, Indexes.NONE)))).get();
    }

    private void kv(String key, String value) throws Exception {
        assertTrue(store.kv().set(key, value.getBytes(StandardCharsets.UTF_8), 0).get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"haproxy", "nginx-realworld"})
    void realWorldStyleTemplates_matchGolden(String name) throws Exception {
        Path dir = Path.of("src/test/resources/render/ct");
        String source = Files.readString(dir.resolve(name + ".ctmpl"), StandardCharsets.UTF_8);
        TemplateConfig config = new TemplateConfig(name + ".ctmpl", null, "out", List.of(), Duration.ofSeconds(5),
                List.of(), Duration.ZERO, Duration.ZERO, null, false, true, List.of(), TemplateConfig.Language.DEFAULT);
        String rendered = renderer.compile(config, source).render(new WatchSet());
        if (System.getProperty("muster.writeGolden") != null) {
            Files.writeString(dir.resolve(name + ".expected"), rendered, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(dir.resolve(name + ".expected"), StandardCharsets.UTF_8), rendered);
    }
}
