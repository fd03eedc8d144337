package dev.muster.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.testing.InMemoryRegistry;
import io.restassured.response.Response;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /v1/kv/*} over real HTTP, after Consul's agent/kvs_endpoint_test.go (kv-sessions spec §11.1, KV-1…KV-13):
 * shapes, index headers, presence flags, CAS, raw reads, Consul's error texts, body limit, unsigned flags,
 * and blocking reads that wake for their key or prefix only.
 */
class KvApiIT {
    @RegisterExtension
    final InMemoryRegistry registry = new InMemoryRegistry();

    private void put(String key, String body) {
        registry.request().body(body).put("/v1/kv/" + key).then().statusCode(200).body(equalTo("true"));
    }

    private static long index(Response r) {
        String header = r.header("X-Consul-Index");
        assertTrue(header != null && Long.parseLong(header) > 0, "X-Consul-Index must be > 0, was " + header);
        return Long.parseLong(header);
    }

    private long modifyIndex(String key) {
        return registry.request().get("/v1/kv/" + key).then().statusCode(200).extract().jsonPath()
                .getLong("[0].ModifyIndex");
    }

    @Test
    void putGetDelete_andRecurse_inKeyOrder() {
        for (String key : new String[] {"baz", "bar", "foo/sub1", "foo/sub2", "zip"}) {
            put(key, "test");
            Response r = registry.request().get("/v1/kv/" + key);
            r.then().statusCode(200).contentType("application/json").body("size()", equalTo(1))
                    .body("[0].Key", equalTo(key)).body("[0].Value", equalTo("dGVzdA==")).body("[0].Flags", equalTo(0))
                    .body("[0].LockIndex", equalTo(0)).body("[0]", not(hasKey("Session")));
            assertEquals(r.jsonPath().getLong("[0].ModifyIndex"), index(r), "a key reports its ModifyIndex");
            assertNull(r.header("X-Content-Type-Options"), "JSON answers carry no raw-value hardening");
        }
        registry.request().get("/v1/kv/?recurse").then().statusCode(200)
                .body("Key", contains("bar", "baz", "foo/sub1", "foo/sub2", "zip"));
        registry.request().get("/v1/kv/foo?recurse=false").then().statusCode(200)
                .body("Key", contains("foo/sub1", "foo/sub2"));
        registry.request().delete("/v1/kv/?recurse").then().statusCode(200).body(equalTo("true"));
        Response gone = registry.request().get("/v1/kv/?recurse");
        gone.then().statusCode(404).body(equalTo(""));
        index(gone);
    }

    @Test
    void missingKey_is404_withAnIndex_andKeysOnTheRootIsAnEmptyList() {
        Response r = registry.request().get("/v1/kv/missing");
        r.then().statusCode(404).body(equalTo(""));
        index(r);
        registry.request().get("/v1/kv/?keys").then().statusCode(200).body(equalTo("[]"));
        registry.request().get("/v1/kv/nothing/?keys").then().statusCode(404);
        registry.request().get("/v1/kv/").then().statusCode(400).body(equalTo("Missing key name"));
    }

    @Test
    void keys_withSeparator_rollUpDirectories_andTheTypoSpellingWorks() {
        for (String key : new String[] {"bar", "baz", "foo/sub1", "foo/sub2", "zip"}) {
            put(key, "x");
        }
        registry.request().get("/v1/kv/?keys&seperator=/").then().statusCode(200)
                .body("", contains("bar", "baz", "foo/", "zip"));
        registry.request().get("/v1/kv/?keys&separator=/&seperator=b").then().body("", contains("bar", "baz", "foo/", "zip"));
        registry.request().get("/v1/kv/foo/?keys").then().body("", contains("foo/sub1", "foo/sub2"));
    }

    @Test
    void deleteCas_andPutCas_withFlags() {
        put("test", "test");
        long m = modifyIndex("test");
        registry.request().delete("/v1/kv/test?cas=" + (m - 1)).then().statusCode(200).body(equalTo("false"));
        registry.request().delete("/v1/kv/test?cas=" + m).then().statusCode(200).body(equalTo("true"));
        registry.request().get("/v1/kv/test").then().statusCode(404);

        registry.request().body("test").put("/v1/kv/test?flags=50").then().body(equalTo("true"));
        registry.request().get("/v1/kv/test").then().body("[0].Flags", equalTo(50));
        long m2 = modifyIndex("test");
        registry.request().body("zip").put("/v1/kv/test?flags=42&cas=" + (m2 - 1)).then().body(equalTo("false"));
        registry.request().body("zip").put("/v1/kv/test?flags=42&cas=" + m2).then().body(equalTo("true"));
        registry.request().get("/v1/kv/test").then().body("[0].Flags", equalTo(42)).body("[0].Value", equalTo("emlw"));
        registry.request().body("new").put("/v1/kv/created?cas=0").then().body(equalTo("true"));
        registry.request().body("again").put("/v1/kv/created?cas=0").then().body(equalTo("false"));
    }

