package dev.muster.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.testing.ExternalTools;
import dev.muster.testing.TestRegistry;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real Spring Boot 4 app with Spring Cloud Consul Discovery and Config 5.0.x (sources in
 * {@code src/test/resources/spring-smoke}, built once with {@code mvn} into {@code target/spring-smoke}) against an
 * in-process Muster, once with its default HTTP check and once with a TTL heartbeat, and checks that it registers,
 * turns passing, resolves itself and deregisters on SIGTERM; and once with its config in Muster's KV store, which it
 * reads at start and sees change without a restart.
 */
class SpringCloudConsulIT {
    private static final String SERVICE = "smoke-spring";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static Path appJar;

    @TempDir
    Path tmp;

    private TestRegistry registry;

    @BeforeAll
    static void buildApp() throws IOException, InterruptedException {
        Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path sources = basedir.resolve("src/test/resources/spring-smoke");
        Path buildDir = basedir.resolve("target/spring-smoke");
        appJar = buildDir.resolve("target/smoke-spring-0.jar");
        assertTrue(Files.isRegularFile(sources.resolve("pom.xml")), "missing " + sources.resolve("pom.xml"));
        if (Files.isRegularFile(appJar) && Files.getLastModifiedTime(appJar).compareTo(newest(sources)) > 0) {
            return;
        }
        Path mvn = onPath("mvn");
        if (mvn == null) {
            ExternalTools.unavailable("mvn is not on PATH, so the spring-smoke app cannot be built");
        }
        copyTree(sources, buildDir);
        Path log = buildDir.resolve("build.log");
        ProcessBuilder builder = new ProcessBuilder(mvn.toString(), "-B", "-q", "-ntp", "-DskipTests", "package")
                .directory(buildDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process build = builder.start();
        if (!build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            build.destroyForcibly().waitFor();
            ExternalTools.unavailable("mvn package of spring-smoke took over " + BUILD_TIMEOUT.toMinutes() + " min\n"
                    + Files.readString(log));
        }
        if (build.exitValue() != 0 || !Files.isRegularFile(appJar)) {
            ExternalTools.unavailable("mvn package of spring-smoke failed (exit " + build.exitValue()
                    + "; offline without the Spring artifacts in ~/.m2?)\n" + Files.readString(log));
        }
    }

    @BeforeEach
    void startRegistry() {
        registry = TestRegistry.inMemory();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void springCloud_httpCheck_registersPassesAndDeregisters() throws Exception {
        JsonNode entry = runApp("smoke-http-1", false);
        assertEquals("http", check(entry, "service:smoke-http-1").path("Type").asText(), entry::toString);
    }

    @Test
    void springCloud_ttlHeartbeat_registersPassesAndDeregisters() throws Exception {
        JsonNode entry = runApp("smoke-ttl-1", true);
        assertEquals("ttl", check(entry, "service:smoke-ttl-1").path("Type").asText(), entry::toString);
    }

    /**
     * Starts the app, waits until Muster lists it as passing and the app sees itself and a healthy Consul, then sends
     * SIGTERM and checks that it deregistered. Returns the passing health entry.
     */
    private JsonNode runApp(String instanceId, boolean heartbeat) throws Exception {
        int port = freePort();
        Path log = tmp.resolve("app.log");
        Process app = startApp(instanceId, heartbeat, port, log);
        try {
            String appUrl = "http://127.0.0.1:" + port;
            JsonNode entry = await("Muster to list " + instanceId + " as passing", app,
                    registry.baseUrl() + "/v1/health/service/" + SERVICE + "?passing", list -> list.size() == 1)
                    .get(0);
            JsonNode service = entry.path("Service");
            assertEquals(instanceId, service.path("ID").asText(), entry::toString);
            assertEquals(SERVICE, service.path("Service").asText(), entry::toString);
            assertEquals("127.0.0.1", service.path("Address").asText(), entry::toString);
            assertEquals(port, service.path("Port").asInt(), entry::toString);
            assertEquals(List.of("smoke", "spring"), texts(service.path("Tags")), entry::toString);
            assertEquals("passing", check(entry, "service:" + instanceId).path("Status").asText(), entry::toString);

            JsonNode health = await("the app's /actuator/health to show consul UP", app, appUrl + "/actuator/health",
                    h -> "UP".equals(h.path("components").path("consul").path("status").asText()));
            assertEquals("UP", health.path("status").asText(), health::toString);
            assertEquals(List.of(instanceId + " 127.0.0.1:" + port),
                    texts(getJson(appUrl + "/instances/" + SERVICE)), "what the app's DiscoveryClient resolves");

            app.destroy();                                              // SIGTERM: Spring deregisters on close
            assertTrue(app.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the app did not stop on SIGTERM");
            assertEquals(List.of(), texts(getJson(registry.baseUrl() + "/v1/health/service/" + SERVICE)),
                    "the app should have deregistered " + instanceId + " on shutdown");
            assertFalse(getJson(registry.baseUrl() + "/v1/catalog/services").has(SERVICE),
                    SERVICE + " should be gone from the catalog");
            return entry;
        } catch (Throwable t) {
            System.out.println("----- spring-smoke log (" + instanceId + ") -----\n" + Files.readString(log)
                    + "----- end of spring-smoke log -----");
            throw t;
        } finally {
            app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process startApp(String instanceId, boolean heartbeat, int port, Path log) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-jar", appJar.toString(),
                "--spring.cloud.consul.host=127.0.0.1",
                "--spring.cloud.consul.port=" + registry.port(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--spring.cloud.consul.discovery.ip-address=127.0.0.1",
                "--spring.cloud.consul.discovery.instance-id=" + instanceId,
                "--spring.cloud.consul.discovery.heartbeat.enabled=" + heartbeat)
                .directory(tmp.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /**
     * Spring Cloud Consul Config: the app reads {@code config/smoke-spring/data} (YAML) at start, and a new value
     * written to Muster's KV store reaches its environment through the config watch, without a restart.
     */
    @Test
    void springCloudConfig_readsKvAtStart_andSeesAChangeWithoutRestart() throws Exception {
        putKv("config/smoke-spring/data", "smoke:\n  greeting: hello from muster\n");
        int port = freePort();
        Path log = tmp.resolve("config-app.log");
        Process app = startApp("smoke-config-1", false, port, log);
        try {
            String url = "http://127.0.0.1:" + port + "/property/smoke.greeting";
            assertEquals("hello from muster", awaitText("the app to read its config from Muster", app, url,
                    "hello from muster"::equals));
            long changed = System.nanoTime();
            putKv("config/smoke-spring/data", "smoke:\n  greeting: changed in muster\n");
            assertEquals("changed in muster", awaitText("the config watch to refresh the property", app, url,
                    "changed in muster"::equals));
            long tookSeconds = (System.nanoTime() - changed) / 1_000_000_000L;
            // the watch's blocking reads wait 55 s: seeing the change much sooner proves they woke for it
            assertTrue(tookSeconds < 30, "the change reached the app only after " + tookSeconds + " s");
        } catch (Throwable t) {
            System.out.println("----- spring-smoke log (config) -----\n" + Files.readString(log)
                    + "----- end of spring-smoke log -----");
            throw t;
        } finally {
            app.destroy();
            if (!app.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void putKv(String key, String value) throws IOException, InterruptedException {
        HttpRequest put = HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v1/kv/" + key))
                .timeout(Duration.ofSeconds(5)).PUT(HttpRequest.BodyPublishers.ofString(value)).build();
        HttpResponse<String> r = HTTP.send(put, HttpResponse.BodyHandlers.ofString());
        assertEquals("true", r.body(), "PUT /v1/kv/" + key);
    }

    /** Fetches {@code url} as text until {@code ready} accepts it, the app exits or {@link #READY_TIMEOUT} passes. */
    private static String awaitText(String what, Process app, String url, Predicate<String> ready)
            throws InterruptedException {
        return poll(what, app, url, () -> {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException(r.statusCode() + " " + r.body());
            }
            return r.body();
        }, ready);
    }

    /** Fetches {@code url} until {@code ready} accepts the JSON, the app exits or {@link #READY_TIMEOUT} passes. */
    private static JsonNode await(String what, Process app, String url, Predicate<JsonNode> ready)
            throws InterruptedException {
        return poll(what, app, url, () -> getJson(url), ready);
    }

    private interface Fetch<T> {
        T get() throws IOException, InterruptedException;
    }

    private static <T> T poll(String what, Process app, String url, Fetch<T> fetch, Predicate<T> ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                fail("the app exited with code " + app.exitValue() + " while waiting for " + what);
            }
            try {
                T value = fetch.get();
                if (ready.test(value)) {
                    return value;
                }
                last = String.valueOf(value);
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        return fail("timed out after " + READY_TIMEOUT.toSeconds() + " s waiting for " + what + "; last GET " + url
                + ": " + last);
    }

    private static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 503) {   // 503: actuator health DOWN
            throw new IOException("GET " + url + " -> " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static JsonNode check(JsonNode entry, String checkId) {
        for (JsonNode check : entry.path("Checks")) {
            if (checkId.equals(check.path("CheckID").asText())) {
                return check;
            }
        }
        return fail("no check " + checkId + " in " + entry.path("Checks"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The latest modification time of any file under {@code dir}. */
    private static FileTime newest(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(SpringCloudConsulIT::modified)
                    .max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code target}'s pom.xml and src/ with those under {@code source} (keeping target/ for reuse). */
    private static void copyTree(Path source, Path target) throws IOException {
        Path oldSources = target.resolve("src");
        if (Files.exists(oldSources)) {
            try (Stream<Path> stale = Files.walk(oldSources)) {
                for (Path p : stale.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path from : files.toList()) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

}
