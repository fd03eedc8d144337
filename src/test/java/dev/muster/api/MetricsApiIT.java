package dev.muster.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.metrics.MetricRegistry;
import dev.muster.metrics.MetricType;
import dev.muster.metrics.PrometheusText;
import dev.muster.metrics.Sample;
import dev.muster.testing.ExternalTools;
import dev.muster.testing.Fixtures;
import dev.muster.testing.InMemoryRegistry;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/agent/metrics} over real HTTP: Consul's JSON shape, counters that move by exactly what the test
 * did, blocking queries kept out of the latency histogram, and the Prometheus text format read back by a real
 * parser (Debian's python3-prometheus-client, {@code prometheus_client.parser}).
 */
class MetricsApiIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SAMPLED_KEYS = List.of("Name", "Count", "Rate", "Sum", "Min", "Max", "Mean",
            "Stddev", "Labels");
    private static final String PARSER = """
            import json, math, sys
            from prometheus_client.parser import text_string_to_metric_families
            text = open(sys.argv[1], encoding='utf-8').read()
            out = {}
            for f in text_string_to_metric_families(text):
                out[f.name] = {'type': f.type, 'help': f.documentation,
                               'samples': [[s.name, s.labels, s.value if math.isfinite(s.value) else str(s.value)]
                                           for s in f.samples]}
            print(json.dumps(out))
            """;

    @RegisterExtension
    final InMemoryRegistry registry = new InMemoryRegistry();

    @TempDir
    Path tmp;

    @Test
    void agentMetrics_json_hasConsulsShape() throws IOException {
        registry.request().get("/v1/catalog/services").then().statusCode(200);
        Response r = registry.request().get("/v1/agent/metrics");
        r.then().statusCode(200).contentType("application/json");
        JsonNode body = JSON.readTree(r.asByteArray());
        assertEquals(List.of("Timestamp", "Gauges", "Points", "Counters", "Samples"), fieldNames(body));
        assertTrue(body.get("Timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+0000 UTC"),
                body.get("Timestamp").asText());
        assertEquals(0, body.get("Points").size());
        for (JsonNode g : body.get("Gauges")) {
            assertEquals(List.of("Name", "Value", "Labels"), fieldNames(g));
            assertTrue(g.get("Name").asText().startsWith("muster."), g.toString());
            assertTrue(g.get("Value").isNumber() && g.get("Labels").isObject(), g.toString());
        }
        for (String kind : List.of("Counters", "Samples")) {
            assertFalse(body.get(kind).isEmpty(), kind);
            for (JsonNode c : body.get(kind)) {
                assertEquals(SAMPLED_KEYS, fieldNames(c), c.toString());
                assertTrue(c.get("Count").isIntegralNumber(), c.toString());
            }
        }
        JsonNode heap = gauge(body, "muster.runtime.heap_used_bytes", Map.of());
        assertTrue(heap.get("Value").asDouble() > 0, heap.toString());
        assertTrue(gauge(body, "muster.runtime.threads", Map.of()).get("Value").asDouble() > 1);
        assertTrue(gauge(body, "muster.state.index", Map.of()).get("Value").asDouble() > 0);
        JsonNode latency = find(body.get("Samples"), "muster.api.request_duration_seconds", Map.of());
        assertTrue(latency.get("Count").asLong() >= 1, latency.toString());
        assertTrue(latency.get("Max").asDouble() >= latency.get("Min").asDouble(), latency.toString());
    }

    @Test
    void agentMetrics_countersMoveByExactlyWhatHappened() throws IOException {
        JsonNode before = metricsJson();
        registry.registerCatalog(Fixtures.nodeWithService("n1", "10.0.0.1", "web", "web-1", "passing"));
        registry.registerCatalog(Fixtures.nodeWithService("n1", "10.0.0.1", "web", "web-2", "critical"));
        registry.registerCatalog(Fixtures.nodeWithService("n1", "10.0.0.1", "web", "web-2", "warning")); // update
        registry.registerCatalog(Fixtures.nodeWithService("n2", "10.0.0.2", "api", "api-1", "passing"));
        registry.request().body("{\"Node\": \"n2\", \"ServiceID\": \"api-1\"}").put("/v1/catalog/deregister")
                .then().statusCode(200);
        for (int i = 0; i < 5; i++) {
            registry.request().get("/v1/catalog/services").then().statusCode(200);
        }
        registry.request().body("{").put("/v1/catalog/register").then().statusCode(400);
        JsonNode after = metricsJson();

        assertEquals(3, delta(before, after, "Counters", "muster.catalog.registrations", Map.of()));
        assertEquals(1, delta(before, after, "Counters", "muster.catalog.deregistrations", Map.of()));
        // the first metrics request is counted once it has answered, so it shows in the second
        assertEquals(6, delta(before, after, "Counters", "muster.api.requests", Map.of("method", "GET", "code", "200")));
        assertEquals(5, delta(before, after, "Counters", "muster.api.requests", Map.of("method", "PUT", "code", "200")));
        assertEquals(1, delta(before, after, "Counters", "muster.api.requests", Map.of("method", "PUT", "code", "400")));
        assertEquals(12, delta(before, after, "Samples", "muster.api.request_duration_seconds", Map.of()));

        // the agent's own node carries the "consul" service
        assertEquals(3, gauge(after, "muster.catalog.instances", Map.of()).get("Value").asInt());
        assertEquals(3, gauge(after, "muster.catalog.nodes", Map.of()).get("Value").asInt());
        assertEquals(2, gauge(after, "muster.health.instances", Map.of("status", "passing")).get("Value").asInt());
        assertEquals(1, gauge(after, "muster.health.instances", Map.of("status", "warning")).get("Value").asInt());
        assertEquals(0, gauge(after, "muster.health.instances", Map.of("status", "critical")).get("Value").asInt());
        JsonNode registrations = find(after.get("Counters"), "muster.catalog.registrations", Map.of());
        assertEquals(registrations.get("Count").asDouble(), registrations.get("Sum").asDouble());
        assertEquals(1.0, registrations.get("Mean").asDouble());
    }

    @Test
    void blockingQueries_countedOnTheirOwn_keptOutOfLatency() throws IOException {
        registry.request().body("{\"Name\": \"web\", \"ID\": \"web\", \"Port\": 80}")
                .put("/v1/agent/service/register").then().statusCode(200);
        long index = Long.parseLong(registry.request().get("/v1/catalog/services").header("X-Consul-Index"));
        JsonNode before = metricsJson();
        // times out after the wait: answered 200 through ctx.future, counted after completion
        registry.request().get("/v1/catalog/services?index=" + index + "&wait=200ms").then().statusCode(200);
        registry.request().get("/v1/agent/service/web?hash=0123456789abcdef&wait=100ms").then().statusCode(200);
        registry.request().get("/v1/catalog/services?index=0").then().statusCode(200); // index 0: not blocking
        registry.request().get("/ui/").then().statusCode(200); // the UI is not the API: not counted
        JsonNode after = metricsJson();

        assertEquals(2, delta(before, after, "Counters", "muster.api.blocking_requests",
                Map.of("method", "GET", "code", "200")));
        assertEquals(4, delta(before, after, "Counters", "muster.api.requests", Map.of("method", "GET", "code", "200")));
        assertEquals(2, delta(before, after, "Samples", "muster.api.request_duration_seconds", Map.of()),
                "only the first metrics request and ?index=0 are timed");
    }

    @Test
    void agentMetrics_prometheusByParamOrAcceptHeader_jsonOtherwise() {
        registry.request().get("/v1/agent/metrics?format=prometheus").then().statusCode(200)
                .header("Content-Type", equalTo(PrometheusText.CONTENT_TYPE))
                .body(startsWith("# HELP muster_"));
        registry.request().header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
                .get("/v1/agent/metrics").then().statusCode(200)
                .header("Content-Type", equalTo(PrometheusText.CONTENT_TYPE));
        registry.request().header("Accept", "application/json").get("/v1/agent/metrics").then().statusCode(200)
                .contentType("application/json");
        registry.request().get("/v1/agent/metrics?pretty").then().statusCode(200)
                .body(startsWith("{\n    \"Timestamp\": "));
        registry.request().post("/v1/agent/metrics").then().statusCode(405).header("Allow", "OPTIONS,GET");
    }

    @Test
    void prometheusOutput_acceptedByARealParser_withTheSameValuesAsJson() throws Exception {
        requireParser();
        registry.registerCatalog(Fixtures.nodeWithService("n1", "10.0.0.1", "web", "web-1", "passing"));
        registry.request().get("/v1/catalog/services?index=1&wait=50ms").then().statusCode(200);
        registry.request().get("/v1/nope").then().statusCode(404);
        String text = registry.request().get("/v1/agent/metrics?format=prometheus").asString();
        JsonNode parsed = parse(text);

        assertEquals("counter", parsed.path("muster_api_requests").path("type").asText(), parsed::toString);
        assertEquals("counter", parsed.path("muster_catalog_registrations").path("type").asText());
        assertEquals("gauge", parsed.path("muster_catalog_instances").path("type").asText());
        assertEquals("gauge", parsed.path("muster_runtime_heap_used_bytes").path("type").asText());
        JsonNode histogram = parsed.path("muster_api_request_duration_seconds");
        assertEquals("histogram", histogram.path("type").asText());
        List<String> sampleNames = new ArrayList<>();
        histogram.path("samples").forEach(s -> sampleNames.add(s.get(0).asText()));
        assertEquals("muster_api_request_duration_seconds_bucket", sampleNames.get(0));
        assertEquals(List.of("muster_api_request_duration_seconds_sum", "muster_api_request_duration_seconds_count"),
                sampleNames.subList(sampleNames.size() - 2, sampleNames.size()));
        JsonNode lastBucket = histogram.path("samples").get(sampleNames.size() - 3);
        assertEquals("+Inf", lastBucket.get(1).path("le").asText());
        assertEquals(sampleValue(histogram, "muster_api_request_duration_seconds_count", Map.of()),
                lastBucket.get(2).asDouble());
        parsed.fieldNames().forEachRemaining(name -> assertTrue(name.startsWith("muster_"), name));

        // the agent's own "consul" service, registered at start, and web-1
        assertEquals(2, sampleValue(parsed.path("muster_catalog_registrations"),
                "muster_catalog_registrations_total", Map.of()));
        assertEquals(1, sampleValue(parsed.path("muster_api_requests"), "muster_api_requests_total",
                Map.of("method", "GET", "code", "404")));
        assertEquals(1, sampleValue(parsed.path("muster_api_blocking_requests"), "muster_api_blocking_requests_total",
                Map.of("method", "GET", "code", "200")));
        assertEquals(0, sampleValue(parsed.path("muster_health_instances"), "muster_health_instances",
                Map.of("status", "maintenance")), "every state is reported, also when empty");
        JsonNode json = metricsJson();
        assertEquals(gauge(json, "muster.catalog.instances", Map.of()).get("Value").asDouble(),
                sampleValue(parsed.path("muster_catalog_instances"), "muster_catalog_instances", Map.of()));
    }

    @Test
    void prometheusText_hostileLabelValuesAndHelp_roundTripThroughTheParser() throws Exception {
        requireParser();
        MetricRegistry own = new MetricRegistry(Clock.systemUTC());
        String hostile = "a\"b\\c\nd} e=\"f\" # g";
        own.callback("muster.render.renders", "Help with \\ and\nnewline.", MetricType.COUNTER,
                () -> List.of(new Sample.Value(Map.of("template", hostile), 2)));
        own.histogram("muster.x_seconds", "X.", new double[] {0.0005, 1}).observe(0.3);
        JsonNode parsed = parse(PrometheusText.write(own.collect()));
        JsonNode renders = parsed.path("muster_render_renders");
        assertEquals("Help with \\ and\nnewline.", renders.path("help").asText());
        assertEquals(hostile, renders.path("samples").get(0).get(1).path("template").asText());
        assertEquals(2, renders.path("samples").get(0).get(2).asDouble());
        assertEquals("0.0005", parsed.path("muster_x_seconds").path("samples").get(0).get(1).path("le").asText());
    }

    private JsonNode metricsJson() throws IOException {
        return JSON.readTree(registry.request().get("/v1/agent/metrics").then().statusCode(200).extract().asByteArray());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode find(JsonNode list, String name, Map<String, String> labels) {
        for (JsonNode n : list) {
            if (n.get("Name").asText().equals(name) && JSON.convertValue(n.get("Labels"), Map.class).equals(labels)) {
                return n;
            }
        }
        return null;
    }

    private static JsonNode gauge(JsonNode body, String name, Map<String, String> labels) {
        JsonNode g = find(body.get("Gauges"), name, labels);
        if (g == null) {
            fail("no gauge " + name + labels + " in " + body.get("Gauges"));
        }
        return g;
    }

    /** How much Count grew (a missing entry counts as 0, as a label combination seen for the first time). */
    private static long delta(JsonNode before, JsonNode after, String kind, String name, Map<String, String> labels) {
        JsonNode a = find(before.get(kind), name, labels);
        JsonNode b = find(after.get(kind), name, labels);
        return (b == null ? 0 : b.get("Count").asLong()) - (a == null ? 0 : a.get("Count").asLong());
    }

    private static double sampleValue(JsonNode family, String sampleName, Map<String, String> labels) {
        for (Iterator<JsonNode> it = family.path("samples").elements(); it.hasNext(); ) {
            JsonNode s = it.next();
            if (s.get(0).asText().equals(sampleName) && JSON.convertValue(s.get(1), Map.class).equals(labels)) {
                return s.get(2).asDouble();
            }
        }
        fail("no sample " + sampleName + labels + " in " + family);
        return 0;
    }

    private JsonNode parse(String text) throws IOException, InterruptedException {
        Path input = tmp.resolve("metrics.txt");
        Path script = tmp.resolve("parse.py");
        Path out = tmp.resolve("out.json");
        Path err = tmp.resolve("err.txt");
        Files.writeString(input, text);
        Files.writeString(script, PARSER);
        Process p = python(script.toString(), input.toString()).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("the Prometheus parser did not finish");
        }
        assertEquals(0, p.exitValue(), () -> "prometheus_client rejected the output: " + read(err) + "\n" + text);
        return JSON.readTree(out.toFile());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static ProcessBuilder python(String... args) {
        List<String> command = new ArrayList<>();
        command.add(PYTHON.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("PYTHON"));
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        return builder;
    }

    /** Fails under -Dmuster.requireExternal=true, else skips, when python3-prometheus-client is missing. */
    private static void requireParser() throws InterruptedException {
        String problem = null;
        if (!Files.isExecutable(PYTHON)) {
            problem = PYTHON + " does not exist";
        } else {
            try {
                Process p = python("-c", "import prometheus_client.parser").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    problem = "importing prometheus_client did not finish";
                } else if (p.exitValue() != 0) {
                    problem = PYTHON + " cannot import prometheus_client.parser";
                }
            } catch (IOException e) {
                problem = "cannot run " + PYTHON + ": " + e.getMessage();
            }
        }
        if (problem == null) {
            return;
        }
        String message = problem + "; install it with `apt-get install -y python3-prometheus-client`";
        ExternalTools.unavailable(message);
    }
}
