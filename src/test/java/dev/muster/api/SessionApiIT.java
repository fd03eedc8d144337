package dev.muster.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.testing.InMemoryRegistry;
import dev.muster.testing.TestRegistry;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /v1/session/*} and session locks over real HTTP, after Consul's agent/session_endpoint_test.go and
 * http_decode_test.go (kv-sessions spec §11.3 S-1…S-24, §11.5 C-1, C-2, C-9, KV-7): body decoding and defaults,
 * Consul's texts, index headers, blocking info, acquire/release and {@code Behavior: delete}.
 */
class SessionApiIT {
    private static final String NODE = TestRegistry.NODE;

    @RegisterExtension
    final InMemoryRegistry registry = new InMemoryRegistry(Map.of("session_ttl_min", "200ms"));

    private String create(String body) {
        return registry.request().body(body).put("/v1/session/create").then().statusCode(200)
                .body("$", hasKey("ID")).extract().jsonPath().getString("ID");
    }

    private JsonPath info(String id) {
        return registry.request().get("/v1/session/info/" + id).then().statusCode(200).body("size()", equalTo(1))
                .extract().jsonPath();
    }

    private void createFails(String body, int status, String text) {
        registry.request().body(body).put("/v1/session/create").then().statusCode(status).body(equalTo(text));
    }

    /** A passing node-level check {@code consul} on the agent's node, as Consul's tests have. */
    private void passingCheck(String id) {
        registry.registerCatalog("{\"Node\":\"" + NODE + "\",\"Address\":\"127.0.0.1\",\"Check\":{\"CheckID\":\"" + id
                + "\",\"Name\":\"" + id + "\",\"Status\":\"passing\"}}");
    }

    private static long index(Response r) {
        return Long.parseLong(r.header("X-Consul-Index"));
    }

    @Test
    void create_withoutBody_takesConsulsDefaults() {
        Response created = registry.request().put("/v1/session/create");
        created.then().statusCode(200).contentType("application/json");
        assertNull(created.header("X-Consul-Index"), "writes carry no query meta");
        String id = created.jsonPath().getString("ID");
        assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
        Response r = registry.request().get("/v1/session/info/" + id);
        r.then().statusCode(200).body("[0].ID", equalTo(id)).body("[0].Name", equalTo("")).body("[0].Node", equalTo(NODE))
                .body("[0].LockDelay", equalTo(15000000000L)).body("[0].Behavior", equalTo("release"))
                .body("[0].TTL", equalTo("")).body("[0].NodeChecks", contains("serfHealth"))
                .body("[0].ServiceChecks", nullValue()).body("[0]", not(hasKey("Checks")));
        JsonPath s = r.jsonPath();
        assertEquals(s.getLong("[0].CreateIndex"), s.getLong("[0].ModifyIndex"));
        assertEquals(s.getLong("[0].CreateIndex"), index(r), "info reports the sessions table index");
        assertEquals(List.of("ID", "Name", "Node", "LockDelay", "Behavior", "TTL", "NodeChecks", "ServiceChecks",
                "CreateIndex", "ModifyIndex"), new ArrayList<>(s.getMap("[0]").keySet()), "Consul's field order");
    }

