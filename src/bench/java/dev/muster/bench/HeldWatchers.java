package dev.muster.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 5: W idle blocking queries held on Muster (10,000, then 50,000 or as many as this machine's
 * open-file limit allows) — no errors, read rate ({@code health/service/web?passing}, 64 connections) with
 * the watchers held vs without, heap per held query (live heap after full GCs, before and after). Finally
 * one write wakes them all (reported for orientation).
 */
final class HeldWatchers {
    /** File descriptors kept free for Muster's own files and the driver's other sockets. */
    private static final int FD_MARGIN = 1500;

    private HeldWatchers() {
    }

    static void run(Bench bench, Baselines baselines) {
        long fdLimit = openFileLimit();
        List<Integer> sizes = new ArrayList<>(List.of(bench.quick ? 5_000 : 10_000));
        if (bench.quick) {
            bench.results.note("scenario 5: --quick holds 5,000 watchers only");
        } else if (fdLimit - FD_MARGIN >= 50_000) {
            sizes.add(50_000);
        } else {
            int largest = (int) ((fdLimit - FD_MARGIN) / 1000) * 1000;
            bench.results.notMeasured("5", "50,000 held watchers", "the open-file limit here is " + fdLimit
                    + " (scripts/bench raises the soft limit to the hard one; a higher hard limit needs "
                    + "CAP_SYS_RESOURCE) and Muster needs one descriptor per held connection; measured at "
                    + largest + " instead");
            if (largest > 10_000) {
                sizes.add(largest);
            }
        }
        try (Muster muster = Muster.start(bench, "muster-held", bench.freshDir("muster-held"), List.of(), Map.of())) {
            ReadThroughput.registerWeb(muster, ReadThroughput.INSTANCES);
            WakeUp.registerWatched(muster, 9000);
            int[] port = {9000};
            String read = muster.url("/v1/health/service/web?passing");
            // one warm-up run instead of a warm-up round: opening 10k+ connections per round takes a while
            bench.wrk(0, read, null, List.of());
            for (int w : sizes) {
                List<Double> unloaded = new ArrayList<>();
                List<Double> loaded = new ArrayList<>();
                List<Double> perQuery = new ArrayList<>();
                List<Double> perLongPoll = new ArrayList<>();
                List<Double> wakeP50 = new ArrayList<>();
                List<Double> wakeP99 = new ArrayList<>();
                List<Double> wakeMax = new ArrayList<>();
                int errors = 0;
                long readErrors = 0;
                for (int round = 1; round <= bench.reps(); round++) {
                    if (round == 1) { // the bare stack's cost per parked request varies by a few bytes only
                        perLongPoll.add(longPollHeapPerQuery(baselines, w));
                    }
                    Wrk.Result before = bench.wrk(round, read, null, List.of());
                    long heapBefore = Heap.usedAfterGcBytes(muster.pid());
                    try (WatcherPool pool = WatcherPool.open(WakeUp.address(muster.port()), WakeUp.SOURCES, w,
                            WakeUp.musterWatch(muster, "watched"), WatcherPool.Kind.HTTP_RESPONSE)) {
                        pool.awaitParked(Duration.ofSeconds(180), Duration.ofSeconds(1));
                        long heapHeld = Heap.usedAfterGcBytes(muster.pid());
                        Wrk.Result during = bench.wrk(round, read, null, List.of());
                        int heldErrors = pool.errors();
                        int stillParked = pool.parked();
                        WatcherPool.Wake wake = pool.wake(() -> WakeUp.ack(() -> WakeUp.registerWatched(muster,
                                ++port[0])), Duration.ofSeconds(120), false);
                        System.out.printf("  round %d W=%d reads %.0f → %.0f req/s, heap %.1f → %.1f MB, parked %d,"
                                        + " errors %d; wake all: p50 %.0f ms p99 %.0f ms max %.0f ms, missing %d%n",
                                round, w, before.requestsPerSecond(), during.requestsPerSecond(), heapBefore / 1e6,
                                heapHeld / 1e6, stillParked, heldErrors, wake.p(50), wake.p(99), wake.max(),
                                wake.missing());
                        unloaded.add(before.requestsPerSecond());
                        loaded.add(during.requestsPerSecond());
                        perQuery.add((heapHeld - heapBefore) / 1024.0 / w);
                        wakeP99.add(wake.p(99));
                        wakeMax.add(wake.max());
                        errors += wake.errors() + wake.missing();
                        readErrors += before.errors() + during.errors();
                        wakeP50.add(wake.p(50));
                    }
                }
                bench.results.point("Muster p50", w, Stats.of(wakeP50).median());
                bench.results.point("Muster p99", w, Stats.of(wakeP99).median());
                String label = String.format("W=%,d", w);
                bench.results.add("5", "reads/s with " + label + " held", "req/s", loaded, "same, none held",
                        unloaded, Goal.ratioAtLeast(0.9), readErrors == 0 ? "no read errors"
                                : readErrors + " read errors");
                bench.results.add("5", "heap per held query, " + label, "KB", perQuery, "LP", perLongPoll,
                        Goal.valueAtMost(4, "KB"), "live heap after full GC, held − before, / W; LP = the bare "
                                + "Javalin long-poll holding as many (first rep)");
                bench.results.add("5", "watcher errors while held and woken, " + label, "", List.of((double) errors),
                        null, null, Goal.valueAtMost(0, ""), "all reps");
                bench.results.add("5", "wake-up of all held, p99, " + label, "ms", wakeP99, null, null, Goal.none(),
                        "max " + Results.number(Stats.of(wakeMax).median()) + " ms (median of reps)");
            }
        }
    }

    /** Heap per parked request of the bare Javalin long-poll (LP), measured the same way. */
    private static double longPollHeapPerQuery(Baselines baselines, int w) {
        long before = Heap.usedAfterGcBytes(baselines.pid());
        try (WatcherPool pool = WatcherPool.open(WakeUp.address(baselines.port()), WakeUp.SOURCES, w,
                WakeUp.get("/lp"), WatcherPool.Kind.HTTP_RESPONSE)) {
            pool.awaitParked(Duration.ofSeconds(180), Duration.ofSeconds(1));
            long held = Heap.usedAfterGcBytes(baselines.pid());
            pool.wake(() -> WakeUp.ack(() -> Http.ok("PUT", baselines.url("/lp"), "")), Duration.ofSeconds(120),
                    true);
            return (held - before) / 1024.0 / w;
        }
    }

    /** This process's soft open-file limit (children inherit it). */
    static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return Long.parseLong(line.substring(26).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new BenchException("cannot read /proc/self/limits: " + e, e);
        }
        throw new BenchException("no open-file limit in /proc/self/limits");
    }
}
