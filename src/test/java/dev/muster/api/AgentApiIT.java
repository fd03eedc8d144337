package dev.muster.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.muster.testing.InMemoryRegistry;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /v1/agent/*} over real HTTP, with HTTP checks against a real local HTTP server and TCP checks
 * against a real open and a real closed port.
 */
class AgentApiIT {
    @RegisterExtension
    final InMemoryRegistry registry = new InMemoryRegistry();
    private HttpServer backend;
    private final AtomicInteger backendStatus = new AtomicInteger(200);

    @BeforeEach
    void startBackend() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        backend.createContext("/health", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(backendStatus.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
    }

    private String backendUrl() {
        return "http://127.0.0.1:" + backend.getAddress().getPort() + "/health";
    }

    private void put(String path, String body) {
        registry.request().body(body).put(path).then().statusCode(200).body(emptyString());
    }

    /** Polls (checks run every second at the least) until the condition holds or 15 s pass. */
    private static void eventually(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private String checkField(String checkId, String field) {
        return registry.request().get("/v1/agent/checks").path("'" + checkId + "'." + field);
    }

    @Test
    void registerService_fullDefinition_visibleInAgentAndCatalog() {
        put("/v1/agent/service/register", "{\"Name\":\"test\",\"Meta\":{\"hello\":\"world\"},\"Tags\":[\"primary\"],"
                + "\"Port\":8000,\"Address\":\"127.0.0.5\",\"TaggedAddresses\":{\"wan\":{\"Address\":\"127.0.0.6\",\"Port\":80}},"
                + "\"Check\":{\"TTL\":\"15s\"},\"Checks\":[{\"TTL\":\"20s\"},{\"TTL\":\"30s\"}],"
                + "\"Weights\":{\"Passing\":100,\"Warning\":3},\"EnableTagOverride\":true}");
        registry.request().get("/v1/agent/services").then().statusCode(200)
                .body("test.ID", equalTo("test")).body("test.Service", equalTo("test"))
                .body("test.Tags", contains("primary")).body("test.Meta.hello", equalTo("world"))
                .body("test.Port", equalTo(8000)).body("test.Address", equalTo("127.0.0.5"))
                .body("test.TaggedAddresses.wan.Port", equalTo(80))
                .body("test.Weights.Passing", equalTo(100)).body("test.EnableTagOverride", equalTo(true))
                .body("test.Datacenter", equalTo("dc1"));
        registry.request().get("/v1/agent/checks").then()
                .body("keySet()", containsInAnyOrder("service:test:1", "service:test:2", "service:test:3"))
                .body("'service:test:1'.Status", equalTo("critical"))
                .body("'service:test:1'.Name", equalTo("Service 'test' check"))
                .body("'service:test:2'.Definition.TTL", equalTo("20s"));
        registry.request().get("/v1/catalog/service/test").then()
                .body("Node", contains(dev.muster.testing.TestRegistry.NODE)).body("ServiceAddress", contains("127.0.0.5"));
        registry.request().get("/v1/agent/members").then().body("Name", contains(dev.muster.testing.TestRegistry.NODE))
                .body("[0].Status", equalTo(1));
    }

    @Test
    void ttlCheck_passWarnFailUpdate_andGetAliasForOldPythonConsul() {
        put("/v1/agent/service/register", "{\"name\":\"web\",\"id\":\"web1\",\"check\":{\"ttl\":\"15s\"}}");
        put("/v1/agent/check/pass/service:web1?note=fine", "");
        assertEquals("passing", checkField("service:web1", "Status"));
        assertEquals("fine", checkField("service:web1", "Output"));
        registry.request().urlEncodingEnabled(false).put("/v1/agent/check/warn/service%3Aweb1").then().statusCode(200);
        assertEquals("warning", checkField("service:web1", "Status"));
        assertEquals("", checkField("service:web1", "Output"));
        put("/v1/agent/check/fail/service:web1", "");
        assertEquals("critical", checkField("service:web1", "Status"));
        put("/v1/agent/check/update/service:web1", "{\"Status\":\"passing\",\"Output\":\"hello-passing\"}");
        assertEquals("hello-passing", checkField("service:web1", "Output"));
        registry.request().body("{\"Status\":\"itscomplicated\"}").put("/v1/agent/check/update/service:web1")
                .then().statusCode(400).body(equalTo("Invalid check status: 'itscomplicated'"));
        registry.request().get("/v1/agent/check/fail/service:web1").then().statusCode(200);
        assertEquals("critical", checkField("service:web1", "Status"));
        registry.request().put("/v1/agent/check/pass/nope").then().statusCode(404)
                .body(equalTo("Unknown check ID \"nope\". Ensure that the check ID is passed, not the check name."));
        registry.request().get("/v1/agent/service/deregister/web1").then().statusCode(200);
        registry.request().get("/v1/agent/services").then().body(equalTo("{}"));
    }

    @Test
    void httpCheck_statusFromResponseCode() throws Exception {
        put("/v1/agent/service/register", "{\"Name\":\"api\",\"Check\":{\"HTTP\":\"" + backendUrl()
                + "\",\"Interval\":\"1s\",\"Timeout\":\"2s\"}}");
        eventually("passing", () -> "passing".equals(checkField("service:api", "Status")));
        assertEquals("HTTP GET " + backendUrl() + ": 200 OK Output: hello", checkField("service:api", "Output"));
        assertEquals("http", checkField("service:api", "Type"));
        backendStatus.set(429);
        eventually("warning on 429", () -> "warning".equals(checkField("service:api", "Status")));
        backendStatus.set(500);
        eventually("critical on 500", () -> "critical".equals(checkField("service:api", "Status")));
        assertEquals("HTTP GET " + backendUrl() + ": 500 Internal Server Error Output: hello",
                checkField("service:api", "Output"));
    }

    @Test
    void httpCheck_hostHeader_reachesTheNameBasedVirtualHost() throws Exception {
        // A real local server that, like nginx with server_name, answers by the Host it is asked for.
        backend.createContext("/vhost", exchange -> {
            boolean shop = "shop.example.com".equals(exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = (shop ? "shop" : "no such host: " + exchange.getRequestHeaders().getFirst("Host"))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(shop ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        String url = "http://127.0.0.1:" + backend.getAddress().getPort() + "/vhost";
        put("/v1/agent/check/register", "{\"Name\":\"shop\",\"HTTP\":\"" + url + "\",\"Interval\":\"1s\","
                + "\"Header\":{\"Host\":[\"shop.example.com\"]}}");
        put("/v1/agent/check/register", "{\"Name\":\"bare\",\"HTTP\":\"" + url + "\",\"Interval\":\"1s\","
                + "\"Status\":\"passing\"}");
        eventually("passing through the Host header", () -> "passing".equals(checkField("shop", "Status")));
        assertEquals("HTTP GET " + url + ": 200 OK Output: shop", checkField("shop", "Output"));
        eventually("the same URL without the header is another host", () -> "critical".equals(checkField("bare", "Status")));
        assertTrue(checkField("bare", "Output").endsWith("404 Not Found Output: no such host: 127.0.0.1:"
                + backend.getAddress().getPort()), checkField("bare", "Output"));
    }

    @Test
    void tcpCheck_openPortPasses_closedPortIsCritical() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String open = "127.0.0.1:" + backend.getAddress().getPort();
        put("/v1/agent/check/register", "{\"Name\":\"open\",\"TCP\":\"" + open + "\",\"Interval\":\"1s\"}");
        put("/v1/agent/check/register", "{\"Name\":\"closed\",\"TCP\":\"127.0.0.1:" + closed + "\",\"Interval\":\"1s\","
                + "\"Status\":\"passing\"}");
        eventually("open passing", () -> "passing".equals(checkField("open", "Status")));
        assertEquals("TCP connect " + open + ": Success", checkField("open", "Output"));
        eventually("closed critical", () -> "critical".equals(checkField("closed", "Status")));
        assertEquals("dial tcp 127.0.0.1:" + closed + ": connect: connection refused", checkField("closed", "Output"));
    }

    @Test
    void httpCheck_successBeforePassing_firstResultAtOnceThenConsecutiveSuccesses() throws Exception {
        backendStatus.set(500);
        put("/v1/agent/check/register", "{\"Name\":\"slow\",\"HTTP\":\"" + backendUrl() + "\",\"Interval\":\"1s\","
                + "\"SuccessBeforePassing\":2,\"Status\":\"passing\"}");
        eventually("critical at the first failure", () -> "critical".equals(checkField("slow", "Status")));
        backendStatus.set(200);
        long start = System.nanoTime();
        eventually("passing after two successes", () -> "passing".equals(checkField("slow", "Status")));
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 900, "needs a second success, one interval later");
    }

    @Test
    void httpCheck_stalledBody_timesOutInsteadOfFreezing() throws Exception {
        backend.createContext("/stall", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("partial".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        String url = "http://127.0.0.1:" + backend.getAddress().getPort() + "/stall";
        put("/v1/agent/check/register", "{\"Name\":\"stall\",\"HTTP\":\"" + url + "\",\"Interval\":\"1s\","
                + "\"Timeout\":\"1s\",\"Status\":\"passing\"}");
        eventually("critical on timeout", () -> "critical".equals(checkField("stall", "Status")));
        assertTrue(checkField("stall", "Output").contains("Client.Timeout exceeded"), checkField("stall", "Output"));
    }

    @Test
    void maintenance_serviceAndNode() {
        put("/v1/agent/service/register", "{\"Name\":\"redis\"}");
        registry.request().put("/v1/agent/service/maintenance/redis").then().statusCode(400)
                .body(equalTo("Missing value for enable"));
        registry.request().put("/v1/agent/service/maintenance/redis?enable=maybe").then().statusCode(400)
                .body(equalTo("Invalid value for enable: \"maybe\""));
        put("/v1/agent/service/maintenance/redis?enable=true&reason=broken", "");
        registry.request().get("/v1/health/checks/redis").then()
                .body("CheckID", contains("_service_maintenance:redis")).body("Name", contains("Service Maintenance Mode"))
                .body("Notes", contains("broken")).body("Status", contains("critical"));
        registry.request().get("/v1/health/service/redis?passing").then().body(equalTo("[]"));
        put("/v1/agent/service/maintenance/redis?enable=false", "");
        registry.request().get("/v1/health/service/redis?passing").then().body("Service.ID", contains("redis"));
        put("/v1/agent/maintenance?enable=true", "");
        registry.request().get("/v1/health/service/redis?passing").then().body(equalTo("[]"));
        assertEquals("Maintenance mode is enabled for this node, but no reason was provided. This is a default message.",
                checkField("_node_maintenance", "Notes"));
        put("/v1/agent/maintenance?enable=false", "");
        registry.request().put("/v1/agent/service/maintenance/nope?enable=true").then().statusCode(404)
                .body(equalTo("Unknown service ID \"nope\". Ensure that the service ID is passed, not the service name."));
    }

    @Test
    void service_contentHash_blocksUntilTheServiceChanges() throws Exception {
        put("/v1/agent/service/register", "{\"Name\":\"web\",\"Port\":8181}");
        Response r = registry.request().get("/v1/agent/service/web");
        r.then().statusCode(200).body("ID", equalTo("web")).body("Tags", equalTo(java.util.List.of()))
                .body("Meta", equalTo(java.util.Map.of())).body("Weights.Passing", equalTo(1))
                .body("ContentHash", matchesPattern("[0-9a-f]{16}"));
        String hash = r.path("ContentHash");
        assertEquals(hash, r.header("X-Consul-ContentHash"));
        long start = System.nanoTime();
        registry.request().get("/v1/agent/service/web?hash=" + hash + "&wait=200ms").then().statusCode(200);
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 200, "the current hash blocks for the wait");
        start = System.nanoTime();
        registry.request().get("/v1/agent/service/web?hash=123456789abcd&wait=10m").then().statusCode(200);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000, "a stale hash answers at once");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> held = client.sendAsync(HttpRequest.newBuilder(URI.create(
                registry.baseUrl() + "/v1/agent/service/web?hash=" + hash + "&wait=30s")).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);
        put("/v1/agent/service/register", "{\"Name\":\"web\",\"Port\":8282}");
        HttpResponse<String> changed = held.get(5, TimeUnit.SECONDS);
        assertTrue(changed.body().contains("8282"), changed.body());
        registry.request().get("/v1/agent/service/nope").then().statusCode(404).body(equalTo("unknown service ID: nope"));
    }

    @Test
    void agentHealth_statusCodesAndFormats() {
        put("/v1/agent/service/register", "{\"Name\":\"mysql\",\"ID\":\"mysql1\",\"Check\":{\"TTL\":\"30s\",\"Status\":\"passing\"}}");
        put("/v1/agent/service/register", "{\"Name\":\"mysql\",\"ID\":\"mysql2\",\"Check\":{\"TTL\":\"30s\",\"Status\":\"warning\"}}");
        registry.request().get("/v1/agent/health/service/id/mysql1?format=text").then().statusCode(200).body(equalTo("passing"));
        registry.request().get("/v1/agent/health/service/id/mysql2?format=text").then().statusCode(429).body(equalTo("warning"));
        registry.request().get("/v1/agent/health/service/id/mysql1").then().statusCode(200)
                .body("AggregatedStatus", equalTo("passing")).body("Service.ID", equalTo("mysql1"))
                .body("Checks.CheckID", contains("service:mysql1"));
        registry.request().get("/v1/agent/health/service/name/mysql").then().statusCode(429).body("size()", equalTo(2));
        put("/v1/agent/service/maintenance/mysql1?enable=true", "");
        registry.request().get("/v1/agent/health/service/id/mysql1?format=text").then().statusCode(503)
                .body(equalTo("maintenance"));
        registry.request().get("/v1/agent/health/service/id/nope?format=text").then().statusCode(404)
                .body(equalTo("ServiceId nope not found"));
        registry.request().get("/v1/agent/health/service/name/nope").then().statusCode(404).body(equalTo("[]"));
    }

    @Test
    void badInput_consulTexts_nothingChanges() {
        registry.request().body("{\"Port\":1}").put("/v1/agent/service/register").then().statusCode(400)
                .body(equalTo("Missing service name"));
        registry.request().body("{\"Name\":\"x\",\"Check\":{\"HTTP\":\"http://h/\",\"TTL\":\"5s\",\"Interval\":\"10s\"}}")
                .put("/v1/agent/service/register").then().statusCode(400)
                .body(equalTo("Invalid check: Interval and TTL cannot both be specified"));
        registry.request().body("{\"Name\":\"x\",\"Check\":{\"HTTP\":\"http://h/\"}}").put("/v1/agent/service/register")
                .then().statusCode(400).body(startsWith("Invalid check: Interval must be > 0"));
        registry.request().body("{\"Name\":\"x\",\"Check\":{\"TTL\":\"ten\"}}").put("/v1/agent/service/register")
                .then().statusCode(400).body(equalTo("Request decode failed: time: invalid duration \"ten\""));
        registry.request().body("{\"Name\":\"x\",\"Weights\":{\"Passing\":0,\"Warning\":1}}").put("/v1/agent/service/register")
                .then().statusCode(400).body(equalTo("Invalid Weights: Passing must be greater than 0"));
        registry.request().body("{\"Name\":\"x\",\"Address\":\"0.0.0.0\"}").put("/v1/agent/service/register")
                .then().statusCode(400).body(equalTo("Invalid service address"));
        registry.request().body("{\"Name\":\"x\",\"Check\":{\"TTL\":\"5s\",\"Status\":\"meh\"}}").put("/v1/agent/service/register")
                .then().statusCode(400).body(equalTo("Status for checks must 'passing', 'warning', 'critical'"));
        registry.request().body("{\"Name\":\"c\",\"TTL\":\"10s\",\"ServiceID\":\"nosuch\"}").put("/v1/agent/check/register")
                .then().statusCode(404).body(equalTo("ServiceID \"nosuch\" does not exist"));
        registry.request().body("{\"TTL\":\"10s\"}").put("/v1/agent/check/register").then().statusCode(400)
                .body(equalTo("Missing check name"));
        registry.request().put("/v1/agent/service/deregister/nope").then().statusCode(404)
                .body(equalTo("Unknown service ID \"nope\". Ensure that the service ID is passed, not the service name."));
        registry.request().get("/v1/agent/members?wan=1&segment=x").then().statusCode(400)
                .body(equalTo("Cannot provide a segment with wan=true"));
        registry.request().get("/v1/agent/services").then().body(equalTo("{}"));
        registry.request().get("/v1/agent/checks").then().body(equalTo("{}"));
    }

    @Test
    void servicesAndChecks_filter() {
        put("/v1/agent/service/register", "{\"Name\":\"mysql\",\"Tags\":[\"primary\"],\"Meta\":{\"foo\":\"bar\"}}");
        put("/v1/agent/service/register", "{\"Name\":\"redis\",\"Tags\":[\"kv\"],\"Meta\":{\"foo\":\"bar\"}}");
        registry.request().queryParam("filter", "\"foo\" in Meta").get("/v1/agent/services").then().body("size()", equalTo(2));
        registry.request().queryParam("filter", "\"kv\" in Tags").get("/v1/agent/services").then()
                .body("keySet()", contains("redis"));
        put("/v1/agent/check/register", "{\"Name\":\"redis\",\"TTL\":\"10s\"}");
        put("/v1/agent/check/register", "{\"Name\":\"other\",\"TTL\":\"10s\",\"Interval\":\"\"}");
        registry.request().queryParam("filter", "Name == \"redis\"").get("/v1/agent/checks").then()
                .body("keySet()", contains("redis"));
    }

    @Test
    void agentRegistration_wakesBlockingHealthQueryWithin100ms() throws Exception {
        put("/v1/agent/service/register", "{\"Name\":\"fast\",\"ID\":\"fast0\"}");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int round = 1; round <= 3; round++) {
            String index = registry.request().get("/v1/health/service/fast").header("X-Consul-Index");
            CompletableFuture<HttpResponse<String>> held = client.sendAsync(HttpRequest.newBuilder(URI.create(
                    registry.baseUrl() + "/v1/health/service/fast?index=" + index + "&wait=10s")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(200);
            put("/v1/agent/service/register", "{\"Name\":\"fast\",\"ID\":\"fast" + round + "\"}");
            long acknowledged = System.nanoTime();
            HttpResponse<String> r = held.get(5, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - acknowledged) / 1_000_000;
            assertTrue(r.body().contains("fast" + round));
            if (round > 1) {
                assertTrue(millis <= 100, "woke " + millis + " ms after the registration was acknowledged");
            }
        }
    }
}