    @Test
    void create_reconcilesChecksWithNodeChecks() {
        passingCheck("consul");
        JsonPath s1 = info(create("{\"Name\":\"my-cool-session\",\"Node\":\"" + NODE
                + "\",\"Checks\":[\"consul\"],\"LockDelay\":\"20s\"}"));
        assertEquals(List.of("consul"), s1.getList("[0].Checks"));
        assertEquals(List.of("serfHealth"), s1.getList("[0].NodeChecks"));
        assertEquals(20000000000L, s1.getLong("[0].LockDelay"));
        assertEquals("release", s1.getString("[0].Behavior"));

        JsonPath s2 = info(create("{\"Name\":\"x\",\"Node\":\"" + NODE + "\",\"ServiceChecks\":[{\"ID\":\"consul\","
                + "\"Namespace\":\"\"}],\"NodeChecks\":[\"serfHealth\"],\"LockDelay\":\"20s\"}"));
        assertEquals(List.of(Map.of("ID", "consul", "Namespace", "")), s2.getList("[0].ServiceChecks"));
        assertFalse(s2.getMap("[0]").containsKey("Checks"));

        JsonPath s3 = info(create("{\"Checks\":[\"consul\"],\"NodeChecks\":[\"serfHealth\"],\"Behavior\":\"delete\"}"));
        assertEquals(List.of("consul"), s3.getList("[0].Checks"));
        assertEquals("delete", s3.getString("[0].Behavior"));

        assertEquals(List.of(), info(create("{\"NodeChecks\":[]}")).getList("[0].NodeChecks"));
        assertEquals(List.of(), info(create("{\"Checks\":[]}")).getList("[0].NodeChecks"));
        create("{\"Bogus\":1,\"ID\":\"mine\"}"); // unknown fields are ignored on create, and the ID is the server's
    }

    @Test
    void create_fromRealClients_decodesTheirSpellings() {
        // Patroni (python-consul): lower-case keys, a fractional TTL string, no checks
        JsonPath patroni = info(create("{\"name\":\"pg-node1\",\"checks\":[],\"lockdelay\":\"0.001s\","
                + "\"behavior\":\"delete\",\"ttl\":\"15.0s\"}"));
        assertEquals("15.0s", patroni.getString("[0].TTL"), "the TTL is kept verbatim");
        assertEquals(1000000L, patroni.getLong("[0].LockDelay"));
        assertEquals("delete", patroni.getString("[0].Behavior"));
        assertEquals(List.of(), patroni.getList("[0].NodeChecks"));
        // Ansible consul_session: a bare integer lock-delay (seconds by the < 1000 rule), nulls
        JsonPath ansible = info(create("{\"LockDelay\":15,\"Node\":null,\"Name\":\"s1\",\"Checks\":null,"
                + "\"Behavior\":\"release\"}"));
        assertEquals(15000000000L, ansible.getLong("[0].LockDelay"));
        assertEquals(NODE, ansible.getString("[0].Node"));
        assertEquals(List.of(), ansible.getList("[0].NodeChecks"));
        assertEquals(20000000000L, info(create("{\"LockDelay\":\"20ns\"}")).getLong("[0].LockDelay"));
        assertEquals(-5000000000L, info(create("{\"LockDelay\":-5}")).getLong("[0].LockDelay"));
        assertEquals(15000000000L, info(create("{\"LockDelay\":15000000000}")).getLong("[0].LockDelay"));
    }

    @Test
    void create_refusals_haveConsulsStatusAndText_andCreateNothing() {
        registry.request().body("{\"LockDelay\":\"20\"}").put("/v1/session/create").then().statusCode(400)
                .body(equalTo("Request decode failed: time: missing unit in duration \"20\""));
        registry.request().body("{\"Checks\":\"one\"}").put("/v1/session/create").then().statusCode(400)
                .body(startsWith("Request decode failed: json: cannot unmarshal string into Go struct field"));
        registry.request().body("{\"TTL\":30}").put("/v1/session/create").then().statusCode(400)
                .body(startsWith("Request decode failed: json: cannot unmarshal number into Go struct field"));
        registry.request().body("{").put("/v1/session/create").then().statusCode(400)
                .body(startsWith("Request decode failed:"));
        createFails("{\"TTL\":\"100ms\"}", 500, "Invalid Session TTL '100000000', must be between [200ms=24h0m0s]");
        createFails("{\"TTL\":\"25h\"}", 500, "Invalid Session TTL '90000000000000', must be between [200ms=24h0m0s]");
        createFails("{\"TTL\":\"abc\"}", 500, "Session TTL 'abc' invalid: time: invalid duration \"abc\"");
        createFails("{\"TTL\":\"10\"}", 500, "Session TTL '10' invalid: time: missing unit in duration \"10\"");
        createFails("{\"Behavior\":\"nope\"}", 500, "Invalid Behavior setting 'nope'");
        createFails("{\"Node\":\"\"}", 500, "Must provide Node");
        createFails("{\"Node\":\"ghost\"}", 500, "Missing node registration");
        createFails("{\"Checks\":[\"nope\"]}", 500, "Missing check 'nope' registration");
        registry.request().get("/v1/session/list").then().statusCode(200).body(equalTo("[]"));
        // a zero TTL is no TTL
        assertEquals("0s", info(create("{\"TTL\":\"0s\"}")).getString("[0].TTL"));
    }

