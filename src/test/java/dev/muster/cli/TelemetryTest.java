package dev.muster.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muster.config.TemplateConfig;
import dev.muster.metrics.MetricSnapshot;
import dev.muster.metrics.Sample;
import dev.muster.metrics.Series;
import dev.muster.model.CheckDefinition;
import dev.muster.model.DeregisterRequest;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.RegisterRequest;
import dev.muster.model.Weights;
import dev.muster.render.RenderService;
import dev.muster.render.TemplateRenderer;
import dev.muster.state.StateStore;
import dev.muster.store.H2Store;
import dev.muster.store.Durability;
import dev.muster.testing.FakeScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wiring the UI's charts read: real state store and renderer, fake scheduler and clock. */
class TelemetryTest {
    private static final Instant START = Instant.parse("2030-01-01T10:00:20Z");
    private final FakeScheduler scheduler = new FakeScheduler();
    private StateStore store;
    private Telemetry telemetry;
    private RenderService render;

    @BeforeEach
    void open() {
        store = new StateStore(H2Store.open(null, Durability.MEMORY));
        telemetry = new Telemetry(store, scheduler, scheduler.clock(START));
        telemetry.start();
    }

    @AfterEach
    void close() {
        telemetry.close();
        if (render != null) {
            render.close();
        }
        store.close();
    }

    private void register(String id, HealthStatus status) throws Exception {
        HealthCheck check = new HealthCheck("n", "c-" + id, "c-" + id, status, "", "", id, "", List.of(), "",
                CheckDefinition.EMPTY, Indexes.NONE);
        store.catalog().register(new RegisterRequest(new Node("", "n", "127.0.0.1", "dc1", Map.of(), Map.of(),
                Indexes.NONE), false, new NodeService("", id, "web", List.of(), "", Map.of(), Map.of(), 80,
                Weights.DEFAULT, false, Indexes.NONE), List.of(check))).get();
    }

    private Map<String, List<Series.Point>> chart() {
        Map<String, List<Series.Point>> out = new java.util.LinkedHashMap<>();
        telemetry.history().lastHour().forEach(s -> out.put(s.name(), s.points()));
        return out;
    }

    private static List<Double> values(List<Series.Point> points) {
        return points.stream().map(Series.Point::value).toList();
    }

    @Test
    void history_registrationsAndHealth_perMinute() throws Exception {
        register("a", HealthStatus.PASSING);
        register("b", HealthStatus.CRITICAL);
        register("c", HealthStatus.WARNING);
        scheduler.advance(Duration.ofSeconds(40)); // 10:01:00
        store.catalog().deregister(new DeregisterRequest("n", "c", "")).get();

        Map<String, List<Series.Point>> chart = chart();
        assertEquals(List.of(Telemetry.REGISTRATIONS, Telemetry.DEREGISTRATIONS, Telemetry.INSTANCES_PASSING,
                Telemetry.INSTANCES_WARNING, Telemetry.INSTANCES_CRITICAL, Telemetry.INSTANCES_MAINTENANCE,
                Telemetry.RENDERS, Telemetry.RENDER_FAILURES, Telemetry.RELOADS, Telemetry.API_REQUESTS,
                Telemetry.API_BLOCKING_REQUESTS, Telemetry.API_LATENCY_P50, Telemetry.API_LATENCY_P99),
                List.copyOf(chart.keySet()));
        assertEquals(List.of(3.0, 0.0), values(chart.get(Telemetry.REGISTRATIONS)));
        assertEquals(List.of(0.0, 1.0), values(chart.get(Telemetry.DEREGISTRATIONS)));
        assertEquals(List.of(1.0, 1.0), values(chart.get(Telemetry.INSTANCES_CRITICAL)));
        assertEquals(List.of(1.0, 0.0), values(chart.get(Telemetry.INSTANCES_WARNING)));
        assertEquals(Instant.parse("2030-01-01T10:00:00Z"), chart.get(Telemetry.REGISTRATIONS).get(0).minute());
        assertEquals(List.of(), chart.get(Telemetry.API_LATENCY_P50), "no HTTP server, no requests, no latency points");
        assertEquals(List.of(0.0, 0.0), values(chart.get(Telemetry.API_REQUESTS)));
    }

    @Test
    void renderCounters_perTemplate_andInTheHistory(@TempDir Path dir) throws Exception {
        TemplateConfig config = new TemplateConfig(null, "{% for s in services() %}{{ s.Name }}\n{% endfor %}",
                dir.resolve("out.conf").toString(), List.of("false"), Duration.ofSeconds(5), List.of(), Duration.ZERO,
                Duration.ZERO, null, false, true, List.of(), dev.muster.config.TemplateConfig.Language.DEFAULT);
        render = new RenderService(List.of(config), new TemplateRenderer(store.catalog(), store.health(), store.kv()), scheduler,
                Duration.ofSeconds(1), null);
        telemetry.watch(render);
        render.runOnce(); // renders, writes, runs the failing reload command

        MetricSnapshot renders = telemetry.metrics().collect("muster.render.renders").orElseThrow();
        assertEquals(List.of(new Sample.Value(Map.of("template", config.name()), 1)), renders.samples());
        assertEquals(1, telemetry.metrics().total("muster.render.reloads"));
        assertEquals(1, telemetry.metrics().total("muster.render.failures"));
        Map<String, List<Series.Point>> chart = chart();
        assertEquals(List.of(1.0), values(chart.get(Telemetry.RENDERS)));
        assertEquals(List.of(1.0), values(chart.get(Telemetry.RELOADS)));
        assertEquals(List.of(1.0), values(chart.get(Telemetry.RENDER_FAILURES)));
    }
}
