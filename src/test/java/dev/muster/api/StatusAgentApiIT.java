package dev.muster.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import dev.muster.testing.InMemoryRegistry;
import dev.muster.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /v1/status/*} and {@code /v1/agent/self}: the shapes real clients decode. */
class StatusAgentApiIT {
    @RegisterExtension
    final InMemoryRegistry registry = new InMemoryRegistry();

    @Test
    void leaderAndPeers_areOurAddressOnServerPort() {
        registry.request().get("/v1/status/leader").then().statusCode(200).contentType("application/json")
                .body(equalTo("\"127.0.0.1:8300\""));
        registry.request().get("/v1/status/peers").then().body("", contains("127.0.0.1:8300"));
    }

    @Test
    void agentSelf_configMemberAndObjectsOnly() {
        registry.request().get("/v1/agent/self").then().statusCode(200)
                .header("X-Consul-Default-ACL-Policy", "allow")
                .body("Config.Datacenter", equalTo("dc1"))
                .body("Config.NodeName", equalTo(TestRegistry.NODE))
                .body("Config.NodeID", matchesPattern("[0-9a-f-]{36}"))
                .body("Config.Server", equalTo(true))
                .body("Config.Version", notNullValue())
                .body("Config.Revision", notNullValue())
                .body("Member.Name", equalTo(TestRegistry.NODE))
                .body("Member.Tags.role", equalTo("consul"))
                .body("Member.Status", equalTo(1))
                .body("Meta", notNullValue())
                .body("DebugConfig", notNullValue())
                .body("Stats", notNullValue())
                .body("Coord.Vec.size()", equalTo(8));
    }

    @Test
    void agentNode_registeredLikeConsul() {
        registry.request().get("/v1/catalog/service/consul").then()
                .body("ServiceID", contains("consul")).body("ServicePort", contains(8300));
        registry.request().get("/v1/catalog/nodes").then()
                .body("[0].TaggedAddresses.lan", equalTo("127.0.0.1"))
                .body("[0].Meta.consul-network-segment", equalTo(""));
    }
}
