package dev.muster.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.testing.InMemoryRegistry;
import dev.muster.testing.TestRegistry;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code PUT /v1/txn} over real HTTP, after Consul's agent/txn_endpoint_test.go and state/txn_test.go
 * (kv-sessions spec §11.4 T-1…T-12, C-8): limits and their texts, every KV verb, one index per transaction,
 * all-or-nothing with every error reported, read-only transactions without an index, and catalog operations.
 */
class TxnApiIT {
    @RegisterExtension
    final InMemoryRegistry registry = new InMemoryRegistry();

    private Response txn(String body) {
        return registry.request().body(body).put("/v1/txn");
    }

    private String session() {
        return registry.request().put("/v1/session/create").then().statusCode(200).extract().jsonPath().getString("ID");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    private static String kv(String verb, String key, String extra) {
        return "{\"KV\":{\"Verb\":\"" + verb + "\",\"Key\":\"" + key + "\"" + extra + "}}";
    }

    private long modifyIndex(String key) {
        return registry.request().get("/v1/kv/" + key).jsonPath().getLong("[0].ModifyIndex");
    }

    @Test
    void badBodies_andLimits_haveConsulsTexts() {
        txn("{").then().statusCode(400).body(startsWith("Failed to parse body:"));
        txn("{}").then().statusCode(400).body(startsWith("Failed to parse body:"));
        txn("[{\"KV\":{\"Verb\":\"set\",\"Key\":\"k\",\"Bogus\":1}}]").then().statusCode(400)
                .body(equalTo("Failed to parse body: json: unknown field \"Bogus\""));
        txn("[{\"KV\":{\"Verb\":\"set\",\"Key\":\"k\",\"Value\":\"!!!\"}}]").then().statusCode(400)
                .body(equalTo("Failed to parse body: illegal base64 data at input byte 0"));
        txn("[{\"KV\":{\"Verb\":\"set\",\"Key\":\"k\",\"Flags\":-1}}]").then().statusCode(400)
                .body(startsWith("Failed to parse body: json: cannot unmarshal number -1"));
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            ops.add(kv("get", "key", ""));
        }
        ops.add(kv("set", "key", ",\"Value\":\"" + b64("x") + "\""));
        txn("[" + String.join(",", ops) + "]").then().statusCode(413)
                .body(equalTo("Transaction contains too many operations (257 > 128)"));
        String big = "x".repeat(600 * 1024);
        txn("[" + kv("set", "key", ",\"Value\":\"" + big + "\"") + "]").then().statusCode(413)
                .body(startsWith("Request body(")).body(containsString("too large, max size: 524288 bytes."));
        registry.request().get("/v1/kv/key").then().statusCode(404);
        registry.request().get("/v1/txn").then().statusCode(405);
    }

    @Test
    void kvActions_lockGetCas_atOneIndex() {
        String s = session();
        Response locked = txn("[" + kv("lock", "key", ",\"Value\":\"aGVsbG8gd29ybGQ=\",\"Flags\":23,\"Session\":\"" + s + "\"")
                + "," + kv("get", "key", "") + "]");
        locked.then().statusCode(200).contentType("application/json").body("Errors", nullValue())
                .body("Results", hasSize(2))
                .body("Results[0].KV.Key", equalTo("key")).body("Results[0].KV.Value", nullValue())
                .body("Results[0].KV.Flags", equalTo(23)).body("Results[0].KV.Session", equalTo(s))
                .body("Results[0].KV.LockIndex", equalTo(1))
                .body("Results[1].KV.Value", equalTo("aGVsbG8gd29ybGQ="));
        JsonPath j = locked.jsonPath();
        long index = j.getLong("Results[0].KV.ModifyIndex");
        assertEquals(index, j.getLong("Results[0].KV.CreateIndex"));
        assertNull(locked.header("X-Consul-Index"));

        Response read = txn("[" + kv("get", "key", "") + "," + kv("get-tree", "key", "") + "]");
        read.then().statusCode(200).body("Results", hasSize(2)).body("Results[1].KV.Value", equalTo("aGVsbG8gd29ybGQ="));
        assertEquals("true", read.header("X-Consul-KnownLeader"));
        assertEquals("0", read.header("X-Consul-LastContact"));
        assertNull(read.header("X-Consul-Index"), "a read-only transaction carries no index");

        Response cas = txn("[" + kv("cas", "key", ",\"Value\":\"Z29vZGJ5ZSB3b3JsZA==\",\"Index\":" + index) + ","
                + kv("get", "key", "") + "]");
        cas.then().statusCode(200).body("Results[0].KV.CreateIndex", equalTo((int) index))
                .body("Results[0].KV.Session", equalTo(s)).body("Results[0].KV.LockIndex", equalTo(0))
                .body("Results[0].KV.Flags", equalTo(0)).body("Results[1].KV.Value", equalTo("Z29vZGJ5ZSB3b3JsZA=="));
        assertTrue(cas.jsonPath().getLong("Results[0].KV.ModifyIndex") > index);

        txn("[" + kv("lock", "key", ",\"Session\":\"nope\"") + "," + kv("get", "key", "") + "]").then().statusCode(409)
                .body("Results", nullValue()).body("Errors[0].OpIndex", equalTo(0))
                .body("Errors[0].What", containsString("invalid session"));
    }

