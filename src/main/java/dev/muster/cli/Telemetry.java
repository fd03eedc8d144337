package dev.muster.cli;

import dev.muster.clock.Scheduler;
import dev.muster.metrics.Histogram;
import dev.muster.metrics.MetricRegistry;
import dev.muster.metrics.MetricType;
import dev.muster.metrics.MetricsHistory;
import dev.muster.metrics.Sample;
import dev.muster.metrics.SeriesSource;
import dev.muster.model.AggregatedStatus;
import dev.muster.render.RenderService;
import dev.muster.render.TemplateStatus;
import dev.muster.state.InstanceHealth;
import dev.muster.state.StateStore;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Muster's metrics, wired: the {@link MetricRegistry} the HTTP API records into and {@code /v1/agent/metrics}
 * reports, callback metrics reading the state store's and the renderer's own counters (so neither imports
 * the metrics package), process gauges, and the {@link MetricsHistory} of the last hour for the UI's charts.
 * Every metric is listed in the README's "Metrics" section. Thread-safe.
 */
public final class Telemetry implements AutoCloseable {
    /** Series names of {@link #history()}, in the order {@link MetricsHistory#lastHour()} returns them. */
    public static final String REGISTRATIONS = "registrations";
    public static final String DEREGISTRATIONS = "deregistrations";
    public static final String INSTANCES_PASSING = "instances.passing";
    public static final String INSTANCES_WARNING = "instances.warning";
    public static final String INSTANCES_CRITICAL = "instances.critical";
    public static final String INSTANCES_MAINTENANCE = "instances.maintenance";
    public static final String RENDERS = "renders";
    public static final String RENDER_FAILURES = "render.failures";
    public static final String RELOADS = "reloads";
    public static final String API_REQUESTS = "api.requests";
    public static final String API_BLOCKING_REQUESTS = "api.blocking_requests";
    public static final String API_LATENCY_P50 = "api.latency.p50";
    public static final String API_LATENCY_P99 = "api.latency.p99";

    /** Registered by the HTTP API (api.RequestMetrics); read here by name for the charts. */
    private static final String API_REQUESTS_METRIC = "muster.api.requests";
    private static final String API_BLOCKING_METRIC = "muster.api.blocking_requests";
    private static final String API_DURATION_METRIC = "muster.api.request_duration_seconds";
    private static final String PER_MINUTE = "per minute";

    private final StateStore store;
    private final MetricRegistry metrics;
    private final MetricsHistory history;
    private final AtomicReference<InstanceHealth> health = new AtomicReference<>();
    private volatile RenderService render;

    public Telemetry(StateStore store, Scheduler scheduler, Clock clock) {
        this.store = store;
        this.metrics = new MetricRegistry(clock);
        registerCatalog();
        registerRender();
        registerRuntime();
        this.history = new MetricsHistory(scheduler, clock, List.of(
                new SeriesSource.PerMinute(REGISTRATIONS, PER_MINUTE, () -> store.stats().registrations()),
                new SeriesSource.PerMinute(DEREGISTRATIONS, PER_MINUTE, () -> store.stats().deregistrations()),
                new SeriesSource.Level(INSTANCES_PASSING, "instances", () -> health().passing()),
                new SeriesSource.Level(INSTANCES_WARNING, "instances", () -> health().warning()),
                new SeriesSource.Level(INSTANCES_CRITICAL, "instances", () -> health().critical()),
                new SeriesSource.Level(INSTANCES_MAINTENANCE, "instances", () -> health().maintenance()),
                new SeriesSource.PerMinute(RENDERS, PER_MINUTE, () -> renderTotal(TemplateStatus::renders)),
                new SeriesSource.PerMinute(RENDER_FAILURES, PER_MINUTE, () -> renderTotal(TemplateStatus::failures)),
                new SeriesSource.PerMinute(RELOADS, PER_MINUTE, () -> renderTotal(TemplateStatus::reloads)),
                new SeriesSource.PerMinute(API_REQUESTS, PER_MINUTE, () -> metrics.total(API_REQUESTS_METRIC)),
                new SeriesSource.PerMinute(API_BLOCKING_REQUESTS, PER_MINUTE, () -> metrics.total(API_BLOCKING_METRIC)),
                new SeriesSource.Quantile(API_LATENCY_P50, "ms", this::apiDuration, 0.50, 1000),
                new SeriesSource.Quantile(API_LATENCY_P99, "ms", this::apiDuration, 0.99, 1000)));
    }

    /** The registry the HTTP server records into; {@code /v1/agent/metrics} reports it. */
    public MetricRegistry metrics() {
        return metrics;
    }

