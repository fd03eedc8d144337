package dev.muster.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * For tests that run Muster as a child process (the jar, the release launcher): a free loopback port to give
 * it, and waiting until it answers {@code /v1/status/leader}.
 */
public final class ChildMuster {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ChildMuster() {
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Polls {@code /v1/status/leader} on {@code port} until it answers 200 and returns the body; fails with the
     * child's log when the process exits first or {@code timeout} passes.
     */
    public static String awaitLeader(Process process, int port, Path log, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest leader = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/status/leader"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Muster exited with " + process.exitValue() + " before it answered:\n"
                        + Files.readString(log));
            }
            try {
                HttpResponse<String> r = HTTP.send(leader, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.body();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Muster did not answer within " + timeout + ":\n" + Files.readString(log));
    }
}
