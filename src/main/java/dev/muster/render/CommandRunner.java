package dev.muster.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a check or reload command without a shell (argv as given), with a timeout, capturing its combined
 * output (the first 64 KiB). A timed-out command is killed. Stateless.
 */
final class CommandRunner {
    private static final int MAX_OUTPUT = 64 * 1024;

    private CommandRunner() {
    }

    /** The outcome of one command run. */
    record Result(int exitCode, String output, Duration took, boolean timedOut) {
        boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    static Result run(List<String> argv, Duration timeout) {
        long start = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, "cannot run " + argv + ": " + e.getMessage(), Duration.ofNanos(System.nanoTime() - start),
                    false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getInputStream(), out), "muster-command-output");
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                // a shell's children would otherwise outlive it and hold the output pipe open
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            finished = false;
        }
        String output;
        synchronized (out) {
            output = out.toString(StandardCharsets.UTF_8).strip();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return finished ? new Result(p.exitValue(), output, took, false) : new Result(-1, output, took, true);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (out) {
                    if (out.size() < MAX_OUTPUT) {
                        out.write(buf, 0, Math.min(n, MAX_OUTPUT - out.size()));
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended or was killed; what was read is kept
        }
    }
}
