package dev.muster.api;

import dev.muster.metrics.MetricRegistry;
import dev.muster.metrics.MetricSnapshot;
import dev.muster.metrics.MetricType;
import dev.muster.metrics.PrometheusText;
import dev.muster.metrics.Sample;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/agent/metrics}: Consul's JSON summary (go-metrics {@code MetricsSummary}) by default, the
 * Prometheus text format with {@code ?format=prometheus} or an {@code Accept} header asking for it (as
 * Prometheus sends). Unlike Consul, which summarises the last 10-second interval and answers 415 to
 * Prometheus requests unless {@code prometheus_retention_time} is set, Muster reports totals since start and
 * always serves both formats.
 */
final class MetricsEndpoints {
    /** Go's {@code time.Time.String()} in UTC: {@code 2017-08-08 02:55:10 +0000 UTC}. */
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Responder responder;
    private final MetricRegistry metrics;

    MetricsEndpoints(Responder responder, MetricRegistry metrics) {
        this.responder = responder;
        this.metrics = metrics;
    }

    void register(Router router) {
        router.add("/v1/agent/metrics", (ctx, rest) -> agentMetrics(ctx), "GET");
    }

    private void agentMetrics(Context ctx) {
        List<MetricSnapshot> all = metrics.collect();
        if (wantsPrometheus(ctx)) {
            ctx.status(200);
            ctx.contentType(PrometheusText.CONTENT_TYPE);
            ctx.result(PrometheusText.write(all).getBytes(StandardCharsets.UTF_8));
            return;
        }
        responder.writeJson(ctx, summary(all), QueryParams.pretty(ctx));
    }

    /** {@code ?format=prometheus}, or an Accept header naming OpenMetrics or the 0.0.4 text format. */
    static boolean wantsPrometheus(Context ctx) {
        if ("prometheus".equals(ctx.queryParam("format"))) {
            return true;
        }
        String accept = ctx.header("Accept");
        return accept != null && (accept.contains("application/openmetrics-text") || accept.contains("version=0.0.4"));
    }

    private Map<String, Object> summary(List<MetricSnapshot> all) {
        double seconds = Math.max(1e-3, metrics.uptime().toNanos() / 1e9);
        List<Object> gauges = new ArrayList<>();
        List<Object> counters = new ArrayList<>();
        List<Object> samples = new ArrayList<>();
        for (MetricSnapshot m : all) {
            for (Sample s : m.samples()) {
                if (s instanceof Sample.Value v && m.type() == MetricType.GAUGE) {
                    Map<String, Object> g = new LinkedHashMap<>();
                    g.put("Name", m.name());
                    g.put("Value", v.value());
                    g.put("Labels", v.labels());
                    gauges.add(g);
                } else if (s instanceof Sample.Value v) {
                    // Every Muster counter moves by one per event: Count = Sum = the total, each value 1.
                    double one = v.value() > 0 ? 1 : 0;
                    counters.add(sampled(m.name(), (long) v.value(), v.value() / seconds, v.value(), one, one, one, 0,
                            v.labels()));
                } else if (s instanceof Sample.Distribution d) {
                    boolean empty = d.count() == 0;
                    samples.add(sampled(m.name(), d.count(), d.sum() / seconds, d.sum(), empty ? 0 : d.min(),
                            empty ? 0 : d.max(), d.mean(), d.stddev(), d.labels()));
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Timestamp", GO_TIME.format(metrics.clock().instant().plusMillis(500).truncatedTo(ChronoUnit.SECONDS)));
        out.put("Gauges", gauges);
        out.put("Points", List.of());
        out.put("Counters", counters);
        out.put("Samples", samples);
        return out;
    }

    /** go-metrics {@code SampledValue}: the embedded AggregateSample's fields, then Mean, Stddev and Labels. */
    private static Map<String, Object> sampled(String name, long count, double rate, double sum, double min, double max,
                                               double mean, double stddev, Map<String, String> labels) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Name", name);
        v.put("Count", count);
        v.put("Rate", rate);
        v.put("Sum", sum);
        v.put("Min", min);
        v.put("Max", max);
        v.put("Mean", mean);
        v.put("Stddev", stddev);
        v.put("Labels", labels);
        return v;
    }
}