    @Test
    void flags_areUnsigned64Bit_endToEnd() {
        registry.request().body("s").put("/v1/kv/sem?flags=16210313421097356768").then().body(equalTo("true"));
        String body = registry.request().get("/v1/kv/sem").then().statusCode(200).extract().asString();
        assertTrue(body.contains("\"Flags\":16210313421097356768"), body);
        registry.request().body("s").put("/v1/kv/sem?flags=18446744073709551616").then().statusCode(500)
                .body(equalTo("strconv.ParseUint: parsing \"18446744073709551616\": value out of range"));
        registry.request().body("s").put("/v1/kv/sem?flags=-1").then().statusCode(500)
                .body(equalTo("strconv.ParseUint: parsing \"-1\": invalid syntax"));
        registry.request().body("s").put("/v1/kv/sem?cas=").then().statusCode(500)
                .body(equalTo("strconv.ParseUint: parsing \"\": invalid syntax"));
    }

    @Test
    void raw_servesTheBytes_withTheSandboxHeaders() {
        put("test", "<script>alert(1)</script>");
        Response r = registry.request().get("/v1/kv/test?raw");
        r.then().statusCode(200).body(equalTo("<script>alert(1)</script>"));
        assertEquals(1, r.headers().getList("Content-Type").size());
        assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals("sandbox", r.header("Content-Security-Policy"));
        index(r);
        registry.request().body("").put("/v1/kv/empty").then().body(equalTo("true"));
        registry.request().get("/v1/kv/empty").then().body("[0].Value", nullValue());
        registry.request().get("/v1/kv/empty?raw").then().statusCode(200).body(equalTo(""));
    }

    @Test
    void conflictingFlags_missingSession_andKeyChecks_useConsulsTexts() {
        registry.request().put("/v1/kv/test?cas=0&acquire=xxx").then().statusCode(400)
                .body(equalTo("Conflicting flags: acquire=xxx&cas=0\n"));
        registry.request().delete("/v1/kv/test?recurse&cas=0").then().statusCode(400)
                .body(equalTo("Conflicting flags: cas=0&recurse=\n"));
        registry.request().put("/v1/kv/test?acquire=").then().statusCode(500).body(equalTo("missing session"));
        registry.request().put("/v1/kv/test?release").then().statusCode(500).body(equalTo("missing session"));
        registry.request().put("/v1/kv/test?acquire=6d2b4e0c-0000-0000-0000-000000000000").then().statusCode(500)
                .body(equalTo("invalid session \"6d2b4e0c-0000-0000-0000-000000000000\""));
        registry.request().put("/v1/kv/test?release=6d2b4e0c-0000-0000-0000-000000000000").then().statusCode(200)
                .body(equalTo("false"));
        registry.request().put("/v1/kv/").then().statusCode(400).body(equalTo("Missing key name"));
        registry.request().delete("/v1/kv/").then().statusCode(400).body(equalTo("Missing key name"));
        registry.request().urlEncodingEnabled(false).put("/v1/kv/a/../admin").then().statusCode(400);
        registry.request().urlEncodingEnabled(false).put("/v1/kv/%2Fleading").then().statusCode(400)
                .body(equalTo("key must not begin with a '/'"));
        registry.request().get("/v1/kv/test").then().statusCode(404);
        registry.request().urlEncodingEnabled(false).body("v").put("/v1/kv/app%2Fconfig%3Fnot-a-query%20x")
                .then().body(equalTo("true"));
        registry.request().get("/v1/kv/?recurse").then().body("Key", contains("app/config?not-a-query x"));
    }

    @Test
    void bodyOverTheLimit_is413_andNothingIsStored() {
        String big = "x".repeat(KvEndpoints.MAX_VALUE_BYTES + 1);
        registry.request().body(big).put("/v1/kv/big").then().statusCode(413)
                .body(equalTo("Request body(524289 bytes) too large, max size: 524288 bytes. See "
                        + "https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size."));
        registry.request().get("/v1/kv/big").then().statusCode(404);
        registry.request().body("x".repeat(KvEndpoints.MAX_VALUE_BYTES)).put("/v1/kv/big").then().body(equalTo("true"));
    }

