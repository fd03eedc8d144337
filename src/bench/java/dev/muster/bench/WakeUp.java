package dev.muster.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Scenario 4: W watchers on one service, all woken by one write; latency per watcher from the write's
 * acknowledgement. Muster's blocking query ({@code health/service/watched?index=…}) against the bare Javalin
 * long-poll (LP) and etcd's watch, interleaved, W = 100 and 1,000 (full runs add 10 and 3,000 for the chart).
 */
final class WakeUp {
    static final List<InetAddress> SOURCES = WatcherPool.loopbackSources(8);

    private WakeUp() {
    }

    /**
     * One target: how to open its watchers and how to fire its write. LP's PUT is the event itself (nothing
     * to make durable) and answers only after completing every parked future, so its latencies count from
     * sending the PUT; Muster's and etcd's from the acknowledgement of their durable write.
     */
    private record Target(String name, IntFunction<WatcherPool> open, java.util.concurrent.Callable<Long> trigger,
                          boolean fromSend) {
    }

    static void run(Bench bench, Etcd etcd, Baselines baselines) {
        try (Muster muster = Muster.start(bench, "muster-wake", bench.freshDir("muster-wake"), List.of(), Map.of())) {
            int[] port = {9000};
            registerWatched(muster, port[0]);
            baselines.setBody("lp", ReadThroughput.capture(muster, "/v1/health/service/watched"));
            List<Target> targets = List.of(
                    new Target("LP", w -> WatcherPool.open(address(baselines.port()), SOURCES, w,
                            get("/lp"), WatcherPool.Kind.HTTP_RESPONSE),
                            () -> ack(() -> Http.ok("PUT", baselines.url("/lp"), "")), true),
                    new Target("Muster", w -> WatcherPool.open(address(muster.port()), SOURCES, w,
                            musterWatch(muster, "watched"), WatcherPool.Kind.HTTP_RESPONSE),
                            () -> ack(() -> registerWatched(muster, ++port[0])), false),
                    new Target("etcd", w -> WatcherPool.open(address(etcd.port()), SOURCES, w,
                            etcdWatch("bench/watched"), WatcherPool.Kind.ETCD_WATCH),
                            () -> ack(() -> etcd.put("bench/watched", "v" + System.nanoTime())), false));
            List<Integer> sizes = bench.quick ? List.of(100, 1000) : List.of(10, 100, 1000, 3000);
            Map<String, List<WatcherPool.Wake>> wakes = new LinkedHashMap<>();
            for (int round = 0; round <= bench.reps(); round++) {
                for (int w : sizes) {
                    for (Target t : targets) {
                        WatcherPool.Wake wake = once(t, w);
                        System.out.printf("  round %d W=%-5d %-7s p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  errors %d"
                                        + " missing %d%n", round, w, t.name(), wake.p(50), wake.p(99), wake.max(),
                                wake.errors(), wake.missing());
                        if (round > 0) {
                            wakes.computeIfAbsent(t.name() + "@" + w, k -> new ArrayList<>()).add(wake);
                        }
                    }
                }
            }
            for (int w : sizes) {
                report(bench, w, wakes);
            }
        }
    }

    private static WatcherPool.Wake once(Target t, int watchers) {
        try (WatcherPool pool = t.open().apply(watchers)) {
            pool.awaitParked(Duration.ofSeconds(60), Duration.ofMillis(300 + watchers / 10));
            return pool.wake(t.trigger(), Duration.ofSeconds(60), t.fromSend());
        }
    }

    private static void report(Bench bench, int w, Map<String, List<WatcherPool.Wake>> wakes) {
        List<WatcherPool.Wake> m = wakes.get("Muster@" + w);
        List<WatcherPool.Wake> lp = wakes.get("LP@" + w);
        List<WatcherPool.Wake> etcd = wakes.get("etcd@" + w);
        for (String name : List.of("Muster", "LP", "etcd")) {
            List<WatcherPool.Wake> runs = wakes.get(name + "@" + w);
            bench.results.point(name + " p50", w, Stats.of(percentiles(runs, 50)).median());
            bench.results.point(name + " p99", w, Stats.of(percentiles(runs, 99)).median());
        }
        boolean goal = w == 100 || w == 1000;
        String errors = "errors/missing: Muster " + problems(m) + ", LP " + problems(lp) + ", etcd " + problems(etcd)
                + "; LP from sending its PUT, the others from the write's ack";
        bench.results.add("4", "wake-up p99, W=" + w, "ms", percentiles(m, 99), "LP", percentiles(lp, 99),
                goal ? Goal.ratioAtMost(1.2) : Goal.none(), errors);
        bench.results.add("4", "wake-up p50, W=" + w, "ms", percentiles(m, 50), "etcd watch", percentiles(etcd, 50),
                goal ? Goal.ratioAtMost(1.2) : Goal.none(), "");
    }

    private static List<Double> percentiles(List<WatcherPool.Wake> runs, double p) {
        return runs.stream().map(r -> r.p(p)).toList();
    }

    private static String problems(List<WatcherPool.Wake> runs) {
        return runs.stream().mapToInt(r -> r.errors() + r.missing()).sum() + "";
    }

    static InetSocketAddress address(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    /** A blocking query on the service at its current index (10 min wait). */
    static String musterWatch(Muster muster, String service) {
        HttpResponse<byte[]> now = Http.send("GET", muster.url("/v1/health/service/" + service), null);
        String index = now.headers().firstValue("X-Consul-Index")
                .orElseThrow(() -> new BenchException("no X-Consul-Index from Muster"));
        return get("/v1/health/service/" + service + "?index=" + index + "&wait=10m");
    }

    static String etcdWatch(String key) {
        String body = "{\"create_request\":{\"key\":\"" + Etcd.base64(key) + "\"}}";
        return "POST /v3/watch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }

    /** Registers (or moves to a new port) the one instance of "watched": one real change per call. */
    static void registerWatched(Muster muster, int port) {
        Http.ok("PUT", muster.url("/v1/catalog/register"), "{\"Node\":\"watched-node\",\"Address\":\"10.0.1.1\","
                + "\"Service\":{\"ID\":\"watched-1\",\"Service\":\"watched\",\"Port\":" + port + "}}");
    }

    /** Runs the write and returns the nanoTime at which its acknowledgement was read. */
    static long ack(Runnable write) {
        write.run();
        return System.nanoTime();
    }
}
