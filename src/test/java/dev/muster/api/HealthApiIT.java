package dev.muster.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.muster.testing.Fixtures;
import dev.muster.testing.InMemoryRegistry;
import dev.muster.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /v1/health/*} over real HTTP, following Consul's own health endpoint tests. */
class HealthApiIT {
    @RegisterExtension
    final InMemoryRegistry registry = new InMemoryRegistry();

    @Test
    void state_freshServer_onlySerfHealthPassing() {
        registry.request().get("/v1/health/state/passing").then().statusCode(200)
                .header("X-Consul-Index", org.hamcrest.Matchers.not("0"))
                .body("CheckID", contains("serfHealth")).body("Name", contains("Serf Health Status"))
                .body("Output", contains("Agent alive and reachable")).body("ServiceTags[0]", equalTo(java.util.List.of()));
        registry.request().get("/v1/health/state/warning").then().statusCode(200).body(equalTo("[]"));
        registry.request().get("/v1/health/state/any").then().body("size()", equalTo(1));
        registry.request().get("/v1/health/state/bogus").then().statusCode(200).body(equalTo("[]"));
    }

    @Test
    void state_nodeMetaAndFilter_narrowCriticalChecks() {
        registry.registerCatalog("{\"Node\":\"bar\",\"Address\":\"127.0.0.1\",\"NodeMeta\":{\"somekey\":\"somevalue\"},"
                + "\"Checks\":[{\"Name\":\"node check\"},{\"Name\":\"node check 2\"}]}");
        registry.request().get("/v1/health/state/critical?node-meta=somekey:somevalue").then().body("size()", equalTo(2));
        registry.request().queryParam("filter", "Name == \"node check 2\"").get("/v1/health/state/critical")
                .then().body("CheckID", contains("node check 2"));
    }

    @Test
    void node_agentHasSerfHealth_unknownIsEmpty() {
        registry.request().get("/v1/health/node/" + TestRegistry.NODE).then().body("CheckID", contains("serfHealth"));
        registry.request().get("/v1/health/node/nope").then().statusCode(200).body(equalTo("[]"))
                .header("X-Consul-Index", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void node_checksWithoutStatus_areCriticalAndFilterable() {
        registry.registerCatalog("{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"Checks\":[{\"Name\":\"check1\"},{\"Name\":\"check2\"}]}");
        registry.request().get("/v1/health/node/n").then().body("Status", contains("critical", "critical"));
        registry.request().queryParam("filter", "Name == check2").get("/v1/health/node/n")
                .then().body("CheckID", contains("check2"));
    }

    @Test
    void checks_typeDerivedFromDefinitionOrKept() {
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"api\"},"
                + "\"Check\":{\"CheckID\":\"foo-check\",\"Name\":\"foo check\",\"ServiceID\":\"api\","
                + "\"Definition\":{\"TCP\":\"localhost:8888\",\"Interval\":\"5s\"}}}");
        registry.request().get("/v1/health/checks/api").then().body("CheckID", contains("foo-check"))
                .body("Type", contains("tcp")).body("Interval", contains("5s"))
                .body("Definition[0].TCP", equalTo("localhost:8888")).body("ServiceName", contains("api"));
        registry.request().get("/v1/health/checks/consul").then().body(equalTo("[]"));
        registry.registerCatalog("{\"Node\":\"" + TestRegistry.NODE + "\",\"Address\":\"127.0.0.1\",\"SkipNodeUpdate\":true,"
                + "\"Check\":{\"Name\":\"consul check\",\"ServiceID\":\"consul\",\"Type\":\"grpc\"}}");
        registry.request().get("/v1/health/checks/consul").then().body("Type", contains("grpc"));
        registry.request().get("/v1/health/service/consul").then()
                .body("[0].Checks.CheckID", contains("serfHealth", "consul check"));
    }

    @Test
    void service_noChecks_emptyChecksList() {
        registry.registerCatalog("{\"Node\":\"bar\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"test\",\"Service\":\"test\"}}");
        registry.request().get("/v1/health/service/test").then()
                .body("[0].Node.Node", equalTo("bar")).body("[0].Service.Service", equalTo("test"))
                .body("[0].Checks", equalTo(java.util.List.of()));
        registry.request().get("/v1/health/service/nope").then().body(equalTo("[]"));
    }

    @Test
    void service_passingVariants_followConsul() {
        registry.registerCatalog(Fixtures.nodeWithService("foo", "127.0.0.1", "web", "web1", "passing"));
        registry.registerCatalog(Fixtures.nodeWithService("foo", "127.0.0.1", "web", "web2", "warning"));
        registry.registerCatalog(Fixtures.nodeWithService("foo", "127.0.0.1", "web", "web3", "critical"));
        registry.request().get("/v1/health/service/web?passing").then().body("Service.ID", contains("web1"));
        registry.request().get("/v1/health/service/web?passing=1").then().body("Service.ID", contains("web1"));
        registry.request().get("/v1/health/service/web?passing=true").then().body("Service.ID", contains("web1"));
        registry.request().get("/v1/health/service/web?passing=false").then().body("size()", equalTo(3));
        registry.request().get("/v1/health/service/web?passing=nope-nope-nope").then().statusCode(400)
                .body(containsString("Invalid value for ?passing"));
    }

    @Test
    void service_criticalNodeCheck_excludesInstanceFromPassing() {
        registry.registerCatalog(Fixtures.nodeWithService("foo", "127.0.0.1", "web", "web1", "passing"));
        registry.registerCatalog(Fixtures.nodeWithService("bar", "127.0.0.2", "web", "web2", "passing"));
        registry.registerCatalog("{\"Node\":\"bar\",\"Address\":\"127.0.0.2\",\"Check\":{\"CheckID\":\"_node_maintenance\","
                + "\"Name\":\"Node Maintenance Mode\",\"Status\":\"critical\"}}");
        registry.request().get("/v1/health/service/web?passing").then().body("Node.Node", contains("foo"));
        registry.request().get("/v1/health/service/web").then()
                .body("[0].Checks.CheckID", contains("_node_maintenance", "check-web2"));
    }

    @Test
    void service_filterOnNestedFields() {
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"v2\",\"Service\":\"api\","
                + "\"Tags\":[\"foo\"],\"Meta\":{\"version\":\"2\"}}}");
        registry.registerCatalog("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"v1\",\"Service\":\"api\","
                + "\"Meta\":{\"version\":\"1\"}}}");
        registry.request().queryParam("filter", "Service.Meta.version == 2").get("/v1/health/service/api")
                .then().statusCode(200).body("Service.ID", contains("v2"));
        registry.request().queryParam("filter", "\"foo\" in Service.Tags").get("/v1/health/service/api")
                .then().body("Service.ID", contains("v2"));
        registry.request().queryParam("filter", "Checks is empty and Node.Node == foo").get("/v1/health/service/api")
                .then().body("size()", equalTo(2));
    }

    @Test
    void service_tagAndNodeMeta_beforeAnythingRegistered_emptyWithIndex() {
        registry.request().get("/v1/health/service/test?node-meta=somekey:somevalue&tag=x").then().statusCode(200)
                .body(equalTo("[]")).header("X-Consul-Index", org.hamcrest.Matchers.not("0"));
    }
}
