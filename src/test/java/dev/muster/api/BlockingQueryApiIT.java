package dev.muster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.testing.Fixtures;
import dev.muster.testing.InMemoryRegistry;
import dev.muster.testing.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Blocking queries end to end: a write wakes exactly the watchers of the data it changed, fast; a quiet
 * wait returns the same index after the wait; hundreds of watchers are held without a thread each.
 */
class BlockingQueryApiIT {
    @RegisterExtension
    final InMemoryRegistry registry = new InMemoryRegistry();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Registers and returns when the acknowledgement arrived. */
    private long register(String body) {
        registry.registerCatalog(body);
        return System.nanoTime();
    }

    private long currentIndex(String path) {
        return Long.parseLong(registry.request().get(path).header("X-Consul-Index"));
    }

    private static long indexOf(HttpResponse<String> r) {
        return Long.parseLong(r.headers().firstValue("X-Consul-Index").orElseThrow());
    }

    /** Waits until the request is parked on the server (it must not have answered yet). */
    private static void assertStillBlocked(CompletableFuture<?> f, long millis) throws Exception {
        Thread.sleep(millis);
        assertFalse(f.isDone(), "blocking query answered without a change");
    }

    @Test
    void healthService_registrationWakesWatcherWithin100ms() throws Exception {
        register(Fixtures.nodeWithService("n", "127.0.0.1", "web", "web0", "passing"));
        for (int round = 1; round <= 3; round++) {
            long index = currentIndex("/v1/health/service/web");
            CompletableFuture<HttpResponse<String>> f = registry.blockingGet("/v1/health/service/web", index, "5s");
            assertStillBlocked(f, 200);
            long written = register(Fixtures.nodeWithService("n", "127.0.0.1", "web", "web" + round, "passing"));
            HttpResponse<String> r = f.get(5, TimeUnit.SECONDS);
            long answeredMillis = (System.nanoTime() - written) / 1_000_000;
            assertEquals(200, r.statusCode());
            assertTrue(indexOf(r) > index);
            assertTrue(r.body().contains("web" + round));
            if (round > 1) {
                assertTrue(answeredMillis <= 100, "woke " + answeredMillis + " ms after the write was acknowledged");
            }
        }
    }

    @Test
    void wait_noChange_returnsSameIndexAfterWait() throws Exception {
        register(Fixtures.nodeWithService("n", "127.0.0.1", "web", "web0", "passing"));
        long index = currentIndex("/v1/health/service/web");
        long start = System.nanoTime();
        HttpResponse<String> r = registry.blockingGet("/v1/health/service/web", index, "200ms").get(5, TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertEquals(index, indexOf(r));
        assertTrue(tookMillis >= 200, "returned after " + tookMillis + " ms");
        assertTrue(r.body().contains("web0"));
    }

    @Test
    void otherServiceChange_doesNotWake() throws Exception {
        register(Fixtures.nodeWithService("n", "127.0.0.1", "web", "web0", "passing"));
        long index = currentIndex("/v1/catalog/service/web");
        CompletableFuture<HttpResponse<String>> f = registry.blockingGet("/v1/catalog/service/web", index, "1s");
        register(Fixtures.nodeWithService("n2", "127.0.0.2", "db", "db0", "passing"));
        assertStillBlocked(f, 400);
        assertEquals(index, indexOf(f.get(5, TimeUnit.SECONDS)));
    }

    @Test
    void nodeLevelCheckChange_wakesServicesOfThatNode() throws Exception {
        register(Fixtures.nodeWithService("n", "127.0.0.1", "web", "web0", "passing"));
        long index = currentIndex("/v1/health/service/web");
        CompletableFuture<HttpResponse<String>> f = registry.blockingGet("/v1/health/service/web?passing", index, "5s");
        assertStillBlocked(f, 100);
        register("{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"Check\":{\"Name\":\"disk\",\"Status\":\"critical\"}}");
        HttpResponse<String> r = f.get(5, TimeUnit.SECONDS);
        assertTrue(indexOf(r) > index);
        assertEquals("[]", r.body());
    }

    @Test
    void filteredResultShrinking_stillWakes() throws Exception {
        register("{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"web\",\"Service\":\"web\",\"Tags\":[\"foo\"]}}");
        long index = currentIndex("/v1/health/service/web");
        CompletableFuture<HttpResponse<String>> f = registry.blockingGet("/v1/health/service/web?filter=%22foo%22%20in%20Service.Tags",
                index, "5s");
        assertStillBlocked(f, 100);
        register("{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"web\",\"Service\":\"web\",\"Tags\":[\"bar\"]}}");
        HttpResponse<String> r = f.get(5, TimeUnit.SECONDS);
        assertEquals("[]", r.body());
        assertTrue(indexOf(r) > index);
    }

    @Test
    void missingService_wakesWhenItAppears() throws Exception {
        long index = currentIndex("/v1/catalog/service/later");
        CompletableFuture<HttpResponse<String>> f = registry.blockingGet("/v1/catalog/service/later", index, "5s");
        assertStillBlocked(f, 100);
        register(Fixtures.nodeWithService("n", "127.0.0.1", "later", "later1", "passing"));
        assertTrue(f.get(5, TimeUnit.SECONDS).body().contains("later1"));
    }

    @Test
    void indexAheadOfServer_blocksUntilTimeout() throws Exception {
        long index = currentIndex("/v1/catalog/nodes");
        long start = System.nanoTime();
        HttpResponse<String> r = registry.blockingGet("/v1/catalog/nodes", index + 1000, "300ms").get(5, TimeUnit.SECONDS);
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 300);
        assertEquals(index, indexOf(r));
    }

