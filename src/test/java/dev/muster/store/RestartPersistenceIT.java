package dev.muster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.testing.TestRegistry;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An in-process Muster on H2 files, stopped and started again on the same directory: the catalog and
 * health reads must come back byte for byte with an index that never goes backwards, and a deregistered
 * node must stay gone.
 */
class RestartPersistenceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> READS = List.of("/v1/catalog/service/x", "/v1/health/service/x",
            "/v1/health/node/n", "/v1/catalog/nodes");
    private static final String DEFINITION = """
            {"HTTP": "http://127.0.0.1:9/health", "Interval": "10s", "Timeout": "1s",
             "DeregisterCriticalServiceAfter": "90m", "Header": {"X-A": ["1"]}}""";
    private static final String NODE_N = """
            {"Node": "n", "Address": "10.0.0.1",
             "TaggedAddresses": {"lan": "10.0.0.1", "wan": "198.51.100.1"}, "NodeMeta": {"rack": "r1"},
             "Service": {"ID": "x-1", "Service": "x", "Tags": ["primary", "v2"], "Address": "10.0.0.1",
                         "Meta": {"version": "2.0", "zone": "a"}, "Port": 8080,
                         "TaggedAddresses": {"lan": {"Address": "10.0.0.1", "Port": 8080},
                                             "wan": {"Address": "198.51.100.1", "Port": 80}},
                         "Weights": {"Passing": 3, "Warning": 1}, "EnableTagOverride": true},
             "Checks": [
               {"CheckID": "x-1-http", "Name": "x http", "ServiceID": "x-1", "Status": "passing",
                "Notes": "service check", "Output": "HTTP GET: 200 OK", "Definition": %s},
               {"CheckID": "node-http", "Name": "node http", "Status": "warning", "Definition": %s}]}
            """.formatted(DEFINITION, DEFINITION);
    private static final String NODE_M = """
            {"Node": "m", "Address": "10.0.0.2", "NodeMeta": {"rack": "r2"},
             "Service": {"ID": "x-2", "Service": "x", "Tags": ["secondary"], "Port": 8081},
             "Check": {"CheckID": "x-2-ttl", "Name": "x ttl", "ServiceID": "x-2", "Status": "critical",
                       "Definition": {"TTL": "30s"}}}""";
    /** What Consul renders for {@link #DEFINITION} (Go duration strings). */
    private static final String RENDERED_DEFINITION = """
            {"HTTP": "http://127.0.0.1:9/health", "Header": {"X-A": ["1"]}, "Interval": "10s", "Timeout": "1s",
             "DeregisterCriticalServiceAfter": "1h30m0s"}""";

    @TempDir
    Path dir;

    private TestRegistry registry;

    private record Read(long index, String body) {
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void restart_servesCatalogAndHealthReadsByteForByte() {
        registry = TestRegistry.durable(dir);
        registerBoth();
        Map<String, Read> before = readAll();

        restart();

        Map<String, Read> after = readAll();
        for (String path : READS) {
            assertEquals(before.get(path).body(), after.get(path).body(), path + " changed across a restart");
            assertTrue(after.get(path).index() >= before.get(path).index(), path + ": X-Consul-Index went from "
                    + before.get(path).index() + " to " + after.get(path).index());
        }
    }

    @Test
    void restart_afterNodeDeregistration_keepsTheNodeGone() throws Exception {
        registry = TestRegistry.durable(dir);
        registerBoth();
        restart();
        put("/v1/catalog/deregister", "{\"Node\": \"m\"}");
        Map<String, Read> before = readAll();
        assertNodeGone(before);

        restart();

        Map<String, Read> after = readAll();
        assertNodeGone(after);
        assertEquals("[]", read("/v1/health/node/m").body());
        for (String path : READS) {
            assertEquals(before.get(path).body(), after.get(path).body(), path + " changed across a restart");
            assertTrue(after.get(path).index() >= before.get(path).index(), path + ": X-Consul-Index went from "
                    + before.get(path).index() + " to " + after.get(path).index());
        }
    }

    @Test
    void restart_keepsNodeLevelCheckDefinitionIdentical() throws Exception {
        registry = TestRegistry.durable(dir);
        registerBoth();
        JsonNode expected = JSON.readTree(RENDERED_DEFINITION);
        JsonNode before = nodeCheckDefinition();
        assertEquals(expected, before);

        restart();

        JsonNode after = nodeCheckDefinition();
        assertEquals(expected, after);
        assertEquals(JSON.writeValueAsString(before), JSON.writeValueAsString(after), "Definition field order changed");
    }

    private void registerBoth() {
        put("/v1/catalog/register", NODE_N);
        put("/v1/catalog/register", NODE_M);
    }

    private void restart() {
        registry.close();
        registry = null;
        registry = TestRegistry.durable(dir);
    }

    private void put(String path, String body) {
        Response r = registry.request().body(body).put(path);
        assertEquals(200, r.statusCode(), path + ": " + r.asString());
        assertEquals("true", r.asString().strip(), path);
    }

    private Read read(String path) {
        Response r = registry.request().get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.asString());
        String index = r.header("X-Consul-Index");
        assertTrue(index != null, path + " has no X-Consul-Index");
        return new Read(Long.parseLong(index), r.asString());
    }

    private Map<String, Read> readAll() {
        Map<String, Read> reads = new LinkedHashMap<>();
        READS.forEach(path -> reads.put(path, read(path)));
        return reads;
    }

    private JsonNode nodeCheckDefinition() throws Exception {
        for (JsonNode check : JSON.readTree(read("/v1/health/node/n").body())) {
            if (check.get("CheckID").asText().equals("node-http")) {
                return check.get("Definition");
            }
        }
        throw new AssertionError("node-http check not listed for node n");
    }

    private static void assertNodeGone(Map<String, Read> reads) throws Exception {
        for (JsonNode node : JSON.readTree(reads.get("/v1/catalog/nodes").body())) {
            assertFalse(node.get("Node").asText().equals("m"), "node m listed: " + node);
        }
        for (JsonNode instance : JSON.readTree(reads.get("/v1/catalog/service/x").body())) {
            assertFalse(instance.get("ServiceID").asText().equals("x-2"), "x-2 listed: " + instance);
        }
        for (JsonNode entry : JSON.readTree(reads.get("/v1/health/service/x").body())) {
            assertFalse(entry.get("Service").get("ID").asText().equals("x-2"), "x-2 in health: " + entry);
        }
    }
}