    @Test
    void failures_areAllReported_andNothingIsApplied() {
        registry.request().body("x").put("/v1/kv/foo/delete").then().body(equalTo("true"));
        registry.request().body("x").put("/v1/kv/foo/update").then().body(equalTo("true"));
        String s = session();
        registry.request().put("/v1/kv/foo/lock?acquire=" + s).then().body(equalTo("true"));
        String bogus = session();
        long before = Long.parseLong(registry.request().get("/v1/kv/foo?recurse").header("X-Consul-Index"));
        String ops = String.join(",", List.of(
                kv("set", "foo/new", ",\"Value\":\"" + b64("v") + "\""),
                kv("cas", "foo/update", ",\"Index\":1"),
                kv("lock", "foo/lock", ",\"Session\":\"" + bogus + "\""),
                kv("unlock", "foo/lock", ",\"Session\":\"" + bogus + "\""),
                kv("check-session", "foo/lock", ",\"Session\":\"" + bogus + "\""),
                kv("get", "nope", ""),
                kv("check-index", "foo/lock", ",\"Index\":999999"),
                kv("check-index", "nope", ",\"Index\":6"),
                kv("nope", "foo/x", ""),
                kv("delete", "foo/delete", "")));
        Response r = txn("[" + ops + "]");
        r.then().statusCode(409).contentType("application/json").body("Results", nullValue()).body("Errors", hasSize(8));
        JsonPath j = r.jsonPath();
        List<String> what = j.getList("Errors.What");
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), j.getList("Errors.OpIndex"));
        assertEquals("failed to set key \"foo/update\", index is stale", what.get(0));
        assertEquals("failed to lock key \"foo/lock\", lock is already held", what.get(1));
        assertEquals("failed to unlock key \"foo/lock\", lock isn't held, or is held by another session", what.get(2));
        assertEquals("failed session check for key \"foo/lock\", current session \"" + s + "\" != \"" + bogus + "\"",
                what.get(3));
        assertEquals("key \"nope\" doesn't exist", what.get(4));
        assertTrue(what.get(5).startsWith("failed index check for key \"foo/lock\", current modify index "), what.get(5));
        assertEquals("failed to check index, key \"nope\" doesn't exist", what.get(6));
        assertEquals("unknown KV verb \"nope\"", what.get(7));
        registry.request().get("/v1/kv/foo/new").then().statusCode(404);
        registry.request().get("/v1/kv/foo/delete").then().statusCode(200);
        assertEquals(before, Long.parseLong(registry.request().get("/v1/kv/foo?recurse").header("X-Consul-Index")),
                "a rolled-back transaction moves no index");
    }

    @Test
    void readOnly_treeAndChecks_inOrder() {
        for (String k : new String[] {"foo", "foo/bar/baz", "foo/bar/zip"}) {
            registry.request().body(k).put("/v1/kv/" + k).then().body(equalTo("true"));
        }
        Response r = txn("[" + kv("get-tree", "foo/bar", "") + "," + kv("get", "foo", "") + ","
                + kv("check-session", "foo/bar/baz", ",\"Session\":\"\"") + "," + kv("check-session", "foo/bar/zip", "")
                + "]");
        r.then().statusCode(200).body("Results.KV.Key", equalTo(List.of("foo/bar/baz", "foo/bar/zip", "foo",
                "foo/bar/baz", "foo/bar/zip"))).body("Results[3].KV.Value", nullValue())
                .body("Results[0].KV.Value", equalTo(b64("foo/bar/baz")));
        txn("[" + kv("get-tree", "", "") + "]").then().statusCode(409).body("Errors[0].What", equalTo("Must provide key"));
        txn("[" + kv("check-not-exists", "foo", "") + "]").then().statusCode(409)
                .body("Errors[0].What", equalTo("key \"foo\" exists"));
        txn("[" + kv("check-not-exists", "nofoo", "") + "]").then().statusCode(200).body("Results", hasSize(0));
    }

    @Test
    void vaultProbe_128GetOrEmpty_answersEmptyEntries() {
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            ops.add(kv("get-or-empty", "vault/F35C28E1-7035-40BB-B865-6BED9E3A1B28", ""));
        }
        txn("[" + String.join(",", ops) + "]").then().statusCode(200).body("Results", hasSize(128))
                .body("Results[127].KV.Value", nullValue())
                .body("Results[0].KV.Key", equalTo("vault/F35C28E1-7035-40BB-B865-6BED9E3A1B28"));
    }

    @Test
    void unchangedEntries_keepTheirIndex_andDeletesCas() {
        registry.request().body("a").put("/v1/kv/foo/a").then().body(equalTo("true"));
        registry.request().body("bar").put("/v1/kv/foo/b").then().body(equalTo("true"));
        long a = modifyIndex("foo/a");
        long b = modifyIndex("foo/b");
        Response r = txn("[" + kv("cas", "foo/a", ",\"Index\":" + a + ",\"Value\":\"" + b64("new") + "\"") + ","
                + kv("cas", "foo/b", ",\"Index\":" + b + ",\"Value\":\"" + b64("bar") + "\"") + "]");
        r.then().statusCode(200);
        assertTrue(r.jsonPath().getLong("Results[0].KV.ModifyIndex") > b);
        assertEquals(b, r.jsonPath().getLong("Results[1].KV.ModifyIndex"), "a no-op keeps its index");
        txn("[" + kv("delete-cas", "foo/b", ",\"Index\":1") + "]").then().statusCode(409)
                .body("Errors[0].What", equalTo("failed to delete key \"foo/b\", index is stale"));
        txn("[" + kv("delete-cas", "foo/b", ",\"Index\":" + b) + "," + kv("delete-cas", "foo/missing", ",\"Index\":5")
                + "," + kv("delete-tree", "foo/a", "") + "]").then().statusCode(200).body("Results", hasSize(0));
        registry.request().get("/v1/kv/foo?recurse").then().statusCode(404);
    }

    @Test
    void catalogOperations_setGetDelete_andInvalidateSessions() {
        Response set = txn("[{\"Node\":{\"Verb\":\"set\",\"Node\":{\"Node\":\"n1\",\"Address\":\"10.0.0.1\"}}},"
                + "{\"Service\":{\"Verb\":\"set\",\"Node\":\"n1\",\"Service\":{\"ID\":\"web1\",\"Service\":\"web\","
                + "\"Port\":80}}},{\"Check\":{\"Verb\":\"set\",\"Check\":{\"Node\":\"n1\",\"CheckID\":\"alive\","
                + "\"Name\":\"alive\",\"Status\":\"passing\"}}}]");
        set.then().statusCode(200).body("Results[0].Node.Node", equalTo("n1"))
                .body("Results[0].Node.Datacenter", equalTo("dc1")).body("Results[1].Service.ID", equalTo("web1"))
                .body("Results[2].Check.Status", equalTo("passing"));
        long index = set.jsonPath().getLong("Results[0].Node.ModifyIndex");
        assertEquals(index, set.jsonPath().getLong("Results[1].Service.ModifyIndex"), "one index for the transaction");
        registry.request().get("/v1/catalog/service/web").then().body("Node", equalTo(List.of("n1")));
        String s = registry.request().body("{\"Node\":\"n1\",\"NodeChecks\":[\"alive\"]}").put("/v1/session/create").then()
                .statusCode(200).extract().jsonPath().getString("ID");
        txn("[{\"Node\":{\"Verb\":\"get\",\"Node\":{\"Node\":\"n1\"}}},{\"Service\":{\"Verb\":\"get\",\"Node\":\"n1\","
                + "\"Service\":{\"ID\":\"web1\",\"Service\":\"web\"}}}]").then().statusCode(200)
                .body("Results[0].Node.Address", equalTo("10.0.0.1")).body("Results[1].Service.Port", equalTo(80));
        txn("[{\"Node\":{\"Verb\":\"get\",\"Node\":{\"Node\":\"ghost\"}}}]").then().statusCode(409)
                .body("Errors[0].What", equalTo("node \"ghost\" doesn't exist"));
        txn("[{\"Node\":{\"Verb\":\"cas\",\"Node\":{\"Node\":\"n1\",\"Address\":\"10.0.0.2\",\"ModifyIndex\":1}}}]")
                .then().statusCode(409).body("Errors[0].What", equalTo("failed to set node \"n1\", index is stale"));
        txn("[{\"Node\":{\"Verb\":\"nope\",\"Node\":{\"Node\":\"n1\"}}}]").then().statusCode(409)
                .body("Errors[0].What", equalTo("unknown Node verb \"nope\""));
        txn("[{\"Check\":{\"Verb\":\"set\",\"Check\":{\"Node\":\"n1\",\"CheckID\":\"alive\",\"Name\":\"alive\","
                + "\"Status\":\"critical\"}}}]").then().statusCode(200);
        registry.request().get("/v1/session/info/" + s).then().statusCode(200).body(equalTo("[]"));
        txn("[{\"Node\":{\"Verb\":\"delete\",\"Node\":{\"Node\":\"n1\"}}}]").then().statusCode(200)
                .body("Results", hasSize(0));
        registry.request().get("/v1/catalog/service/web").then().body(equalTo("[]"));
        registry.request().get("/v1/catalog/node/" + TestRegistry.NODE).then().statusCode(200);
    }
}
