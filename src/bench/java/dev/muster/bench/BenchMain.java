package dev.muster.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The scenario driver behind scripts/bench: starts the baselines and etcd, runs the ten scenarios
 * (interleaved rounds, medians, min–max, ratios), writes target/bench/results.md and the scaling chart, prints
 * the table, and stops every process it started.
 * <p>
 * Usage: {@code BenchMain <repo root> [--quick] [--only 1,2,...]}
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        boolean quick = List.of(args).contains("--quick");
        List<String> only = new ArrayList<>();
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals("--only")) {
                only.addAll(List.of(args[i + 1].split(",")));
            }
        }
        Instant started = Instant.now();
        Bench bench = new Bench(root, quick);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::close, "bench-cleanup"));
        try (Baselines baselines = new Baselines(bench)) {
            try (Etcd etcd = new Etcd(bench)) {
                scenario(bench, only, "1,2", "writes", b -> WriteThroughput.run(b, etcd, baselines));
                scenario(bench, only, "3", "reads", b -> ReadThroughput.run(b, etcd, baselines));
                scenario(bench, only, "4", "wake-up", b -> WakeUp.run(b, etcd, baselines));
                scenario(bench, only, "10", "KV and sessions", b -> KvBench.run(b, etcd, baselines));
            }
            scenario(bench, only, "5", "held watchers", b -> HeldWatchers.run(b, baselines));
        }
        scenario(bench, only, "6", "memory and start-up", Memory::run);
        List<Double> nginxTest = new ArrayList<>();
        scenario(bench, only, "7", "registration → nginx", b -> nginxTest.addAll(NginxPipeline.run(b)));
        scenario(bench, only, "9", "render cost", b -> {
            if (nginxTest.isEmpty()) {
                b.results.notMeasured("9", "render 100 upstreams", "needs scenario 7's nginx -t times");
            } else {
                RenderCost.run(b, nginxTest);
            }
        });
        scenario(bench, only, "8", "registration storm", Storm::run);
        bench.close();

        Duration took = Duration.between(started, Instant.now());
        String table = bench.results.markdown();
        String header = "# Muster benchmarks\n\n" + (quick ? "`scripts/bench --quick`" : "`scripts/bench`")
                + " — " + started + ", " + took.toMinutes() + " min " + took.toSecondsPart() + " s; "
                + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version") + ".\n"
                + "Ratios are Muster median / baseline median of interleaved runs; min–max over the "
                + bench.reps() + " measured reps (latency rows: over reps of the per-run percentile).\n\n";
        Files.writeString(bench.out.resolve("results.md"), header + table);
        if (!bench.results.curves().isEmpty()) {
            Chart.write(bench.results.curves(), bench.out.resolve("wakeup-scaling.png"));
        }
        System.out.println();
        System.out.println(header + table);
        System.out.println("written: " + bench.out.resolve("results.md")
                + (bench.results.curves().isEmpty() ? "" : ", " + bench.out.resolve("wakeup-scaling.png")));
        System.exit(0);
    }

    /** Runs one scenario; a failure becomes a "not measured" row and the run goes on. */
    private static void scenario(Bench bench, List<String> only, String id, String name, Consumer<Bench> body) {
        if (!only.isEmpty() && List.of(id.split(",")).stream().noneMatch(only::contains)) {
            return;
        }
        System.out.println("== scenario " + id + ": " + name);
        long start = System.nanoTime();
        try {
            body.accept(bench);
        } catch (RuntimeException e) {
            e.printStackTrace();
            bench.results.notMeasured(id, name, "the run failed: " + e.getMessage().lines().findFirst().orElse(""));
        }
        System.out.printf("== scenario %s took %.0f s%n", id, (System.nanoTime() - start) / 1e9);
    }
}
