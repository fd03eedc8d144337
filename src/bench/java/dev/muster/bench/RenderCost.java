package dev.muster.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 9: the cost of rendering the shipped template for 100 upstreams, against {@code nginx -t} on the
 * same config (measured in scenario 7). Muster runs in memory ({@code -dev}) with {@code -dry}, which prints
 * {@code > DST} and the text after each render instead of writing; the measure is from sending a
 * registration that changes one upstream to reading that line — an upper bound of the render (it includes
 * the in-memory write and its HTTP round trip, about a fraction of a millisecond).
 */
final class RenderCost {
    private RenderCost() {
    }

    static void run(Bench bench, List<Double> nginxTestMillis) {
        List<Double> pebble = measure(bench, "conf/nginx.peb");
        bench.results.add("9", "render 100 upstreams (upper bound)", "ms", pebble, "nginx -t", nginxTestMillis,
                Goal.ratioAtMost(0.5), pebble.size() + " renders after 10 warm-up; nginx -t from scenario 7, "
                        + "same 100-upstream config");
        // conf/nginx.ctmpl renders the same bytes as conf/nginx.peb (a unit test checks it): a like-for-like engine cost
        List<Double> go = measure(bench, "conf/nginx.ctmpl");
        bench.results.add("9", "render 100 upstreams, Go template (upper bound)", "ms", go, "nginx -t", nginxTestMillis,
                Goal.ratioAtMost(0.5), "conf/nginx.ctmpl, consul-template's language");
        bench.results.add("9", "render 100 upstreams, Go vs Pebble", "ms", go, "Pebble", pebble, Goal.ratioAtMost(1.5),
                "the same output from conf/nginx.ctmpl and conf/nginx.peb");
    }

    /** Render times (ms, after 10 warm-up renders) of one template over 100 upstreams. */
    private static List<Double> measure(Bench bench, String template) {
        String destination = bench.work.resolve("render-dry.conf").toString();
        Muster muster = Muster.startPiped(bench, "muster-render", null, List.of("-dry", "-template",
                bench.root.resolve(template) + ":" + destination), java.util.Map.of());
        BlockingQueue<Long> renders = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readRenders(muster, "> " + destination, renders), "dry-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            for (int i = 0; i < NginxPipeline.UPSTREAMS; i++) {
                RenderedNginx.register(muster, String.format("pre-%03d", i), String.format("pre-%03d", i), 20000 + i);
            }
            Sleep.millis(1500);
            renders.clear();
            List<Double> millis = new ArrayList<>();
            int samples = bench.quick ? 20 : 60;
            for (int i = 0; i < samples + 10; i++) {
                int service = i % NginxPipeline.UPSTREAMS;
                long sent = System.nanoTime();
                RenderedNginx.register(muster, String.format("pre-%03d", service), String.format("pre-%03d", service),
                        30000 + i);
                Long rendered = renders.poll(10, TimeUnit.SECONDS);
                if (rendered == null) {
                    throw new BenchException("no render within 10 s of a registration");
                }
                if (i >= 10) { // the first 10 warm up
                    millis.add((rendered - sent) / 1e6);
                }
                Sleep.millis(20);
                renders.clear();
            }
            return millis;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        } finally {
            muster.close();
        }
    }

    private static void readRenders(Muster muster, String marker, BlockingQueue<Long> renders) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(muster.stdout(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals(marker)) {
                    renders.add(System.nanoTime());
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
