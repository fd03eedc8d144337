package dev.muster.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One Muster agent started from target/muster.jar as its own JVM, with the shipped defaults unless told. */
final class Muster implements AutoCloseable {
    private final Bench bench;
    private final Child child;
    private final int port;
    private final long upAfterNanos;

    private Muster(Bench bench, Child child, int port, long upAfterNanos) {
        this.bench = bench;
        this.child = child;
        this.port = port;
        this.upAfterNanos = upAfterNanos;
    }

    /** Starts Muster on dataDir (null: -dev) with extra flags; waits until its HTTP API answers. */
    static Muster start(Bench bench, String name, Path dataDir, List<String> flags, Map<String, String> env) {
        return start(bench, name, dataDir, flags, env, false);
    }

    /** Like start, with stdout (and logs) left for the caller to read from {@link #stdout()}. */
    static Muster startPiped(Bench bench, String name, Path dataDir, List<String> flags, Map<String, String> env) {
        return start(bench, name, dataDir, flags, env, true);
    }

    private static Muster start(Bench bench, String name, Path dataDir, List<String> flags, Map<String, String> env,
                                boolean piped) {
        int port = Bench.freePort();
        List<String> command = new ArrayList<>(List.of("java"));
        if (System.getenv("MUSTER_BENCH_JFR") != null) { // profiling: scripts/bench --only N with MUSTER_BENCH_JFR=1
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                    + bench.out.resolve(name + ".jfr"));
        }
        command.addAll(List.of("-jar", bench.musterJar.toString(), "agent",
                "-http-port", Integer.toString(port), "-node", "muster-bench", "-log-level", "warn"));
        if (dataDir == null) {
            command.add("-dev");
        } else {
            command.addAll(List.of("-data-dir", dataDir.toString()));
        }
        command.addAll(flags);
        long started = System.nanoTime();
        Child child = piped ? bench.startPiped(name, command, env) : bench.start(name, command, env);
        long up = Http.awaitUp("http://127.0.0.1:" + port + "/v1/status/leader", child, Duration.ofSeconds(120));
        return new Muster(bench, child, port, up - started);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    Bench bench() {
        return bench;
    }

    java.io.InputStream stdout() {
        return child.process().getInputStream();
    }

    int port() {
        return port;
    }

    long pid() {
        return child.pid();
    }

    /** From process start to the first answer of status/leader (JVM start and store load included). */
    Duration startup() {
        return Duration.ofNanos(upAfterNanos);
    }

    @Override
    public void close() {
        bench.stop(child);
    }
}
