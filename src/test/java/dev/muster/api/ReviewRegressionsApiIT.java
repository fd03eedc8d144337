package dev.muster.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.testing.InMemoryRegistry;
import dev.muster.testing.TestRegistry;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Consul behaviours found missing in review of the core registry, one test each. */
class ReviewRegressionsApiIT {
    @RegisterExtension
    final InMemoryRegistry registry = new InMemoryRegistry();

    @Test
    void register_goClientZeroWeights_becomeDefault() {
        registry.registerCatalog("{\"Node\":\"go\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"api1\",\"Service\":\"api\","
                + "\"Tags\":null,\"Port\":8000,\"Weights\":{\"Passing\":0,\"Warning\":0},\"EnableTagOverride\":false}}");
        registry.request().get("/v1/catalog/service/api").then()
                .body("ServiceWeights.Passing", contains(1)).body("ServiceWeights.Warning", contains(1));
    }

    @Test
    void register_newIdOnLiveAgentName_isReserved() {
        String agentId = registry.request().get("/v1/agent/self").path("Config.NodeID");
        registry.request().body("{\"Node\":\"" + TestRegistry.NODE + "\",\"ID\":\"" + UUID.randomUUID()
                + "\",\"Address\":\"6.6.6.6\"}").put("/v1/catalog/register").then().statusCode(500)
                .body(containsString("Node name " + TestRegistry.NODE + " is reserved by node " + agentId));
        registry.request().get("/v1/catalog/node/" + TestRegistry.NODE).then().body("Node.Address", equalTo("127.0.0.1"));
    }

    @Test
    void register_knownIdUnderNewName_renamesNode() {
        String id = UUID.randomUUID().toString();
        registry.registerCatalog("{\"Node\":\"old\",\"ID\":\"" + id + "\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"s\"}}");
        registry.registerCatalog("{\"Node\":\"new\",\"ID\":\"" + id + "\",\"Address\":\"127.0.0.1\"}");
        registry.request().get("/v1/catalog/node/old").then().body(equalTo("null"));
        registry.request().get("/v1/catalog/node/new").then().body("Node.ID", equalTo(id));
        registry.request().get("/v1/catalog/service/s").then().body(equalTo("[]"));
        registry.request().get("/v1/catalog/node/" + id).then().body("Node.Node", equalTo("new"));
        registry.request().get("/v1/health/node/" + id).then().statusCode(200).body(equalTo("[]"));
    }

    @Test
    void register_nameInOtherCase_changesNothing() {
        registry.registerCatalog("{\"Node\":\"case\",\"Address\":\"127.0.0.1\"}");
        String index = registry.request().get("/v1/catalog/nodes").header("X-Consul-Index");
        registry.registerCatalog("{\"Node\":\"CASE\",\"Address\":\"127.0.0.1\"}");
        Response after = registry.request().get("/v1/catalog/nodes");
        assertEquals(index, after.header("X-Consul-Index"));
        after.then().body("Node", contains("case", TestRegistry.NODE));
    }

    @Test
    void register_consulStyleNodeMetaAndNullsInLists_accepted() {
        registry.registerCatalog("{\"Node\":\"m\",\"Address\":\"127.0.0.1\",\"NodeMeta\":{\"consul-network-segment\":\"\"},"
                + "\"Service\":{\"Service\":\"n\",\"Tags\":[\"a\",null],\"Meta\":{\"k\":null}}}");
        registry.request().get("/v1/catalog/service/n").then()
                .body("[0].ServiceTags", contains("a", "")).body("[0].ServiceMeta.k", equalTo(""))
                .body("[0].NodeMeta.consul-network-segment", equalTo(""));
    }

    @Test
    void register_c1ControlAndBadKind_refused() {
        registry.request().body("{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"a\\u0085b\"}}")
                .put("/v1/catalog/register").then().statusCode(400).body(startsWith("Invalid service name "));
        registry.request().body("{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"s\",\"Kind\":\"a\\nb\"}}")
                .put("/v1/catalog/register").then().statusCode(400).body(startsWith("Invalid service kind "));
        registry.request().body("{\"Node\":\"a\\u00a0b\",\"Address\":\"127.0.0.1\"}")
                .put("/v1/catalog/register").then().statusCode(400).body(startsWith("Invalid node name "));
    }

    @Test
    void queryFlags_countByPresenceLikeConsul() {
        assertTrue(registry.request().get("/v1/catalog/datacenters?pretty=0").asString().endsWith("\n"));
        registry.request().get("/v1/catalog/nodes?stale=0&consistent").then().statusCode(400);
        registry.request().get("/v1/catalog/nodes?max_stale=0s&consistent").then().statusCode(200)
                .header("X-Consul-Effective-Consistency", "consistent");
        registry.request().get("/v1/catalog/nodes?max_stale=3s").then().header("X-Consul-Effective-Consistency", "stale");
        registry.request().get("/v1/catalog/nodes?wait=-1s").then().statusCode(200);
    }

    @Test
    void enterpriseHeaders_consulCeText() {
        registry.request().header("X-Consul-Namespace", "foo").get("/v1/catalog/nodes").then().statusCode(400)
                .body(equalTo("Invalid header: \"X-Consul-Namespace\" - Namespaces are a Consul Enterprise feature"));
        registry.request().header("X-Consul-Partition", "foo").get("/v1/catalog/nodes").then().statusCode(400)
                .body(equalTo("Invalid header: \"X-Consul-Partition\" - Partitions are a Consul Enterprise feature"));
    }

    @Test
    void routing_encodedPrefixAndTrace() {
        registry.request().urlEncodingEnabled(false).get("/v1/catalog/servic%65/consul").then()
                .body("ServiceID", contains("consul"));
        registry.request().request("TRACE", "/v1/catalog/nodes").then().statusCode(405)
                .body(equalTo("method TRACE not allowed"));
    }

    @Test
    void restart_withNewNodeName_renamesAgentNode(@TempDir Path dir) {
        try (TestRegistry first = TestRegistry.durable(dir, "host-a")) {
            first.request().get("/v1/catalog/service/consul").then().body("Node", contains("host-a"));
            first.request().body("{\"Name\":\"web\",\"Check\":{\"TTL\":\"30s\",\"Status\":\"passing\"}}")
                    .put("/v1/agent/service/register").then().statusCode(200);
        }
        try (TestRegistry second = TestRegistry.durable(dir, "host-b")) {
            second.request().get("/v1/catalog/service/consul").then().body("Node", contains("host-b"));
            second.request().get("/v1/health/state/passing").then().body("Node", contains("host-b", "host-b"))
                    .body("CheckID", contains("serfHealth", "service:web"));
            second.request().get("/v1/catalog/nodes").then().body("Node", contains("host-b"));
            second.request().get("/v1/agent/services").then().body("keySet()", contains("web"));
        }
    }
}
