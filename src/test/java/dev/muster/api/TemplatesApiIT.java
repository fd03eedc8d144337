package dev.muster.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.testing.InMemoryRegistry;
import dev.muster.testing.TestRegistry;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/muster/templates} and the per-template Prometheus series: a template whose check command
 * fails (until a marker file exists) reports {@code failing} with the check's output, then {@code ok} with a
 * reload, and the gauges follow.
 */
class TemplatesApiIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final InMemoryRegistry bare = new InMemoryRegistry();

    @Test
    void templates_noneConfigured_isAnEmptyList() {
        bare.request().get("/v1/muster/templates").then().statusCode(200).contentType(startsWith("application/json"))
                .body(equalTo("[]"));
        bare.request().put("/v1/muster/templates").then().statusCode(405).header("Allow", "OPTIONS,GET");
    }

    @Test
    void templates_failingCheckThenSuccess_statusStepsCountersAndMetrics() throws Exception {
        Path marker = tmp.resolve("nginx-ok");
        Path out = tmp.resolve("out.conf");
        Path source = Files.writeString(tmp.resolve("upstreams.peb"),
                "{% for s in services() %}{{ s.Name }}\n{% endfor %}");
        Path config = Files.writeString(tmp.resolve("muster.json"), """
                {"template": {"source": "%s", "destination": "%s",
                              "check_command": ["/bin/sh", "-c", "echo 'emerg: bad directive' >&2; test -f %s"],
                              "command": ["/bin/sh", "-c", "echo reloaded"]}}
                """.formatted(source, out, marker));
        try (TestRegistry registry = TestRegistry.inMemory(config)) {
            await(() -> "failing".equals(first(registry).getString("Status")));
            JsonPath failing = first(registry);
            assertEquals(source.toString(), failing.getString("Name"));
            assertEquals(source.toString(), failing.getString("Source"));
            assertEquals(out.toString(), failing.getString("Destination"));
            assertEquals("pebble", failing.getString("Engine"));
            assertTrue(failing.getString("LastError").contains("check command"), failing.getString("LastError"));
            assertEquals(true, failing.getBoolean("LastRender.OK"));
            assertEquals(false, failing.getBoolean("LastCheck.OK"));
            assertTrue(failing.getString("LastCheck.Output").contains("emerg: bad directive"));
            assertNotNull(Instant.parse(failing.getString("LastCheck.Time")));
            assertNull(failing.get("LastReload"), "no reload after a failed check");
            assertNull(failing.get("LastSuccess"));
            assertEquals(1, failing.getInt("Counters.Checks"));
            assertEquals(0, failing.getInt("Counters.Reloads"));
            assertTrue(failing.getInt("Counters.Failures") >= 1);
            String name = Pattern.quote(source.toString());
            assertEquals(1.0, gauge(registry, "muster_render_failing", name));
            assertEquals(0.0, gauge(registry, "muster_render_last_success_timestamp_seconds", name));

            Files.writeString(marker, "");
            Instant before = Instant.now().minusSeconds(1);
            registry.request().body("{\"Name\": \"web\"}").put("/v1/agent/service/register").then().statusCode(200);
            await(() -> "ok".equals(first(registry).getString("Status")) && first(registry).get("LastReload") != null);
            JsonPath ok = first(registry);
            assertNull(ok.get("LastError"));
            assertEquals(true, ok.getBoolean("LastCheck.OK"));
            assertEquals(true, ok.getBoolean("LastReload.OK"));
            assertTrue(ok.getString("LastReload.Output").contains("reloaded"), ok.getString("LastReload.Output"));
            assertTrue(ok.getDouble("LastReload.DurationSeconds") >= 0);
            assertTrue(!Instant.parse(ok.getString("LastSuccess")).isBefore(before));
            assertEquals(2, ok.getInt("Counters.Checks"));
            assertEquals(1, ok.getInt("Counters.Reloads"));
            assertTrue(Files.readString(out).contains("web"));
            assertEquals(0.0, gauge(registry, "muster_render_failing", name));
            double lastSuccess = gauge(registry, "muster_render_last_success_timestamp_seconds", name);
            assertTrue(lastSuccess >= before.getEpochSecond(), "last success " + lastSuccess);
            assertEquals(1.0, gauge(registry, "muster_render_reloads_total", name));
            assertEquals(2.0, gauge(registry, "muster_render_checks_total", name));
        }
    }

    /** The one template's object, as its own document. */
    private static JsonPath first(TestRegistry registry) {
        Object template = registry.request().get("/v1/muster/templates").then().statusCode(200)
                .body("size()", equalTo(1)).extract().path("[0]");
        try {
            return JsonPath.from(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(template));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** One labelled sample of the Prometheus text, e.g. {@code muster_render_failing{template="…"} 1}. */
    private static double gauge(TestRegistry registry, String metric, String quotedTemplate) {
        String text = registry.request().get("/v1/agent/metrics?format=prometheus").then().statusCode(200)
                .extract().asString();
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{template=\"" + quotedTemplate + "\"} (\\S+)$").matcher(text);
        assertTrue(m.find(), metric + " for the template in:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            Thread.sleep(50);
        }
    }
}
