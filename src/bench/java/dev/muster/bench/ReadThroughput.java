package dev.muster.bench;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Scenario 3: reads of one service with 10 instances — {@code health/service/web?passing} and
 * {@code catalog/service/web} — against J_GET answering the very bytes Muster answered (captured in this run),
 * and etcd's range read of a value of the same size (E_RANGE, for orientation).
 */
final class ReadThroughput {
    static final int INSTANCES = 10;

    private ReadThroughput() {
    }

    static void run(Bench bench, Etcd etcd, Baselines baselines) {
        try (Muster muster = Muster.start(bench, "muster-reads", bench.freshDir("muster-reads"), List.of(),
                Map.of())) {
            registerWeb(muster, INSTANCES);
            String health = "/v1/health/service/web?passing";
            String catalog = "/v1/catalog/service/web";
            byte[] healthBody = capture(muster, health);
            byte[] catalogBody = capture(muster, catalog);
            baselines.setBody("health", healthBody);
            baselines.setBody("catalog", catalogBody);
            requireSame(baselines.url("/jget/health"), healthBody);
            requireSame(baselines.url("/jget/catalog"), catalogBody);
            etcd.put("bench/range", new String(healthBody, java.nio.charset.StandardCharsets.UTF_8));
            String key = Etcd.base64("bench/range");
            Rounds rounds = new Rounds()
                    .target("J_GET health", r -> bench.wrk(r, baselines.url("/jget/health"), null, List.of()))
                    .target("Muster health", r -> bench.wrk(r, muster.url(health), null, List.of()))
                    .target("J_GET catalog", r -> bench.wrk(r, baselines.url("/jget/catalog"), null, List.of()))
                    .target("Muster catalog", r -> bench.wrk(r, muster.url(catalog), null, List.of()))
                    .target("E_RANGE", r -> bench.wrk(r, etcd.url("/v3/kv/range"), "etcd_range.lua", List.of(key)))
                    .run(bench.reps());
            bench.results.add("3", "reads/s health/service?passing, 10 inst.", "req/s", rounds.rps("Muster health"),
                    "J_GET", rounds.rps("J_GET health"), Goal.ratioAtLeast(0.8),
                    healthBody.length + "-byte answer; " + rounds.errors("Muster health"));
            bench.results.add("3", "reads/s catalog/service, 10 inst.", "req/s", rounds.rps("Muster catalog"),
                    "J_GET", rounds.rps("J_GET catalog"), Goal.ratioAtLeast(0.8),
                    catalogBody.length + "-byte answer; " + rounds.errors("Muster catalog"));
            bench.results.add("3", "reads/s health/service?passing, 10 inst.", "req/s", rounds.rps("Muster health"),
                    "E_RANGE", rounds.rps("E_RANGE"), Goal.none(), "etcd range of a value of the same size, for orientation");
        }
    }

    /** Registers web-0 … web-(n-1) on n nodes, each with a passing service check. */
    static void registerWeb(Muster muster, int n) {
        for (int i = 0; i < n; i++) {
            Http.ok("PUT", muster.url("/v1/catalog/register"), "{\"Node\":\"web-node-" + i + "\",\"Address\":\"10.0.0."
                    + (i + 1) + "\",\"Service\":{\"ID\":\"web-" + i + "\",\"Service\":\"web\",\"Tags\":[\"v1\"],"
                    + "\"Port\":8080,\"Meta\":{\"version\":\"1.4.2\"}},\"Check\":{\"CheckID\":\"web-" + i
                    + "-alive\",\"Name\":\"alive\",\"Status\":\"passing\",\"ServiceID\":\"web-" + i + "\"}}");
        }
    }

    static byte[] capture(Muster muster, String path) {
        HttpResponse<byte[]> response = Http.send("GET", muster.url(path), null);
        if (response.statusCode() != 200) {
            throw new BenchException("GET " + path + " → " + response.statusCode());
        }
        return response.body();
    }

    private static void requireSame(String url, byte[] expected) {
        byte[] got = Http.send("GET", url, null).body();
        if (!Arrays.equals(got, expected)) {
            throw new BenchException(url + " does not answer the captured bytes");
        }
    }

}
