package dev.muster.bench;

import java.util.List;
import java.util.Map;

/**
 * Scenarios 1 and 2: durable registrations/s (64 connections) with the shipped {@code fsync} durability and
 * with {@code -durability write}, against etcd puts (E_PUT, same value size) and the bare Javalin+Jackson
 * route (J_PUT, the same bodies), in two workloads where every request is a real change: a new service per
 * request, and updates cycling over 10,000 preloaded instances (each request moves one instance's port);
 * and TTL passes that change nothing.
 */
final class WriteThroughput {
    private static final int TTL_CHECKS = 64;
    /** Instances the update workload cycles over (register.lua's "update" mode). */
    private static final int UPDATED_INSTANCES = 10_000;

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
            for (Muster m : List.of(fsync, write)) {
                BulkLoader.load(m.url("/v1/catalog/register"), 0, UPDATED_INSTANCES, BulkLoader::updateInstanceBody);
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
                    .target("Muster fsync update", r -> bench.wrk(r, fsync.url("/v1/catalog/register"),
                            "register.lua", List.of("update", Integer.toString(++run[0] * 1_000_000))))
                    .target("Muster write update", r -> bench.wrk(r, write.url("/v1/catalog/register"),
                            "register.lua", List.of("update", Integer.toString(++run[0] * 1_000_000))))
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
            String updated = updatedCheck(fsync) + "; " + updatedCheck(write);
            bench.results.add("1", "updates/s over 10,000 instances, shipped fsync", "req/s",
                    rounds.rps("Muster fsync update"), "E_PUT", rounds.rps("E_PUT"), Goal.ratioAtLeast(2),
                    rounds.errors("Muster fsync update") + "; " + updated);
            bench.results.add("1", "updates/s over 10,000 instances, shipped fsync", "req/s",
                    rounds.rps("Muster fsync update"), "J_PUT", rounds.rps("J_PUT"), Goal.ratioAtLeast(0.5), "");
            bench.results.add("1", "updates/s over 10,000 instances, -durability write", "req/s",
                    rounds.rps("Muster write update"), "E_PUT", rounds.rps("E_PUT"), Goal.ratioAtLeast(2),
                    rounds.errors("Muster write update"));
            bench.results.add("1", "updates/s over 10,000 instances, -durability write", "req/s",
                    rounds.rps("Muster write update"), "J_PUT", rounds.rps("J_PUT"), Goal.ratioAtLeast(0.5), "");
            bench.results.add("1", "-durability write vs fsync, new services", "req/s", rounds.rps("Muster write"),
                    "Muster fsync", rounds.rps("Muster fsync"), Goal.ratioAtLeast(1), "not slower than fsync");
            bench.results.add("1", "-durability write vs fsync, updates", "req/s", rounds.rps("Muster write update"),
                    "Muster fsync update", rounds.rps("Muster fsync update"), Goal.ratioAtLeast(1),
                    "not slower than fsync");
            bench.results.add("2", "TTL pass/s (no status change)", "req/s", rounds.rps("Muster TTL pass"),
                    "J_PUT", rounds.rps("J_PUT"), Goal.ratioAtLeast(0.8), rounds.errors("Muster TTL pass"));
        }
    }


    /** Every preloaded instance of one update service must have been moved off its preload port. */
    private static String updatedCheck(Muster muster) {
        String instances = Http.ok("GET", muster.url("/v1/catalog/service/upd-07"), null);
        long total = instances.split("\"ServiceID\":\"upd-", -1).length - 1;
        long unmoved = instances.split("\"ServicePort\":9999\\b", -1).length - 1;
        if (total != UPDATED_INSTANCES / 50 || unmoved != 0) {
            throw new BenchException("upd-07 has " + total + " instances (expected " + UPDATED_INSTANCES / 50
                    + "), " + unmoved + " never updated");
        }
        return total + " upd-07 instances, all updated";
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
