package dev.muster.bench;

import java.nio.file.Files;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 7: a registration until nginx serves the new upstream (probed through nginx with the new virtual
 * host), quiescence off, against doing the same by hand: append the same blocks to a config file, run
 * {@code nginx -t}, {@code nginx -s reload}, probe until visible. Both with 100 upstreams already configured.
 * Returns the measured {@code nginx -t} times (scenario 9 compares the render with them).
 */
final class NginxPipeline {
    static final int UPSTREAMS = 100;

    private NginxPipeline() {
    }

    static List<Double> run(Bench bench) {
        List<Double> nginxTest = new ArrayList<>();
        try (Nginx nginx = new Nginx(bench, "nginx-e2e", UPSTREAMS);
             Muster muster = RenderedNginx.start(bench, "muster-e2e", nginx, nginx.command("-s", "reload"), "0s",
                     "0s")) {
            List<Integer> backends = nginx.backendPorts();
            for (int i = 0; i < UPSTREAMS; i++) {
                RenderedNginx.register(muster, String.format("pre-%03d", i), String.format("pre-%03d", i),
                        backends.get(i));
            }
            Probe.awaitBody(nginx.listenPort(), "www.pre-099.com", "b" + backends.get(UPSTREAMS - 1),
                    Duration.ofSeconds(60));
            List<Double> musterMillis = new ArrayList<>();
            List<Double> manualMillis = new ArrayList<>();
            List<Double> reloadVisible = new ArrayList<>();
            for (int round = 0; round <= bench.reps() * 3; round++) {
                int backend = backends.get(round % UPSTREAMS);
                // by hand: the same blocks the template renders, nginx -t, reload, probe
                String manual = "manual-" + round;
                append(nginx, block(manual, backend, nginx.listenPort()));
                long start = System.nanoTime();
                Duration test = nginx.run("-t", "-q");
                long reloadAt = System.nanoTime();
                nginx.run("-s", "reload");
                long visible = Probe.awaitBody(nginx.listenPort(), "www." + manual + ".com", "b" + backend,
                        Duration.ofSeconds(30));
                Sleep.millis(1200); // past reload_min_interval (1s): each Muster round starts unthrottled
                // Muster: one registration, ack → nginx serves it
                String service = "probe-" + round;
                long ack = WakeUp.ack(() -> RenderedNginx.register(muster, service, service, backend));
                long served = Probe.awaitBody(nginx.listenPort(), "www." + service + ".com", "b" + backend,
                        Duration.ofSeconds(30));
                Sleep.millis(1200);
                System.out.printf("  round %d: by hand %.1f ms (nginx -t %.1f ms, reload-visible %.1f ms), Muster %.1f ms%n",
                        round, (visible - start) / 1e6, test.toNanos() / 1e6, (visible - reloadAt) / 1e6,
                        (served - ack) / 1e6);
                if (round > 0) {
                    manualMillis.add((visible - start) / 1e6);
                    nginxTest.add(test.toNanos() / 1e6);
                    reloadVisible.add((visible - reloadAt) / 1e6);
                    musterMillis.add((served - ack) / 1e6);
                }
            }
            bench.results.add("7", "registration → served by nginx, p50", "ms", musterMillis,
                    "nginx -t + reload-visible", manualMillis, Goal.ratioAtMost(1.2),
                    musterMillis.size() + " samples each; 100 upstreams; quiescence off");
            bench.results.add("7", "by hand, part: nginx -t", "ms", List.of(), "nginx -t", nginxTest, Goal.none(), "");
            bench.results.add("7", "by hand, part: reload → visible", "ms", List.of(), "reload", reloadVisible,
                    Goal.none(), "");
        }
        return nginxTest;
    }

    /** The blocks conf/nginx.peb renders for one service with one instance. */
    private static String block(String service, int port, int listen) {
        return "\nupstream " + service + " {\n  zone upstream-" + service + " 64k;\n  server 127.0.0.1:" + port
                + " max_fails=3 fail_timeout=60 weight=1;\n}\n\nserver {\n  listen 127.0.0.1:" + listen
                + ";\n  server_name www." + service + ".com;\n  location / {\n    proxy_pass http://" + service
                + ";\n    proxy_set_header Host $host;\n    proxy_set_header X-Real-IP $remote_addr;\n"
                + "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n  }\n}\n";
    }

    private static void append(Nginx nginx, String text) {
        try {
            Files.writeString(nginx.manualConf(), text, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
