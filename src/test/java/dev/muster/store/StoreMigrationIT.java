package dev.muster.store;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.testing.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by the version before the write-ahead log (schema 2: state tables only, one upsert per row) opens
 * in the new format without loss. The fixture in src/test/resources/store/v2/ was produced by that version's
 * jar (commit e8ebe6b, agent {@code -node old-agent}): the seed's two tomcat registrations with tags, meta,
 * weights, tagged addresses and a catalog HTTP check with a Host header, a registered-then-deregistered
 * service, and an agent service with a passing TTL check. The JSON files are what that version answered.
 */
class StoreMigrationIT {
    private static final String FIXTURE = "store/v2/";

    @TempDir
    Path dir;

    private static String resource(String name) throws IOException {
        try (InputStream in = StoreMigrationIT.class.getClassLoader().getResourceAsStream(FIXTURE + name)) {
            assertTrue(in != null, "missing test resource " + FIXTURE + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void copyFixture() throws IOException {
        for (String f : new String[] {"muster.mv.db", "node-id"}) {
            try (InputStream in = StoreMigrationIT.class.getClassLoader().getResourceAsStream(FIXTURE + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
    }

    @Test
    void schema2Store_opensWithoutLoss_andKeepsWorkingAcrossRestarts() throws Exception {
        copyFixture();
        try (TestRegistry registry = TestRegistry.durable(dir, "old-agent")) {
            assertEquals(resource("catalog-service-tomcat.json"),
                    registry.request().get("/v1/catalog/service/tomcat").then().statusCode(200).extract().asString());
            assertEquals(resource("health-checks-tomcat.json"),
                    registry.request().get("/v1/health/checks/tomcat").asString());
            assertEquals(resource("catalog-services.json"), registry.request().get("/v1/catalog/services").asString());
            assertTrue(Long.parseLong(registry.request().get("/v1/catalog/service/gone").header("X-Consul-Index")) >= 5,
                    "the deregistered service's extinction index survives");
            registry.request().get("/v1/agent/checks").then()
                    .body("'service:api-1'.Status", equalTo("passing")).body("'service:api-1'.Output", equalTo("fine"));
            // the old store has an empty KV store, and takes KV writes
            registry.request().get("/v1/kv/?recurse").then().statusCode(404);
            registry.request().body("v").put("/v1/kv/migrated").then().body(equalTo("true"));
            // no sessions yet; a session and its lock are stored in the new tables
            registry.request().get("/v1/session/list").then().statusCode(200).body(equalTo("[]"));
            String session = registry.request().body("{\"Name\":\"migrated\"}").put("/v1/session/create").then()
                    .statusCode(200).extract().jsonPath().getString("ID");
            registry.request().body("me").put("/v1/kv/migrated-lock?acquire=" + session).then().body(equalTo("true"));
            // a write in the new format on top of the old tables
            registry.request().body("{\"Node\":\"tomcat\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"127.0.0.1:8083\","
                    + "\"Service\":\"tomcat\",\"Port\":8083}}").put("/v1/catalog/register").then().body(equalTo("true"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("muster"), "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            assertEquals(5, rs.getInt(1), "migrated through store_meta (V3), the KV tables (V4) and sessions (V5)");
        }
        try (TestRegistry again = TestRegistry.durable(dir, "old-agent")) {
            again.request().get("/v1/catalog/service/tomcat").then().body("ServiceID",
                    org.hamcrest.Matchers.contains("127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083"));
            again.request().get("/v1/health/checks/tomcat").then().body("[0].Definition.Header.Host[0]",
                    equalTo("shop.example.com"));
            again.request().get("/v1/kv/migrated?raw").then().statusCode(200).body(equalTo("v"));
            again.request().get("/v1/session/list").then().body("Name", org.hamcrest.Matchers.contains("migrated"));
            again.request().get("/v1/kv/migrated-lock").then().body("[0].Session", org.hamcrest.Matchers.notNullValue());
        }
    }
}
