package dev.muster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What every scenario shares: the paths, the run mode (full or --quick), the processes started so far (all
 * stopped on close, also from the shutdown hook), and the results.
 */
final class Bench implements AutoCloseable {
    /** The connection count for the throughput scenarios. */
    static final int CONNECTIONS = 64;

    final Path root;
    final Path out;
    final Path work;
    final Path musterJar;
    final Path benchClasspath;
    final boolean quick;
    final Results results = new Results();
    private final List<Child> children = new ArrayList<>();

    Bench(Path root, boolean quick) {
        this.root = root;
        this.out = root.resolve("target/bench");
        this.work = out.resolve("work");
        this.musterJar = root.resolve("target/muster.jar");
        this.benchClasspath = root.resolve("target/bench-build");
        this.quick = quick;
        deleteTree(work);
        try {
            Files.createDirectories(work);
            Files.createDirectories(out.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Measured repetitions per target after the warm-up. */
    int reps() {
        return quick ? 1 : 3;
    }

    /** Length of one measured wrk run. */
    Duration runTime() {
        return Duration.ofSeconds(quick ? 2 : 6);
    }

    /** Warm-up run per target in round 0: long enough for the JIT to compile Muster's request paths. */
    Duration warmupTime() {
        return Duration.ofSeconds(quick ? 1 : 8);
    }

    Path wrkScript(String name) {
        return root.resolve("src/bench/wrk").resolve(name);
    }

    /** One wrk run with 64 connections: the warm-up length in round 0, the measured length after. */
    Wrk.Result wrk(int round, String url, String script, List<String> scriptArgs) {
        return Wrk.run(url, round == 0 ? warmupTime() : runTime(), CONNECTIONS,
                script == null ? null : wrkScript(script), scriptArgs);
    }

    synchronized Child start(String name, List<String> command, Map<String, String> env) {
        Child child = Child.start(name, command, out.resolve("logs").resolve(name + ".log"), env);
        children.add(child);
        return child;
    }

    /** A child whose stdout the caller reads (not logged to a file). */
    synchronized Child startPiped(String name, List<String> command, Map<String, String> env) {
        Child child = Child.start(name, command, null, env);
        children.add(child);
        return child;
    }

    synchronized void stop(Child child) {
        child.close();
        children.remove(child);
    }

    /** Java command for a main class of the bench project, in its own JVM. */
    List<String> benchJava(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-cp",
                benchClasspath.resolve("muster-bench.jar") + ":" + benchClasspath.resolve("lib") + "/*",
                "dev.muster.bench." + mainClass));
        command.addAll(List.of(args));
        return command;
    }

    Path freshDir(String name) {
        Path dir = work.resolve(name);
        deleteTree(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).close();
        }
        children.clear();
    }
}
