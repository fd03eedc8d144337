package dev.muster.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.testing.Fixtures;
import dev.muster.testing.InMemoryRegistry;
import dev.muster.testing.TestRegistry;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /v1/catalog/*} over real HTTP: shapes, headers, filters and write semantics. */
class CatalogApiIT {
    @RegisterExtension
    final InMemoryRegistry registry = new InMemoryRegistry();

    private static long index(Response r) {
        String header = r.header("X-Consul-Index");
        assertTrue(header != null && Long.parseLong(header) > 0, "X-Consul-Index must be > 0, was " + header);
        return Long.parseLong(header);
    }

    @Test
    void register_seedCurlBodies_answerTrueAndListBothInstances() {
        registry.registerCatalog(Fixtures.seedTomcat(8081));
        registry.registerCatalog(Fixtures.seedTomcat(8082));
        Response r = registry.request().get("/v1/catalog/service/tomcat");
        r.then().statusCode(200).contentType("application/json")
                .body("size()", equalTo(2))
                .body("ServiceID", contains("127.0.0.1:8081", "127.0.0.1:8082"))
                .body("ServicePort", contains(8081, 8082))
                .body("ServiceTags[0]", contains("dev"))
                .body("Node", contains("tomcat", "tomcat"))
                .body("Address", contains("127.0.0.1", "127.0.0.1"))
                .body("ServiceAddress", contains("", ""))
                .body("ServiceWeights[0].Passing", equalTo(1))
                .body("[0]", hasKey("ServiceMeta"))
                .body("[0]", hasKey("NodeMeta"))
                .body("[0]", hasKey("CreateIndex"));
        index(r);
        assertEquals("true", r.header("X-Consul-KnownLeader"));
        assertEquals("0", r.header("X-Consul-LastContact"));
    }

    @Test
    void datacenters_single_noIndexHeader() {
        Response r = registry.request().get("/v1/catalog/datacenters");
        r.then().statusCode(200).body("", contains("dc1"));
        assertEquals(null, r.header("X-Consul-Index"));
    }

