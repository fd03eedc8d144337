package dev.muster.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Debian's etcd 3.4, one member on loopback with its defaults (it fsyncs every commit), used through its JSON gateway. */
final class Etcd implements AutoCloseable {
    private final Bench bench;
    private final Child child;
    private final int port;

    Etcd(Bench bench) {
        this.bench = bench;
        this.port = Bench.freePort();
        int peerPort = Bench.freePort();
        String client = "http://127.0.0.1:" + port;
        String peer = "http://127.0.0.1:" + peerPort;
        this.child = bench.start("etcd", List.of("etcd", "--name", "bench",
                "--data-dir", bench.freshDir("etcd").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "bench=" + peer, "--logger", "zap", "--log-level", "warn"), Map.of());
        Http.awaitUp(url("/health"), child, Duration.ofSeconds(60));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    int port() {
        return port;
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Puts key=value; returns when etcd acknowledged it. */
    void put(String key, String value) {
        Http.ok("POST", url("/v3/kv/put"), "{\"key\":\"" + base64(key) + "\",\"value\":\"" + base64(value) + "\"}");
    }

    @Override
    public void close() {
        bench.stop(child);
    }
}
