package dev.muster.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Registers a fixed number of instances through Muster's HTTP API, 64 requests in flight (JDK HttpClient,
 * asynchronous): the data load of scenario 6. wrk cannot stop after a count (its threads stop, the run
 * does not), so this one is exact. Instance n: ID inst-n, service app-(n % 500), node node-(n / 100),
 * one passing check — a 322-byte body of the same shape as the throughput scenarios'.
 */
final class BulkLoader {
    private static final int IN_FLIGHT = 64;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private BulkLoader() {
    }

    static String instanceBody(int n) {
        return String.format(Locale.ROOT, "{\"Node\":\"node-%06d\",\"Address\":\"127.0.0.1\",\"NodeMeta\":"
                + "{\"rack\":\"r1\"},\"Service\":{\"ID\":\"inst-%07d\",\"Service\":\"app-%04d\",\"Tags\":[\"v1\","
                + "\"primary\"],\"Port\":8080,\"Meta\":{\"version\":\"1.4.2\",\"team\":\"platformxxxxxxxxxxxxxxxxx\"}},"
                + "\"Check\":{\"CheckID\":\"inst-%07d-alive\",\"Name\":\"alive\",\"Status\":\"passing\","
                + "\"ServiceID\":\"inst-%07d\"}}", n / 100, n, n % 500, n, n);
    }

    /**
     * The update workload's instance i before any update (port 9999; register.lua's "update" mode moves it to
     * 10000 and up): same node, ID, name and shape as the bodies wrk sends.
     */
    static String updateInstanceBody(int i) {
        String id = String.format(Locale.ROOT, "upd-%05d", i);
        return String.format(Locale.ROOT, "{\"Node\":\"bench-node\",\"Address\":\"127.0.0.1\",\"NodeMeta\":"
                + "{\"rack\":\"r1\"},\"Service\":{\"ID\":\"%s\",\"Service\":\"upd-%02d\",\"Tags\":[\"v1\","
                + "\"primary\"],\"Port\":9999,\"Meta\":{\"version\":\"1.4.2\",\"team\":\"platform\"}},"
                + "\"Check\":{\"CheckID\":\"%s-alive\",\"Name\":\"alive\",\"Status\":\"passing\","
                + "\"ServiceID\":\"%s\"}}", id, i % 50, id, id);
    }

    /** Registers instances offset … offset+count-1; fails on the first non-200 answer. */
    static void load(String registerUrl, int offset, int count) {
        load(registerUrl, offset, count, BulkLoader::instanceBody);
    }

    /** Registers {@code body(n)} for n = offset … offset+count-1; fails on the first non-200 answer. */
    static void load(String registerUrl, int offset, int count, IntFunction<String> body) {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        AtomicInteger done = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        URI uri = URI.create(registerUrl);
        try {
            for (int n = offset; n < offset + count && failure.get() == null; n++) {
                slots.acquire();
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                        .PUT(HttpRequest.BodyPublishers.ofString(body.apply(n))).build();
                CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error.toString());
                    } else if (response.statusCode() != 200) {
                        failure.compareAndSet(null, response.statusCode() + ": " + response.body());
                    }
                    done.incrementAndGet();
                    slots.release();
                });
            }
            if (!slots.tryAcquire(IN_FLIGHT, 120, TimeUnit.SECONDS)) {
                throw new BenchException("registrations still unanswered after 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
        if (failure.get() != null) {
            throw new BenchException("registration failed: " + failure.get());
        }
    }
}
