package dev.muster.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The driver's own control requests (set-up, triggers, probes) — not the measured load. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {
    }

    static HttpResponse<byte[]> send(String method, String url, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new BenchException(method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }

    /** Sends and fails unless the answer is 2xx; returns the body. */
    static String ok(String method, String url, String body) {
        HttpResponse<byte[]> response = send(method, url, body);
        String text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        if (response.statusCode() / 100 != 2) {
            throw new BenchException(method + " " + url + " → " + response.statusCode() + ": " + text);
        }
        return text;
    }

    /** Polls the URL until it answers 2xx; returns the nanoTime of that answer. */
    static long awaitUp(String url, Child owner, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            owner.requireAlive();
            try {
                HttpResponse<byte[]> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() / 100 == 2) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted", e);
            }
            Sleep.millis(5);
        }
        throw new BenchException(owner.name() + " did not answer " + url + " within " + timeout);
    }
}
