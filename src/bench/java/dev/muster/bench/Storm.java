package dev.muster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 8: a registration storm (wrk, 64 connections, every request moves one of 1,000 instances of 50
 * services to a new port — a real change each time) for 30 s into a Muster rendering the shipped template
 * with quiescence {@code wait {min 500ms, max 2s}}, {@code nginx -t} and a reload command that logs each
 * run. Checks: changes/s ≥ 1,000; reloads ≤ one per quiescence window (max) plus the one after the storm;
 * afterwards nothing pending — the file holds every instance's final port and the last reload ran after the
 * last write.
 */
final class Storm {
    private static final Duration WAIT_MAX = Duration.ofSeconds(2);
    private static final int CONNECTIONS = Bench.CONNECTIONS;

    private Storm() {
    }

    static void run(Bench bench) {
        Duration storm = Duration.ofSeconds(bench.quick ? 10 : 30);
        if (bench.quick) {
            bench.results.note("scenario 8: --quick storms for 10 s instead of 30 s");
        }
        List<Double> rates = new ArrayList<>();
        List<Double> reloads = new ArrayList<>();
        List<Double> allowed = new ArrayList<>();
        List<Double> pending = new ArrayList<>();
        for (int round = 0; round < bench.reps(); round++) {
            try (Nginx nginx = new Nginx(bench, "nginx-storm", 0)) {
                Path reloadLog = bench.work.resolve("storm-reloads.log");
                String reload = "date +%s%N >> " + reloadLog + " && exec " + String.join(" ", nginx.command("-s",
                        "reload"));
                try (Muster muster = RenderedNginx.start(bench, "muster-storm", nginx, List.of("sh", "-c", reload),
                        "500ms", WAIT_MAX.toMillis() + "ms")) {
                    Sleep.millis(1500); // the first render and reload of the empty registry
                    Nginx.write(reloadLog, "");
                    Wrk.Result r = Wrk.run(muster.url("/v1/catalog/register"), storm, CONNECTIONS,
                            bench.wrkScript("register.lua"), List.of("storm", Integer.toString(round * 10_000_000)));
                    if (r.errors() > 0) {
                        throw new BenchException(r.errors() + " errors during the storm:\n" + r.output());
                    }
                    Sleep.millis(WAIT_MAX.toMillis() + 2000); // the last window, its render, check and reload
                    long reloadCount = Files.readAllLines(reloadLog).stream().filter(l -> !l.isBlank()).count();
                    long lastReloadNanos = Files.readAllLines(reloadLog).stream().filter(l -> !l.isBlank())
                            .mapToLong(Long::parseLong).max().orElse(0);
                    long fileWrittenNanos = Files.getLastModifiedTime(nginx.musterConf()).toMillis() * 1_000_000;
                    int missing = missingPorts(muster, Files.readString(nginx.musterConf()));
                    boolean reloadedAfterWrite = lastReloadNanos >= fileWrittenNanos;
                    double windows = Math.ceil(storm.toMillis() / (double) WAIT_MAX.toMillis()) + 1;
                    rates.add(r.requestsPerSecond());
                    reloads.add((double) reloadCount);
                    allowed.add(windows);
                    pending.add((double) missing + (reloadedAfterWrite ? 0 : 1));
                    System.out.printf("  round %d: %.0f changes/s, %d reloads (allowed %.0f), %d instances with a stale"
                                    + " port, last reload after last write: %s%n", round + 1, r.requestsPerSecond(),
                            reloadCount, windows, missing, reloadedAfterWrite);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String window = "wait 500ms..2s, reload_min_interval 1s, " + storm.toSeconds() + " s storm";
        bench.results.add("8", "storm rate (each request a real change)", "changes/s", rates, null, null,
                Goal.valueAtLeast(1000, "changes/s"), CONNECTIONS + " connections, fsync");
        bench.results.add("8", "reloads during storm + settle", "", reloads, null, null,
                Goal.valueAtMost(Stats.of(allowed).max(), ""), window + "; allowed = one per 2 s window + the final one");
        bench.results.add("8", "pending after the storm", "", pending, null, null, Goal.valueAtMost(0, ""),
                "instances whose final port is not in the file, +1 if the last reload ran before the last write");
    }

    /** Instances (of the 50 storm services) whose current port is not in the rendered file. */
    private static int missingPorts(Muster muster, String rendered) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        int missing = 0;
        for (int s = 0; s < 50; s++) {
            JsonNode instances = mapper.readTree(Http.ok("GET",
                    muster.url(String.format("/v1/catalog/service/storm-%02d", s)), null));
            for (JsonNode i : instances) {
                if (!rendered.contains("server 127.0.0.1:" + i.get("ServicePort").asInt() + " ")) {
                    missing++;
                }
            }
        }
        return missing;
    }
}