    @Test
    void blockingReads_returnWhenTheirKeyOrPrefixChanges_notForOtherKeys() throws Exception {
        put("svc/a", "1");
        put("other", "1");
        long key = modifyIndex("svc/a");
        Response listed = registry.request().get("/v1/kv/svc/?recurse");
        long prefix = index(listed);

        CompletableFuture<HttpResponse<String>> onKey = registry.blockingGet("/v1/kv/svc/a", key, "20s");
        CompletableFuture<HttpResponse<String>> onPrefix = registry.blockingGet("/v1/kv/svc/?recurse", prefix, "20s");
        Thread.sleep(300); // let the requests reach the server and block (a real-network wait, not a unit timer)
        put("other", "2");
        put("svcX", "2");
        Thread.sleep(300);
        assertFalse(onKey.isDone() || onPrefix.isDone(), "writes to other keys wake neither a key nor a prefix");

        put("svc/b", "2");
        HttpResponse<String> p = onPrefix.get(10, TimeUnit.SECONDS);
        assertEquals(200, p.statusCode());
        assertTrue(Long.parseLong(p.headers().firstValue("X-Consul-Index").orElseThrow()) > prefix);
        assertTrue(p.body().contains("svc/b"), p.body());
        assertFalse(onKey.isDone(), "svc/b is not svc/a");

        put("svc/a", "3");
        HttpResponse<String> k = onKey.get(10, TimeUnit.SECONDS);
        assertEquals(modifyIndex("svc/a"), Long.parseLong(k.headers().firstValue("X-Consul-Index").orElseThrow()));
    }

    /**
     * A missing key or an empty prefix reports the table index, so any KV write answers it with a 404 at a higher
     * index (Consul's classic behaviour, kv-sessions §2.2). Spring Cloud Consul Config relies on it: it walks its
     * contexts one blocking read after the other, most of them missing, and would otherwise sit 55 s on each.
     */
    @Test
    void blockingReadOfAMissingKey_returnsAfterAnyKvWrite_andWhenTheKeyAppears() throws Exception {
        long missingIndex = index(registry.request().get("/v1/kv/leader"));
        CompletableFuture<HttpResponse<String>> onMissing = registry.blockingGet("/v1/kv/leader", missingIndex, "20s");
        CompletableFuture<HttpResponse<String>> onEmpty = registry.blockingGet("/v1/kv/config/app,dev/?recurse",
                missingIndex, "20s");
        Thread.sleep(300); // let the requests block
        assertFalse(onMissing.isDone() || onEmpty.isDone(), "no write yet");
        put("config/app/data", "x");
        for (CompletableFuture<HttpResponse<String>> watcher : List.of(onMissing, onEmpty)) {
            HttpResponse<String> r = watcher.get(10, TimeUnit.SECONDS);
            assertEquals(404, r.statusCode());
            assertTrue(Long.parseLong(r.headers().firstValue("X-Consul-Index").orElseThrow()) > missingIndex);
        }
        long now = index(registry.request().get("/v1/kv/leader"));
        CompletableFuture<HttpResponse<String>> again = registry.blockingGet("/v1/kv/leader", now, "20s");
        Thread.sleep(200);
        put("leader", "me");
        HttpResponse<String> m = again.get(10, TimeUnit.SECONDS);
        assertEquals(200, m.statusCode());
        assertTrue(m.body().contains("\"Key\":\"leader\""), m.body());
    }

    @Test
    void deletingTheLeaderKey_answersABlockedReader_with404AndAHigherIndex() throws Exception {
        put("service/pg/leader", "node1");
        long m = modifyIndex("service/pg/leader");
        CompletableFuture<HttpResponse<String>> watcher = registry.blockingGet("/v1/kv/service/pg/leader", m, "20s");
        Thread.sleep(200);
        registry.request().delete("/v1/kv/service/pg/leader").then().body(equalTo("true"));
        HttpResponse<String> r = watcher.get(10, TimeUnit.SECONDS);
        assertEquals(404, r.statusCode());
        assertTrue(Long.parseLong(r.headers().firstValue("X-Consul-Index").orElseThrow()) > m,
                "Patroni sees the leader key's deletion by a new index");
    }
}