    @Test
    void nodes_agentAndRegistered_sortedByNameWithMetaFilters() {
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"NodeMeta\":{\"somekey\":\"somevalue\"}}");
        Response all = registry.request().get("/v1/catalog/nodes");
        all.then().body("Node", contains("foo", TestRegistry.NODE));
        index(all);
        registry.request().get("/v1/catalog/nodes?node-meta=somekey:somevalue").then().body("Node", contains("foo"));
        registry.request().queryParam("filter", "Meta.somekey == somevalue").get("/v1/catalog/nodes")
                .then().statusCode(200).body("Node", contains("foo"));
        registry.request().queryParam("filter", "Meta.somekey == other").get("/v1/catalog/nodes")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void services_namesWithDistinctTags_includingConsul() {
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"NodeMeta\":{\"env\":\"prod\"},"
                + "\"Service\":{\"ID\":\"api1\",\"Service\":\"api\",\"Tags\":[\"a\",\"b\"]}}");
        registry.registerCatalog("{\"Node\":\"bar\",\"Address\":\"127.0.0.2\",\"Service\":{\"ID\":\"api2\",\"Service\":\"api\",\"Tags\":[\"b\",\"c\"]}}");
        Response r = registry.request().get("/v1/catalog/services");
        r.then().statusCode(200).body("consul", equalTo(java.util.List.of()))
                .body("api", containsInAnyOrder("a", "b", "c"));
        index(r);
        registry.request().get("/v1/catalog/services?node-meta=env:prod").then().body("keySet()", contains("api"))
                .body("api", containsInAnyOrder("a", "b"));
        registry.request().queryParam("filter", "\"c\" in ServiceTags").get("/v1/catalog/services")
                .then().body("keySet()", contains("api")).body("api", containsInAnyOrder("b", "c"));
    }

    @Test
    void service_unknown_emptyArrayWithIndex() {
        Response r = registry.request().get("/v1/catalog/service/nope");
        r.then().statusCode(200).body(equalTo("[]"));
        index(r);
    }

    @Test
    void service_tagFilter_caseInsensitiveAndAnded() {
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"db1\",\"Service\":\"db\",\"Tags\":[\"master\",\"v2\"]}}");
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"db2\",\"Service\":\"db\",\"Tags\":[\"replica\"]}}");
        registry.request().get("/v1/catalog/service/db?tag=MASTER").then().body("ServiceID", contains("db1"));
        registry.request().get("/v1/catalog/service/db?tag=master&tag=v2").then().body("ServiceID", contains("db1"));
        registry.request().get("/v1/catalog/service/db?tag=master&tag=replica").then().body("size()", equalTo(0));
        registry.request().get("/v1/catalog/service/DB").then().body("size()", equalTo(2));
    }

    @Test
    void service_filterOnServiceMeta_keepsMatchesOnly() {
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"api\",\"Service\":\"api\",\"Meta\":{\"somekey\":\"somevalue\"}}}");
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"api2\",\"Service\":\"api\",\"Meta\":{\"somekey\":\"notvalue\"}}}");
        registry.request().queryParam("filter", "ServiceMeta.somekey == somevalue").get("/v1/catalog/service/api")
                .then().statusCode(200).body("ServiceID", contains("api"));
        registry.request().queryParam("filter", "ServiceID matches \"^api[0-9]$\" or ServicePort != 0")
                .get("/v1/catalog/service/api").then().statusCode(200).body("ServiceID", contains("api2"));
    }

    @Test
    void service_dottedNamePercentEncoded_found() {
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"www.example.com\",\"Port\":80}}");
        registry.request().urlEncodingEnabled(false).get("/v1/catalog/service/www%2Eexample%2Ecom")
                .then().statusCode(200).body("ServiceID", contains("www.example.com"));
        registry.request().get("/v1/catalog/service/www.example.com").then().body("size()", equalTo(1));
    }

    @Test
    void node_servicesKeyedById_unknownIsNull() {
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"api\"}}");
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"web-1\",\"Service\":\"web\",\"Kind\":\"\",\"Port\":80}}");
        Response r = registry.request().get("/v1/catalog/node/foo");
        r.then().statusCode(200).body("Node.Node", equalTo("foo"))
                .body("Services.keySet()", containsInAnyOrder("api", "web-1"))
                .body("Services.api.Service", equalTo("api"))
                .body("Services.api.Tags", equalTo(java.util.List.of()))
                .body("Services.api.Meta", equalTo(java.util.Map.of()))
                .body("Services.api.Port", equalTo(0))
                .body("Services.'web-1'.Port", equalTo(80));
        index(r);
        registry.request().queryParam("filter", "Service == web").get("/v1/catalog/node/foo")
                .then().body("Services.keySet()", contains("web-1"));
        Response unknown = registry.request().get("/v1/catalog/node/nope");
        unknown.then().statusCode(200).body(equalTo("null"));
        index(unknown);
    }

    @Test
    void nodeServices_listShape() {
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"api\"}}");
        registry.request().get("/v1/catalog/node-services/foo").then().statusCode(200)
                .body("Node.Address", equalTo("127.0.0.1")).body("Services.ID", contains("api"));
        registry.request().get("/v1/catalog/node-services/nope").then().statusCode(200)
                .body("Node", nullValue()).body("Services.size()", equalTo(0));
    }

    @Test
    void register_lowercaseKeysUnknownFieldsAndNulls_accepted() {
        registry.registerCatalog("{\"node\":\"py\",\"address\":\"127.0.0.3\",\"datacenter\":null,\"WriteRequest\":{\"Token\":\"x\"},"
                + "\"service\":{\"service\":\"lower\",\"port\":9000,\"tags\":[\"x\"],\"enable_tag_override\":true,"
                + "\"Weights\":null,\"Nonsense\":1},\"check\":{\"name\":\"c1\",\"serviceid\":\"lower\",\"status\":\"passing\"}}");
        registry.request().get("/v1/catalog/service/lower").then()
                .body("ServicePort", contains(9000)).body("ServiceEnableTagOverride", contains(true));
        registry.request().get("/v1/health/checks/lower").then().body("CheckID", contains("c1"))
                .body("Status", contains("passing"));
    }

    @Test
    void register_identicalTwice_doesNotMoveIndex() {
        registry.registerCatalog(Fixtures.nodeWithService("foo", "127.0.0.1", "api", "api", "passing"));
        long first = index(registry.request().get("/v1/catalog/service/api"));
        registry.registerCatalog(Fixtures.nodeWithService("foo", "127.0.0.1", "api", "api", "passing"));
        assertEquals(first, index(registry.request().get("/v1/catalog/service/api")));
        registry.registerCatalog(Fixtures.nodeWithService("foo", "127.0.0.1", "api", "api", "critical"));
        assertTrue(index(registry.request().get("/v1/catalog/service/api")) > first);
    }

    @Test
    void deregister_serviceCheckAndNodeCascade() {
        registry.registerCatalog(Fixtures.nodeWithService("foo", "127.0.0.1", "api", "api1", "passing"));
        registry.registerCatalog(Fixtures.nodeWithService("foo", "127.0.0.1", "api", "api2", "passing"));
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Check\":{\"Name\":\"disk\",\"Status\":\"passing\"}}");
        registry.request().body("{\"Node\":\"foo\",\"ServiceID\":\"api1\"}").put("/v1/catalog/deregister")
                .then().statusCode(200).body(equalTo("true"));
        registry.request().get("/v1/catalog/service/api").then().body("ServiceID", contains("api2"));
        registry.request().get("/v1/health/node/foo").then().body("CheckID", containsInAnyOrder("disk", "check-api2"));
        registry.request().body("{\"Node\":\"foo\",\"CheckID\":\"disk\"}").put("/v1/catalog/deregister").then().statusCode(200);
        registry.request().get("/v1/health/node/foo").then().body("CheckID", contains("check-api2"));
        registry.request().body("{\"Node\":\"foo\"}").put("/v1/catalog/deregister").then().statusCode(200);
        registry.request().get("/v1/catalog/service/api").then().body(equalTo("[]"));
        registry.request().get("/v1/health/node/foo").then().body(equalTo("[]"));
        registry.request().get("/v1/catalog/nodes").then().body("Node", contains(TestRegistry.NODE));
    }

    @Test
    void deregister_neverRegisteredNode_answersTrue() {
        registry.request().body("{\"Node\":\"ghost\"}").put("/v1/catalog/deregister")
                .then().statusCode(200).body(equalTo("true"));
    }

    @Test
    void lastInstanceRemoved_indexDoesNotGoBackwards() {
        registry.registerCatalog(Fixtures.nodeWithService("foo", "127.0.0.1", "api", "api1", "passing"));
        long before = index(registry.request().get("/v1/health/service/api"));
        registry.request().body("{\"Node\":\"foo\",\"ServiceID\":\"api1\"}").put("/v1/catalog/deregister");
        Response after = registry.request().get("/v1/health/service/api");
        after.then().body(equalTo("[]"));
        assertTrue(index(after) > before, "extinction index must move forward");
    }

    @Test
    void pretty_indentsWithFourSpacesAndTrailingNewline() {
        String bare = registry.request().get("/v1/catalog/datacenters?pretty").asString();
        assertEquals("[\n    \"dc1\"\n]\n", bare);
        String valued = registry.request().get("/v1/catalog/service/none?pretty=1").asString();
        assertEquals("[]\n", valued);
    }

    @Test
    void register_chunkedTextPlainBodyWithH2cUpgrade_accepted() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        byte[] body = Fixtures.seedTomcat(8083).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v1/catalog/register"))
                .header("Content-Type", "text/plain; charset=UTF-8")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("true", response.body());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
        registry.request().get("/v1/catalog/service/tomcat").then().body("ServicePort", contains(8083));
    }

    @Test
    void everyCatalogRead_hasJsonContentTypeAndIndex() {
        for (String path : new String[] {"/v1/catalog/nodes", "/v1/catalog/services", "/v1/catalog/service/x",
                "/v1/catalog/node/" + TestRegistry.NODE, "/v1/catalog/node-services/" + TestRegistry.NODE}) {
            Response r = registry.request().get(path);
            r.then().statusCode(200).contentType("application/json").body(not(emptyString()));
            assertTrue(r.header("X-Consul-Index") != null && !r.header("X-Consul-Index").equals("0"), path);
        }
        registry.request().get("/v1/catalog/node/" + TestRegistry.NODE)
                .then().body("Services.consul.Port", equalTo(8300)).body("Node.ID", notNullValue());
    }
}
