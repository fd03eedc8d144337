package dev.muster.ui;

import dev.muster.metrics.MetricsHistory;
import dev.muster.metrics.Series;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Charts of the last hour, per minute, from the in-memory history (cli.Telemetry names the series): what was
 * registered and deregistered, instances by health, renders and reloads with failures, API request rate and
 * latency. The page refreshes with the other live pages; the exact figures are at {@code /v1/agent/metrics}.
 */
final class MonitoringPage {
    /** A chart: its title, unit and the names of the series it draws. */
    private record Layout(String title, String unit, List<String> series) {
    }

    private static final List<Layout> CHARTS = List.of(
            new Layout("Registrations and deregistrations", "per minute", List.of("registrations", "deregistrations")),
            new Layout("Instances by health", "instances", List.of("instances.passing", "instances.critical",
                    "instances.warning", "instances.maintenance")),
            new Layout("Renders and reloads", "per minute", List.of("renders", "render.failures", "reloads")),
            new Layout("API requests", "per minute", List.of("api.requests", "api.blocking_requests")),
            new Layout("API latency (non-blocking requests)", "ms", List.of("api.latency.p50", "api.latency.p99")));

    private final Supplier<MetricsHistory.Window> history;
    private final UiPages pages;

    MonitoringPage(Supplier<MetricsHistory.Window> history, UiPages pages) {
        this.history = history;
        this.pages = pages;
    }

    void show(Context ctx) {
        pages.render(ctx, "monitoring", "monitoring", Map.of("charts", charts(history.get())));
    }

    static List<SvgChart> charts(MetricsHistory.Window window) {
        List<SvgChart> charts = new ArrayList<>();
        for (Layout layout : CHARTS) {
            List<Series> drawn = new ArrayList<>();
            for (String name : layout.series()) {
                window.series().stream().filter(s -> s.name().equals(name)).findFirst().ifPresent(drawn::add);
            }
            charts.add(SvgChart.of(layout.title(), layout.unit(), drawn, window.currentMinute()));
        }
        return charts;
    }
}
