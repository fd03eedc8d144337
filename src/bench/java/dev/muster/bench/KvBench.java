package dev.muster.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 10: the KV store and sessions. Durable KV PUT/s (64 connections, a new key per request) against etcd
 * puts of the same value size (E_PUT); GET/s of one key against J_GET answering the same bytes; session renews/s
 * (not a write) against J_PUT; and the wake-up of W watchers blocked on one KV prefix against the bare long-poll.
 */
final class KvBench {
    private static final int SESSIONS = 64;

    private KvBench() {
    }

    static void run(Bench bench, Etcd etcd, Baselines baselines) {
        try (Muster muster = Muster.start(bench, "muster-kv", bench.freshDir("muster-kv"), List.of(), Map.of())) {
            Http.ok("PUT", muster.url("/v1/kv/bench/one"), "v".repeat(322));
            String one = "/v1/kv/bench/one";
            byte[] oneBody = ReadThroughput.capture(muster, one);
            baselines.setBody("kvone", oneBody);
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                String created = Http.ok("PUT", muster.url("/v1/session/create"), "{\"Name\":\"bench-" + i
                        + "\",\"TTL\":\"30m\"}");
                sessions.add(created.replaceAll(".*\"ID\":\"([^\"]+)\".*", "$1").strip());
            }
            long sessionsIndex = sessionsIndex(muster);
            int[] run = {0};
            Rounds rounds = new Rounds()
                    .target("E_PUT", r -> bench.wrk(r, etcd.url("/v3/kv/put"), "etcd_put.lua",
                            List.of(Integer.toString(++run[0] * 1_000_000))))
                    .target("Muster KV PUT", r -> bench.wrk(r, muster.url("/v1/kv/bench/kv"), "kv_put.lua",
                            List.of(Integer.toString(++run[0] * 1_000_000))))
                    .target("J_GET", r -> bench.wrk(r, baselines.url("/jget/kvone"), null, List.of()))
                    .target("Muster KV GET", r -> bench.wrk(r, muster.url(one), null, List.of()))
                    .target("J_PUT", r -> bench.wrk(r, baselines.url("/jput"), "register.lua",
                            List.of("unique", Integer.toString(++run[0] * 1_000_000))))
                    .target("Muster renew", r -> bench.wrk(r, muster.url("/v1/session/renew/x"), "renew.lua",
                            sessions))
                    .run(bench.reps());
            String stored = storedCheck(muster, rounds.requests("Muster KV PUT"));
            bench.results.add("10", "KV PUT/s, shipped fsync, 64 conns", "req/s", rounds.rps("Muster KV PUT"), "E_PUT",
                    rounds.rps("E_PUT"), Goal.ratioAtLeast(2), rounds.errors("Muster KV PUT") + "; " + stored);
            bench.results.add("10", "KV GET/s of one key", "req/s", rounds.rps("Muster KV GET"), "J_GET",
                    rounds.rps("J_GET"), Goal.ratioAtLeast(0.8), oneBody.length + "-byte answer; "
                            + rounds.errors("Muster KV GET"));
            if (sessionsIndex(muster) != sessionsIndex) {
                throw new BenchException("session renews moved the sessions index: they must not be writes");
            }
            bench.results.add("10", "session renew/s (not a write)", "req/s", rounds.rps("Muster renew"), "J_PUT",
                    rounds.rps("J_PUT"), Goal.ratioAtLeast(0.8), rounds.errors("Muster renew") + "; " + SESSIONS
                            + " sessions, their index unchanged by " + rounds.requests("Muster renew") + " renews");
            wakeUp(bench, muster, baselines);
        }
    }

    /** W watchers on the prefix {@code watched/}, woken by one KV write under it, against LP. */
    private static void wakeUp(Bench bench, Muster muster, Baselines baselines) {
        int[] n = {0};
        Http.ok("PUT", muster.url("/v1/kv/watched/k"), "v" + n[0]);
        baselines.setBody("lp", ReadThroughput.capture(muster, "/v1/kv/watched/?recurse"));
        Map<String, List<WatcherPool.Wake>> wakes = new LinkedHashMap<>();
        List<Integer> sizes = List.of(100, 1000);
        for (int round = 0; round <= bench.reps(); round++) {
            for (int w : sizes) {
                WatcherPool.Wake lp = once(() -> WatcherPool.open(WakeUp.address(baselines.port()), WakeUp.SOURCES, w,
                        WakeUp.get("/lp"), WatcherPool.Kind.HTTP_RESPONSE),
                        () -> WakeUp.ack(() -> Http.ok("PUT", baselines.url("/lp"), "")), true);
                WatcherPool.Wake kv = once(() -> WatcherPool.open(WakeUp.address(muster.port()), WakeUp.SOURCES, w,
                        prefixWatch(muster), WatcherPool.Kind.HTTP_RESPONSE),
                        () -> WakeUp.ack(() -> Http.ok("PUT", muster.url("/v1/kv/watched/k"), "v" + ++n[0])), false);
                System.out.printf("  round %d W=%-5d LP p99 %8.2f ms, KV prefix p99 %8.2f ms (errors %d, missing %d)%n",
                        round, w, lp.p(99), kv.p(99), kv.errors(), kv.missing());
                if (round > 0) {
                    wakes.computeIfAbsent("LP@" + w, k -> new ArrayList<>()).add(lp);
                    wakes.computeIfAbsent("KV@" + w, k -> new ArrayList<>()).add(kv);
                }
            }
        }
        for (int w : sizes) {
            List<WatcherPool.Wake> kv = wakes.get("KV@" + w);
            List<WatcherPool.Wake> lp = wakes.get("LP@" + w);
            bench.results.add("10", "KV prefix wake-up p99, W=" + w, "ms", kv.stream().map(r -> r.p(99)).toList(), "LP",
                    lp.stream().map(r -> r.p(99)).toList(), w == 1000 ? Goal.ratioAtMost(1.2) : Goal.none(),
                    "errors/missing " + kv.stream().mapToInt(r -> r.errors() + r.missing()).sum()
                            + "; LP from sending its PUT, Muster from the KV write's ack");
        }
    }

    private static WatcherPool.Wake once(java.util.function.Supplier<WatcherPool> open,
                                         java.util.concurrent.Callable<Long> trigger, boolean fromSend) {
        try (WatcherPool pool = open.get()) {
            pool.awaitParked(Duration.ofSeconds(60), Duration.ofMillis(400));
            return pool.wake(trigger, Duration.ofSeconds(60), fromSend);
        }
    }

    private static String prefixWatch(Muster muster) {
        String index = Http.send("GET", muster.url("/v1/kv/watched/?recurse"), null).headers()
                .firstValue("X-Consul-Index").orElseThrow(() -> new BenchException("no X-Consul-Index"));
        return WakeUp.get("/v1/kv/watched/?recurse&index=" + index + "&wait=10m");
    }

    /** The sessions table index, which only creates and ends of sessions move. */
    private static long sessionsIndex(Muster muster) {
        return Long.parseLong(Http.send("GET", muster.url("/v1/session/list"), null).headers()
                .firstValue("X-Consul-Index").orElseThrow(() -> new BenchException("no X-Consul-Index")));
    }

    /** Every acknowledged KV PUT must be stored afterwards (a check that can fail). */
    private static String storedCheck(Muster muster, long acknowledgedInMeasuredRounds) {
        String keys = Http.ok("GET", muster.url("/v1/kv/bench/kv-?keys"), null);
        long stored = keys.split("\"bench/kv-", -1).length - 1;
        if (stored < acknowledgedInMeasuredRounds) {
            throw new BenchException("only " + stored + " keys stored after " + acknowledgedInMeasuredRounds
                    + " acknowledged KV PUTs");
        }
        return stored + " keys stored (≥ " + acknowledgedInMeasuredRounds + " acknowledged in measured runs)";
    }
}
