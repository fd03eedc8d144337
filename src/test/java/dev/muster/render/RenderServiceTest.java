package dev.muster.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muster.config.TemplateConfig;
import dev.muster.model.Indexes;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.RegisterRequest;
import dev.muster.model.Weights;
import dev.muster.state.StateStore;
import dev.muster.store.H2Store;
import dev.muster.store.Durability;
import dev.muster.testing.FakeScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline with a real in-memory registry, a real file and a fake clock. */
class RenderServiceTest {
    private static final String TEMPLATE = "{% for s in services() %}{{ s.Name }}\n{% endfor %}";
    private final FakeScheduler clock = new FakeScheduler();
    private StateStore store;
    private RenderService service;

    @BeforeEach
    void open() {
        store = new StateStore(H2Store.open(null, Durability.MEMORY));
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
        store.close();
    }

    private void register(String name) throws Exception {
        store.catalog().register(new RegisterRequest(new Node("", "n", "127.0.0.1", "dc1", Map.of(), Map.of(),
                Indexes.NONE), false, new NodeService("", name, name, List.of(), "", Map.of(), Map.of(), 80,
                Weights.DEFAULT, false, Indexes.NONE), List.of())).get();
    }

    private RenderService start(Path dest, Duration min, Duration max) throws Exception {
        TemplateConfig config = new TemplateConfig(null, TEMPLATE, dest.toString(), List.of(), Duration.ofSeconds(5),
                List.of(), min, max, null, false, true, List.of(), dev.muster.config.TemplateConfig.Language.DEFAULT);
        service = new RenderService(List.of(config), new TemplateRenderer(store.catalog(), store.health(), store.kv()), clock,
                Duration.ofSeconds(1), null);
        service.start();
        service.awaitIdle();
        return service;
    }

    @Test
    void wait_burstOfChanges_rendersOnceAfterTheQuietPeriod(@TempDir Path dir) throws Exception {
        Path dest = dir.resolve("out.conf");
        start(dest, Duration.ofSeconds(3), Duration.ofSeconds(30));
        long writes = service.statuses().get(0).writes();
        for (int i = 0; i < 8; i++) {
            register("s" + i);
            service.awaitIdle();
            clock.advance(Duration.ofSeconds(1));
            service.awaitIdle();
        }
        assertEquals(writes, service.statuses().get(0).writes(), "every change of the burst restarts the quiet period");
        clock.advance(Duration.ofSeconds(3));
        service.awaitIdle();
        assertEquals(writes + 1, service.statuses().get(0).writes());
        assertEquals("s0\ns1\ns2\ns3\ns4\ns5\ns6\ns7\n", Files.readString(dest));
    }

    @Test
    void noWait_changeRendersAtOnce_andEqualBytesWriteNothing(@TempDir Path dir) throws Exception {
        Path dest = dir.resolve("out.conf");
        start(dest, Duration.ZERO, Duration.ZERO);
        register("web");
        service.awaitIdle();
        assertEquals("web\n", Files.readString(dest));
        long writes = service.statuses().get(0).writes();
        long renders = service.statuses().get(0).renders();
        // a new tag: data the template read changed (services()), its output did not
        store.catalog().register(new RegisterRequest(new Node("", "n", "127.0.0.1", "dc1", Map.of(), Map.of(),
                Indexes.NONE), false, new NodeService("", "web", "web", List.of("new-tag"), "", Map.of(), Map.of(), 80,
                Weights.DEFAULT, false, Indexes.NONE), List.of())).get();
        service.awaitIdle();
        assertEquals(renders + 1, service.statuses().get(0).renders(), "the change re-rendered the template");
        assertEquals(writes, service.statuses().get(0).writes(), "but equal bytes write nothing");
        // node meta is not read by services(): no render at all
        store.catalog().register(new RegisterRequest(new Node("", "n", "127.0.0.1", "dc1", Map.of("k", "v"), Map.of(),
                Indexes.NONE), false, null, List.of())).get();
        service.awaitIdle();
        assertEquals(renders + 1, service.statuses().get(0).renders(), "data the template did not read does not wake it");
    }
}
