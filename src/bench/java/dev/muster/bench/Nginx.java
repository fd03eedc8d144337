package dev.muster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private nginx (own prefix, config, pid and logs under target/bench/work, {@code daemon off} so the bench
 * owns the master process) listening on one loopback port for virtual hosts, with static backends
 * ({@code return 200 "b<port>"}) that registered instances point at. Its http block includes
 * {@code muster.conf} (rendered by Muster) and {@code manual.conf} (the hand-edited baseline).
 */
final class Nginx implements AutoCloseable {
    private final Bench bench;
    private final Path prefix;
    private final Child child;
    private final int listenPort;
    private final List<Integer> backendPorts = new ArrayList<>();

    Nginx(Bench bench, String name, int backends) {
        this.bench = bench;
        this.prefix = bench.freshDir(name);
        this.listenPort = Bench.freePort();
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < backends; i++) {
            int port = Bench.freePort();
            backendPorts.add(port);
            servers.append("  server { listen 127.0.0.1:").append(port).append("; return 200 \"b")
                    .append(port).append("\\n\"; }\n");
        }
        String conf = "daemon off;\nworker_processes 1;\npid " + prefix.resolve("nginx.pid") + ";\n"
                + "error_log " + prefix.resolve("error.log") + " warn;\n"
                + "events { worker_connections 4096; }\n"
                + "http {\n  access_log off;\n"
                + "  client_body_temp_path " + prefix.resolve("tmp-body") + ";\n"
                + "  proxy_temp_path " + prefix.resolve("tmp-proxy") + ";\n"
                + "  fastcgi_temp_path " + prefix.resolve("tmp-fastcgi") + ";\n"
                + "  uwsgi_temp_path " + prefix.resolve("tmp-uwsgi") + ";\n"
                + "  scgi_temp_path " + prefix.resolve("tmp-scgi") + ";\n"
                + "  server_names_hash_bucket_size 128;\n"
                + "  server { listen 127.0.0.1:" + listenPort + " default_server; return 404 \"default\\n\"; }\n"
                + servers
                + "  include " + musterConf() + ";\n"
                + "  include " + manualConf() + ";\n"
                + "}\n";
        write(prefix.resolve("nginx.conf"), conf);
        write(musterConf(), "");
        write(manualConf(), "");
        this.child = bench.start(name, command(), Map.of());
        awaitListening();
    }

    /** nginx with this instance's prefix, config and error log, plus args. */
    List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of("nginx", "-p", prefix.toString(),
                "-c", prefix.resolve("nginx.conf").toString(), "-e", prefix.resolve("error.log").toString()));
        command.addAll(List.of(args));
        return command;
    }

    Path musterConf() {
        return prefix.resolve("muster.conf");
    }

    Path manualConf() {
        return prefix.resolve("manual.conf");
    }

    int listenPort() {
        return listenPort;
    }

    List<Integer> backendPorts() {
        return backendPorts;
    }

    /** Runs nginx with args (e.g. -t -q, -s reload); returns its wall time; fails on a non-zero exit. */
    Duration run(String... args) {
        long start = System.nanoTime();
        Command.run(command(args), Duration.ofSeconds(60));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            child.requireAlive();
            if (Probe.get(listenPort, "localhost") != null) {
                return;
            }
            Sleep.millis(10);
        }
        throw new BenchException("nginx did not listen on " + listenPort);
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        bench.stop(child);
    }
}
