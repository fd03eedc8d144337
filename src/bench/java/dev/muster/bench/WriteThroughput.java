package dev.muster.bench;

import java.util.List;
import java.util.Map;

/**
 * Scenarios 1 and 2: durable registrations/s (64 connections, a new service per request) with the shipped
 * {@code fsync} durability and with {@code -durability write}, against etcd puts (E_PUT, same value size)
 * and the bare Javalin+Jackson route (J_PUT, the same bodies); and TTL passes that change nothing.
 */
final class WriteThroughput {
    private static final int TTL_CHECKS = 64;

    private WriteThroughput() {
    }

    static void run(Bench bench, Etcd etcd, Baselines baselines) {
        try (Muster fsync = Muster.start(bench, "muster-fsync", bench.freshDir("muster-fsync"), List.of(), Map.of());
             Muster write = Muster.start(bench, "muster-write", bench.freshDir("muster-write"),
                     List.of("-durability", "write"), Map.of())) {
            for (int i = 0; i < TTL_CHECKS; i++) {
                Http.ok("PUT", fsync.url("/v1/agent/check/register"),
                        "{\"ID\":\"ttl-" + i + "\",\"Name\":\"ttl-" + i + "\",\"TTL\":\"30m\",\"Status\":\"passing\"}");
            }
            int[] run = {0};
            Rounds rounds = new Rounds()
                    .target("E_PUT", r -> bench.wrk(r, etcd.url("/v3/kv/put"), "etcd_put.lua",
                            List.of(Integer.toString(++run[0] * 1_000_000))))
                    .target("J_PUT", r -> bench.wrk(r, baselines.url("/jput"), "register.lua",
                            List.of("unique", Integer.toString(++run[0] * 1_000_000))))
                    .target("Muster fsync", r -> bench.wrk(r, fsync.url("/v1/catalog/register"), "register.lua",
                            List.of("unique", Integer.toString(++run[0] * 1_000_000))))
                    .target("Muster write", r -> bench.wrk(r, write.url("/v1/catalog/register"), "register.lua",
                            List.of("unique", Integer.toString(++run[0] * 1_000_000))))
                    .target("Muster TTL pass", r -> bench.wrk(r, fsync.url("/v1/agent/check/pass/ttl-0"),
                            "ttl_pass.lua", List.of(Integer.toString(TTL_CHECKS))))
                    .run(bench.reps());
            String stored = storedCheck(fsync, rounds.requests("Muster fsync"));
            bench.results.add("1", "registrations/s, shipped fsync, 64 conns", "req/s", rounds.rps("Muster fsync"),
                    "E_PUT", rounds.rps("E_PUT"), Goal.ratioAtLeast(2),
                    rounds.errors("Muster fsync") + "; " + stored + "; etcd " + rounds.errors("E_PUT"));
            bench.results.add("1", "registrations/s, shipped fsync, 64 conns", "req/s", rounds.rps("Muster fsync"),
                    "J_PUT", rounds.rps("J_PUT"), Goal.ratioAtLeast(0.5), "J_PUT " + rounds.errors("J_PUT"));
            bench.results.add("1", "registrations/s, -durability write", "req/s", rounds.rps("Muster write"),
                    "E_PUT", rounds.rps("E_PUT"), Goal.ratioAtLeast(2), rounds.errors("Muster write")
                            + "; optional mode (survives kill -9, not power loss)");
            bench.results.add("1", "registrations/s, -durability write", "req/s", rounds.rps("Muster write"),
                    "J_PUT", rounds.rps("J_PUT"), Goal.ratioAtLeast(0.5), "");
            bench.results.add("2", "TTL pass/s (no status change)", "req/s", rounds.rps("Muster TTL pass"),
                    "J_PUT", rounds.rps("J_PUT"), Goal.ratioAtLeast(0.8), rounds.errors("Muster TTL pass"));
        }
    }


    /** Every acknowledged registration must be in the catalog afterwards (a check that can fail). */
    private static String storedCheck(Muster muster, long acknowledgedInMeasuredRounds) {
        String services = Http.ok("GET", muster.url("/v1/catalog/services"), null);
        long stored = services.split("\"svc-", -1).length - 1;
        if (stored < acknowledgedInMeasuredRounds) {
            throw new BenchException("only " + stored + " svc-* services stored after " + acknowledgedInMeasuredRounds
                    + " acknowledged registrations");
        }
        return stored + " services stored (≥ " + acknowledgedInMeasuredRounds + " acknowledged in measured runs)";
    }
}
