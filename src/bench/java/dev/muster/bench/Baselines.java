package dev.muster.bench;

import java.time.Duration;
import java.util.Map;

/** The {@link BaselineServer} process: J_PUT, J_GET and LP. */
final class Baselines implements AutoCloseable {
    private final Bench bench;
    private final Child child;
    private final int port;

    Baselines(Bench bench) {
        this.bench = bench;
        this.port = Bench.freePort();
        this.child = bench.start("baselines", bench.benchJava("BaselineServer", Integer.toString(port)), Map.of());
        Http.awaitUp(url("/up"), child, Duration.ofSeconds(60));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    long pid() {
        return child.pid();
    }

    int port() {
        return port;
    }

    /** Stores the bytes J_GET answers under name (and LP answers, under "lp"). */
    void setBody(String name, byte[] body) {
        Http.ok("PUT", url("/admin/body/" + name), new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        bench.stop(child);
    }
}
