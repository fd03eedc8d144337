package dev.muster.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6: retained heap per registered instance (live heap after full GCs, loaded − empty, / instances)
 * at 10k and 100k instances, loaded through the HTTP API ({@link BulkLoader}, 64 in flight); then the start-up time of a
 * Muster on that H2 store (process start → first answer), next to the start-up of an empty store.
 * Each instance is one catalog registration: node node-&lt;n/100&gt;, service app-&lt;n%500&gt;, one check.
 */
final class Memory {
    private Memory() {
    }

    static void run(Bench bench) {
        int small = bench.quick ? 5_000 : 10_000;
        int large = bench.quick ? 10_000 : 100_000;
        if (bench.quick) {
            bench.results.note("scenario 6: --quick loads 5,000 and 10,000 instances instead of 10,000 and 100,000");
        }
        List<Double> perInstanceSmall = new ArrayList<>();
        List<Double> perInstanceLarge = new ArrayList<>();
        List<Double> startupLoaded = new ArrayList<>();
        List<Double> startupEmpty = new ArrayList<>();
        List<Double> loadRate = new ArrayList<>();
        for (int round = 0; round < bench.reps(); round++) {
            Path data = bench.freshDir("muster-memory");
            long empty;
            try (Muster muster = Muster.start(bench, "muster-memory", data, List.of(), Map.of())) {
                startupEmpty.add(muster.startup().toMillis() / 1000.0);
                empty = Heap.usedAfterGcBytes(muster.pid());
                long t0 = System.nanoTime();
                load(muster, 0, small);
                perInstanceSmall.add((Heap.usedAfterGcBytes(muster.pid()) - empty) / (double) small);
                load(muster, small, large - small);
                loadRate.add(large / ((System.nanoTime() - t0) / 1e9));
                perInstanceLarge.add((Heap.usedAfterGcBytes(muster.pid()) - empty) / (double) large);
            }
            try (Muster restarted = Muster.start(bench, "muster-memory-restart", data, List.of(), Map.of())) {
                startupLoaded.add(restarted.startup().toMillis() / 1000.0);
                requireInstances(restarted, large);
            }
            System.out.printf("  round %d: %.0f B/instance at %d, %.0f B/instance at %d, start-up %.2f s (empty %.2f s)%n",
                    round + 1, perInstanceSmall.get(round), small, perInstanceLarge.get(round), large,
                    startupLoaded.get(round), startupEmpty.get(round));
        }
        bench.results.add("6", String.format("retained heap per instance at %,d", small), "B", perInstanceSmall,
                null, null, Goal.valueAtMost(1024, "B"), "instance = service + node share + check");
        bench.results.add("6", String.format("retained heap per instance at %,d", large), "B", perInstanceLarge,
                null, null, Goal.valueAtMost(1024, "B"), String.format("loaded over HTTP at %s instances/s (fsync)",
                        Results.number(Stats.of(loadRate).median())));
        bench.results.add("6", String.format("start-up from a %,d-instance H2 store", large), "s", startupLoaded,
                "empty store", startupEmpty, Goal.valueAtMost(3, "s"),
                "process start → first HTTP answer, JVM start included; all instances present after restart");
    }

    /** Registers instances offset … offset+count-1 through the HTTP API and checks they all arrived. */
    private static void load(Muster muster, int offset, int count) {
        BulkLoader.load(muster.url("/v1/catalog/register"), offset, count);
        requireInstances(muster, offset + count);
    }

    private static void requireInstances(Muster muster, int expected) {
        String checks = Http.ok("GET", muster.url("/v1/health/state/any"), null);
        // every instance's check names its service ID twice (CheckID and ServiceID)
        int found = (checks.split("\"inst-", -1).length - 1) / 2;
        if (found != expected) {
            throw new BenchException("expected " + expected + " instances, found " + found);
        }
    }
}
