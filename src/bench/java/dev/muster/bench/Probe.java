package dev.muster.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain HTTP/1.0 GET through nginx with a Host header, on a fresh connection (what a new client sees). */
final class Probe {
    private Probe() {
    }

    /** The response body, or null when nothing answered. */
    static String get(int port, String host) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int bodyAt = response.indexOf("\r\n\r\n");
            return bodyAt < 0 ? null : response.substring(bodyAt + 4).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** Probes every ~0.5 ms until the body equals expected; returns the nanoTime of that answer. */
    static long awaitBody(int port, String host, String expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (expected.equals(get(port, host))) {
                return System.nanoTime();
            }
            try {
                Thread.sleep(0, 500_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted", e);
            }
        }
        throw new BenchException("nginx never answered " + expected + " for " + host + " within " + timeout);
    }
}