    @Test
    void threeHundredWatchers_allWokenByOneRegistration() throws Exception {
        register(Fixtures.nodeWithService("n", "127.0.0.1", "web", "web0", "passing"));
        long index = currentIndex("/v1/health/service/web");
        List<CompletableFuture<HttpResponse<String>>> watchers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            watchers.add(registry.blockingGet("/v1/health/service/web", index, "30s"));
        }
        assertStillBlocked(CompletableFuture.anyOf(watchers.toArray(CompletableFuture[]::new)), 1000);
        register(Fixtures.nodeWithService("n", "127.0.0.1", "web", "web1", "passing"));
        CompletableFuture.allOf(watchers.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        for (CompletableFuture<HttpResponse<String>> w : watchers) {
            HttpResponse<String> r = w.get();
            assertEquals(200, r.statusCode());
            assertTrue(indexOf(r) > index);
            assertTrue(r.body().contains("web1"));
        }
    }

    @Test
    void shutdown_answersHeldQueriesInsteadOfCuttingThem() throws Exception {
        TestRegistry own = TestRegistry.inMemory();
        long index = Long.parseLong(own.request().get("/v1/catalog/nodes").header("X-Consul-Index"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(own.baseUrl() + "/v1/catalog/nodes?index=" + index
                + "&wait=5m")).build();
        CompletableFuture<HttpResponse<String>> held = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        assertStillBlocked(held, 300);
        long start = System.nanoTime();
        own.close();
        HttpResponse<String> r = held.get(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals(index, indexOf(r));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000, "held query answered at shutdown");
    }

    @Test
    void catalogServices_bareNodeRegistration_doesNotWake() throws Exception {
        long index = currentIndex("/v1/catalog/services");
        CompletableFuture<HttpResponse<String>> f = registry.blockingGet("/v1/catalog/services", index, "1s");
        register("{\"Node\":\"bare\",\"Address\":\"127.0.0.9\"}");
        assertStillBlocked(f, 400);
        assertEquals(index, indexOf(f.get(5, TimeUnit.SECONDS)));
    }

    @Test
    void healthNode_otherNodesCheck_doesNotWake_ownCheckDoes() throws Exception {
        register("{\"Node\":\"h1\",\"Address\":\"127.0.0.1\"}");
        register("{\"Node\":\"h2\",\"Address\":\"127.0.0.2\"}");
        long index = currentIndex("/v1/health/node/h2");
        CompletableFuture<HttpResponse<String>> f = registry.blockingGet("/v1/health/node/h2", index, "5s");
        assertStillBlocked(f, 200); // parked before the write, or a checks-table index moved by it answers at once
        register("{\"Node\":\"h1\",\"Address\":\"127.0.0.1\",\"Check\":{\"Name\":\"disk\"}}");
        assertStillBlocked(f, 400);
        register("{\"Node\":\"h2\",\"Address\":\"127.0.0.2\",\"Check\":{\"Name\":\"mem\"}}");
        HttpResponse<String> r = f.get(5, TimeUnit.SECONDS);
        assertTrue(r.body().contains("mem"), r.body());
    }

    @Test
    void healthState_wakesOnlyForItsState() throws Exception {
        register("{\"Node\":\"s\",\"Address\":\"127.0.0.1\"}");
        long index = currentIndex("/v1/health/state/critical");
        CompletableFuture<HttpResponse<String>> f = registry.blockingGet("/v1/health/state/critical", index, "5s");
        assertStillBlocked(f, 200); // parked before the write, or a checks-table index moved by it answers at once
        register("{\"Node\":\"s\",\"Address\":\"127.0.0.1\",\"Check\":{\"Name\":\"ok\",\"Status\":\"passing\"}}");
        assertStillBlocked(f, 400);
        register("{\"Node\":\"s\",\"Address\":\"127.0.0.1\",\"Check\":{\"Name\":\"ok\",\"Status\":\"critical\"}}");
        assertTrue(f.get(5, TimeUnit.SECONDS).body().contains("\"ok\""));
    }

    @Test
    void maxUnsignedIndex_blocksUntilTimeout() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(registry.baseUrl()
                + "/v1/catalog/nodes?index=18446744073709551615&wait=300ms")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 300);
    }
}