    @Test
    void infoListNode_andDestroy() {
        registry.request().get("/v1/session/list").then().statusCode(200).body(equalTo("[]"));
        registry.request().get("/v1/session/node/" + NODE).then().statusCode(200).body(equalTo("[]"));
        Response unknown = registry.request().get("/v1/session/info/adf4238a-882b-9ddc-4a9d-5b6758e4159e");
        unknown.then().statusCode(200).body(equalTo("[]"));
        assertTrue(index(unknown) >= 1, "never index 0");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(create("{}"));
        }
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        registry.request().get("/v1/session/list").then().statusCode(200).body("ID", equalTo(sorted));
        registry.request().get("/v1/session/node/" + NODE.toUpperCase()).then().statusCode(200)
                .body("ID", equalTo(sorted));
        registry.request().get("/v1/session/node/elsewhere").then().statusCode(200).body(equalTo("[]"));
        registry.request().put("/v1/session/destroy/" + ids.get(0)).then().statusCode(200).body(equalTo("true"));
        registry.request().put("/v1/session/destroy/" + ids.get(0)).then().statusCode(200).body(equalTo("true"));
        registry.request().get("/v1/session/info/" + ids.get(0)).then().statusCode(200).body(equalTo("[]"));
        registry.request().put("/v1/session/destroy/").then().statusCode(400).body(equalTo("Missing session"));
        registry.request().get("/v1/session/info/").then().statusCode(400).body(equalTo("Missing session"));
        registry.request().get("/v1/session/node/").then().statusCode(400).body(equalTo("Missing node name"));
        registry.request().get("/v1/session/destroy/x").then().statusCode(405);
    }

    @Test
    void renew_answersTheStoredSession_andIsNotAWrite() {
        String id = create("{\"TTL\":\"15s\"}");
        long before = index(registry.request().get("/v1/session/list"));
        Response r = registry.request().put("/v1/session/renew/" + id);
        r.then().statusCode(200).body("[0].ID", equalTo(id)).body("[0].TTL", equalTo("15s"));
        assertNull(r.header("X-Consul-Index"));
        assertEquals(before, index(registry.request().get("/v1/session/list")), "renew moves no index");
        registry.request().put("/v1/session/renew/nope").then().statusCode(404)
                .body(equalTo("Session id 'nope' not found"));
        registry.request().put("/v1/session/renew/").then().statusCode(400).body(equalTo("Missing session"));
    }

    @Test
    void ttlSession_endsAfterTwiceItsTtl_andABlockedInfoSeesIt() throws Exception {
        String id = create("{\"TTL\":\"250ms\"}");
        assertEquals("250ms", info(id).getString("[0].TTL"));
        Response listed = registry.request().get("/v1/session/info/" + id);
        long at = index(listed);
        long start = System.nanoTime();
        HttpResponse<String> r = registry.blockingGet("/v1/session/info/" + id, at, "10s").get(15, TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("[]", r.body());
        assertTrue(Long.parseLong(r.headers().firstValue("X-Consul-Index").orElseThrow()) > at);
        assertTrue(tookMillis >= 400, "not before 2 x TTL (minus the request's own latency): " + tookMillis + " ms");
    }

    @Test
    void acquireAndRelease_fromTwoSessions() {
        String s1 = create("{}");
        String s2 = create("{}");
        registry.request().put("/v1/kv/test?acquire=" + s1).then().statusCode(200).body(equalTo("true"));
        registry.request().get("/v1/kv/test").then().statusCode(200).body("[0].Session", equalTo(s1))
                .body("[0].LockIndex", equalTo(1)).body("[0].Value", nullValue());
        registry.request().body("node2").put("/v1/kv/test?acquire=" + s2).then().statusCode(200).body(equalTo("false"));
        registry.request().put("/v1/kv/test?release=" + s2).then().statusCode(200).body(equalTo("false"));
        registry.request().put("/v1/kv/test?release=" + s1).then().statusCode(200).body(equalTo("true"));
        registry.request().get("/v1/kv/test").then().statusCode(200).body("[0]", not(hasKey("Session")))
                .body("[0].LockIndex", equalTo(1));
        registry.request().body("node2").put("/v1/kv/test?acquire=" + s2).then().statusCode(200).body(equalTo("true"));
        registry.request().get("/v1/kv/test").then().body("[0].LockIndex", equalTo(2)).body("[0].Value", equalTo("bm9kZTI="));
        registry.request().put("/v1/kv/k?acquire=00000000-0000-0000-0000-000000000000").then().statusCode(500)
                .body(equalTo("invalid session \"00000000-0000-0000-0000-000000000000\""));
        // Go's api.Lock flag round-trips unsigned
        String s3 = create("{}");
        registry.request().put("/v1/kv/locks/job/.lock?acquire=" + s3 + "&flags=3304740253564472344").then()
                .body(equalTo("true"));
        assertTrue(registry.request().get("/v1/kv/locks/job/.lock").asString().contains("\"Flags\":3304740253564472344"));
    }

    @Test
    void destroyingADeleteSession_deletesItsKeys_andWakesTheWatcher() throws Exception {
        String id = create("{\"Behavior\":\"delete\",\"LockDelay\":\"1ms\"}");
        registry.request().body("test").put("/v1/kv/ephemeral?acquire=" + id).then().body(equalTo("true"));
        long m = registry.request().get("/v1/kv/ephemeral").jsonPath().getLong("[0].ModifyIndex");
        CompletableFuture<HttpResponse<String>> watcher = registry.blockingGet("/v1/kv/ephemeral", m, "20s");
        Thread.sleep(200); // let the request reach the server and block (a real-network wait, not a unit timer)
        registry.request().put("/v1/session/destroy/" + id).then().body(equalTo("true"));
        HttpResponse<String> r = watcher.get(10, TimeUnit.SECONDS);
        assertEquals(404, r.statusCode());
        assertTrue(Long.parseLong(r.headers().firstValue("X-Consul-Index").orElseThrow()) > m);
    }

    @Test
    void releaseSession_keepsTheValue_andLockDelayRefusesTheNextAcquire() {
        String id = create("{\"LockDelay\":\"30s\"}");
        registry.request().body("v1").put("/v1/kv/lead?acquire=" + id).then().body(equalTo("true"));
        registry.request().put("/v1/session/destroy/" + id).then().body(equalTo("true"));
        registry.request().get("/v1/kv/lead").then().body("[0]", not(hasKey("Session"))).body("[0].Value", equalTo("djE="));
        String other = create("{}");
        registry.request().body("v2").put("/v1/kv/lead?acquire=" + other).then().statusCode(200).body(equalTo("false"));
    }

    @Test
    void blockedNodeSessions_wakeForThatNodeOnly() throws Exception {
        registry.registerCatalog("{\"Node\":\"other\",\"Address\":\"127.0.0.2\"}");
        long at = index(registry.request().get("/v1/session/node/" + NODE));
        CompletableFuture<HttpResponse<String>> watcher = registry.blockingGet("/v1/session/node/" + NODE, at, "20s");
        Thread.sleep(300); // let the request block
        create("{\"Node\":\"other\",\"Checks\":[]}");
        Thread.sleep(300);
        assertFalse(watcher.isDone(), "a session on another node does not wake it");
        String mine = create("{}");
        HttpResponse<String> r = watcher.get(10, TimeUnit.SECONDS);
        assertTrue(r.body().contains(mine), r.body());
    }

    @Test
    void agentSelf_reportsSessionTtlMin_inNanoseconds() {
        registry.request().get("/v1/agent/self").then().statusCode(200)
                .body("Config.SessionTTLMin", equalTo(200000000));
    }
}