    /** The last hour per minute, for the UI's charts: {@code history().lastHour()}. */
    public MetricsHistory history() {
        return history;
    }

    /** Reads template counters from this renderer from now on (null: no templates). */
    public void watch(RenderService renderService) {
        this.render = renderService;
    }

    /** Starts the history's minute task. */
    public void start() {
        history.start();
    }

    @Override
    public void close() {
        history.close();
    }

    private void registerCatalog() {
        metrics.counter("muster.catalog.registrations",
                "Service instances registered (an instance that did not exist before a committed write).",
                () -> store.stats().registrations());
        metrics.counter("muster.catalog.deregistrations",
                "Service instances deregistered (removed by a committed write, also with their node).",
                () -> store.stats().deregistrations());
        metrics.gauge("muster.catalog.nodes", "Nodes in the catalog.", () -> store.stats().nodes());
        metrics.gauge("muster.catalog.instances", "Service instances in the catalog.",
                () -> store.stats().instances());
        metrics.callback("muster.health.instances",
                "Service instances by aggregated health (maintenance > critical > warning > passing).",
                MetricType.GAUGE, () -> {
                    InstanceHealth h = health();
                    List<Sample.Value> out = new ArrayList<>();
                    for (AggregatedStatus s : AggregatedStatus.values()) {
                        out.add(new Sample.Value(Map.of("status", s.wire()), h.count(s)));
                    }
                    return out;
                });
        metrics.gauge("muster.state.index", "The highest index assigned (Consul's raft applied index).",
                () -> store.stats().index());
    }

    private void registerRender() {
        perTemplate("muster.render.renders", "Template renders that produced output.", MetricType.COUNTER,
                TemplateStatus::renders);
        perTemplate("muster.render.writes", "Rendered files written because their content changed.",
                MetricType.COUNTER, TemplateStatus::writes);
        perTemplate("muster.render.checks", "Check commands run (successful or not).", MetricType.COUNTER,
                TemplateStatus::checks);
        perTemplate("muster.render.reloads", "Reload commands run (successful or not).", MetricType.COUNTER,
                TemplateStatus::reloads);
        perTemplate("muster.render.failures",
                "Failed steps of a template: render, write, check command or reload command.", MetricType.COUNTER,
                TemplateStatus::failures);
        perTemplate("muster.render.failing", "1 while the template's last render, check or reload failed, else 0.",
                MetricType.GAUGE, s -> s.failing() ? 1 : 0);
        perTemplate("muster.render.last_success_timestamp_seconds",
                "Unix time when the template's pipeline last succeeded (0: never).", MetricType.GAUGE,
                s -> s.lastSuccessAt() == null ? 0 : s.lastSuccessAt().toEpochMilli() / 1000.0);
    }

    private void perTemplate(String name, String help, MetricType type, ToDoubleFunction<TemplateStatus> field) {
        metrics.callback(name, help + " By template.", type, () -> {
            List<Sample.Value> out = new ArrayList<>();
            for (TemplateStatus s : templates()) {
                out.add(new Sample.Value(Map.of("template", s.name()), field.applyAsDouble(s)));
            }
            return out;
        });
    }

    private void registerRuntime() {
        var memory = ManagementFactory.getMemoryMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        metrics.gauge("muster.runtime.heap_used_bytes", "JVM heap in use.",
                () -> memory.getHeapMemoryUsage().getUsed());
        metrics.gauge("muster.runtime.threads", "Live JVM threads (Consul's num_goroutines).",
                threads::getThreadCount);
        metrics.gauge("muster.runtime.uptime_seconds", "Time since this Muster started.",
                () -> metrics.uptime().toMillis() / 1000.0);
    }

    private List<TemplateStatus> templates() {
        RenderService r = render;
        return r == null ? List.of() : r.statuses();
    }

    private double renderTotal(ToLongFunction<TemplateStatus> field) {
        return templates().stream().mapToLong(field).sum();
    }

    /** Instance health, recounted only when the catalog's index moved since the last count. */
    private InstanceHealth health() {
        InstanceHealth cached = health.get();
        if (cached != null && cached.index() == store.lastIndex()) {
            return cached;
        }
        InstanceHealth fresh = store.health().instanceHealth();
        health.set(fresh);
        return fresh;
    }

    private Sample.Distribution apiDuration() {
        return metrics.collect(API_DURATION_METRIC)
                .flatMap(m -> m.samples().stream().filter(Sample.Distribution.class::isInstance).findFirst())
                .map(Sample.Distribution.class::cast)
                .orElseGet(() -> new Histogram(Histogram.LATENCY_SECONDS).snapshot(Map.of()));
    }
}
