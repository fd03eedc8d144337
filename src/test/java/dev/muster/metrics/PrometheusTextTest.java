package dev.muster.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exposition format, line by line; a real parser reads it in MetricsApiIT. */
class PrometheusTextTest {
    private final MetricRegistry registry = new MetricRegistry(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    @Test
    void write_counterGaugeHistogram_inExpositionFormat() {
        Labeled<Counter> requests = registry.counters("muster.api.requests", "Requests.", "method", "code");
        requests.labels("GET", "200").add(3);
        requests.labels("PUT", "400").inc();
        registry.gauge("muster.catalog.nodes", "Nodes.", () -> 2);
        Histogram h = registry.histogram("muster.api.request_duration_seconds", "Latency.", new double[] {0.001, 0.5});
        h.observe(0.0004);
        h.observe(0.2);
        h.observe(7);

        assertEquals("""
                # HELP muster_api_request_duration_seconds Latency.
                # TYPE muster_api_request_duration_seconds histogram
                muster_api_request_duration_seconds_bucket{le="0.001"} 1
                muster_api_request_duration_seconds_bucket{le="0.5"} 2
                muster_api_request_duration_seconds_bucket{le="+Inf"} 3
                muster_api_request_duration_seconds_sum 7.2004
                muster_api_request_duration_seconds_count 3
                # HELP muster_api_requests_total Requests.
                # TYPE muster_api_requests_total counter
                muster_api_requests_total{method="GET",code="200"} 3
                muster_api_requests_total{method="PUT",code="400"} 1
                # HELP muster_catalog_nodes Nodes.
                # TYPE muster_catalog_nodes gauge
                muster_catalog_nodes 2
                """, PrometheusText.write(registry.collect()));
    }

    @Test
    void write_escapesLabelValuesAndHelp() {
        registry.callback("muster.render.renders", "Renders\nper \\template.", MetricType.COUNTER,
                () -> List.of(new Sample.Value(Map.of("template", "a\"b\\c\nd"), 1)));
        assertEquals("""
                # HELP muster_render_renders_total Renders\\nper \\\\template.
                # TYPE muster_render_renders_total counter
                muster_render_renders_total{template="a\\"b\\\\c\\nd"} 1
                """, PrometheusText.write(registry.collect()));
    }

    @Test
    void number_goSpelling() {
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.number(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("0.0005", PrometheusText.number(0.0005));
        assertEquals("12345678901", PrometheusText.number(12345678901.0));
        assertEquals("-2.5", PrometheusText.number(-2.5));
    }

    @Test
    void registry_refusesBadNamesAndDuplicates() {
        registry.counter("muster.x", "x");
        assertThrows(IllegalArgumentException.class, () -> registry.counter("muster.x", "again"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("Muster-X", "bad"));
        assertThrows(IllegalArgumentException.class, () -> registry.counters("muster.y", "y", "le"));
        assertThrows(IllegalArgumentException.class,
                () -> registry.counters("muster.z", "z", "a").labels("1", "2"));
    }

    @Test
    void collect_failingCallback_leftOutNotFatal() {
        registry.gauge("muster.broken", "Broken.", () -> {
            throw new IllegalStateException("boom");
        });
        registry.gauge("muster.fine", "Fine.", () -> 1);
        assertEquals(List.of("muster.fine"), registry.collect().stream().map(MetricSnapshot::name).toList());
    }
}
