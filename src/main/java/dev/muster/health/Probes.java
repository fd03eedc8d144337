package dev.muster.health;

import dev.muster.clock.Scheduler;
import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Runs HTTP and TCP checks the way Consul's agent/checks/check.go does, without blocking a thread per
 * probe: the JDK's async HTTP client and asynchronous socket connects, completing on a small executor.
 * HTTP: 2xx passing, 429 warning, anything else critical; output {@code HTTP GET <url>: 200 OK Output: …}.
 * TCP: a successful connect is passing ({@code TCP connect <addr>: Success}). A {@code Host} header in the
 * check is sent as the request's Host (Consul sets Go's {@code req.Host} from it), which needs the JDK switch
 * {@code jdk.httpclient.allowRestrictedHeaders=host}: {@code Main} sets it before anything else runs. Thread-safe.
 */
public final class Probes {
    /** Consul's default check timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
            Map.entry(201, "Created"), Map.entry(202, "Accepted"), Map.entry(204, "No Content"),
            Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(304, "Not Modified"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private final HttpClient http;
    private final HttpClient httpSkippingTlsVerify;
    private final Scheduler scheduler;

    public Probes(Executor executor, Scheduler scheduler) {
        this.http = client(executor, null);
        this.httpSkippingTlsVerify = client(executor, trustAll());
        this.scheduler = scheduler;
    }

    private static HttpClient client(Executor executor, SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(DEFAULT_TIMEOUT);
        if (ssl != null) {
            SSLParameters params = new SSLParameters();
            params.setEndpointIdentificationAlgorithm(null);
            b.sslContext(ssl).sslParameters(params);
        }
        return b.build();
    }

    /** {@code TLSSkipVerify}: accept any certificate, as Consul's InsecureSkipVerify does. */
    private static SSLContext trustAll() {
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // the check's owner asked not to verify
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // the check's owner asked not to verify
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trustAll}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every JDK", e);
        }
    }

    /** Runs the probe the definition describes (HTTP or TCP). */
    public CompletableFuture<ProbeResult> run(CheckDefinition d) {
        Duration timeout = d.timeout() != null && !d.timeout().isZero() ? d.timeout() : DEFAULT_TIMEOUT;
        int maxOutput = d.outputMaxSize();
        if (!d.http().isEmpty()) {
            return http(d, timeout, maxOutput);
        }
        if (!d.tcp().isEmpty()) {
            return tcp(d.tcp(), timeout);
        }
        return CompletableFuture.completedFuture(
                new ProbeResult(HealthStatus.CRITICAL, "check type not supported by Muster"));
    }

    private CompletableFuture<ProbeResult> http(CheckDefinition d, Duration timeout, int maxOutput) {
        // Consul keeps the last OutputMaxSize bytes of the body (no truncation note).
        String method = d.method().isEmpty() ? "GET" : d.method();
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(d.http())).timeout(timeout)
                    .method(method, d.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(d.body()));
            // Consul's defaults, unless the check sets them itself.
            if (d.header().keySet().stream().noneMatch("User-Agent"::equalsIgnoreCase)) {
                b.setHeader("User-Agent", "Consul Health Check");
            }
            if (d.header().keySet().stream().noneMatch("Accept"::equalsIgnoreCase)) {
                b.setHeader("Accept", "text/plain, text/*, */*");
            }
            for (Map.Entry<String, List<String>> h : d.header().entrySet()) {
                for (String v : h.getValue()) {
                    b.header(h.getKey(), v);
                }
            }
            request = b.build();
        } catch (IllegalArgumentException e) {
            String hint = String.valueOf(e.getMessage()).startsWith("restricted header")
                    ? " (this JVM was started without -Djdk.httpclient.allowRestrictedHeaders=host; muster.jar sets it)" : "";
            return CompletableFuture.completedFuture(new ProbeResult(HealthStatus.CRITICAL,
                    "invalid HTTP check " + method + " " + d.http() + ": " + e.getMessage() + hint));
        }
        HttpClient client = d.tlsSkipVerify() ? httpSkippingTlsVerify : http;
        int maxBody = maxOutput > 0 ? maxOutput : CheckOutput.DEFAULT_MAX_SIZE;
        // The request timeout only covers the headers; the whole exchange gets the check's Timeout too,
        // so a target that stalls its body cannot freeze the check.
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request, TailBody.handler(maxBody));
        return exchange.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((response, error) -> {
            if (error != null) {
                exchange.cancel(true);
                return new ProbeResult(HealthStatus.CRITICAL, httpError(method, d.http(), error));
            }
            int code = response.statusCode();
            String statusLine = code + (REASONS.containsKey(code) ? " " + REASONS.get(code) : "");
            String output = "HTTP " + method + " " + d.http() + ": " + statusLine + " Output: " + response.body();
            HealthStatus status = code >= 200 && code < 300 ? HealthStatus.PASSING
                    : code == 429 ? HealthStatus.WARNING : HealthStatus.CRITICAL;
            return new ProbeResult(status, output);
        });
    }

    private static String httpError(String method, String url, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String verb = method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT);
        String prefix = verb + " \"" + url + "\": ";
        if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException
                || cause instanceof TimeoutException) {
            return prefix + "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
        }
        if (cause instanceof ConnectException) {
            URI uri = URI.create(url);
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            return prefix + "dial tcp " + uri.getHost() + ":" + port + ": connect: connection refused";
        }
        return prefix + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }

    private CompletableFuture<ProbeResult> tcp(String address, Duration timeout) {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        InetSocketAddress target;
        AsynchronousSocketChannel channel;
        try {
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon).replace("[", "").replace("]", "");
            target = new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1)));
            channel = AsynchronousSocketChannel.open();
        } catch (RuntimeException | IOException e) {
            result.complete(new ProbeResult(HealthStatus.CRITICAL, "dial tcp " + address + ": " + e.getMessage()));
            return result;
        }
        Scheduler.Cancellable timer = scheduler.schedule(timeout, () -> {
            if (result.complete(new ProbeResult(HealthStatus.CRITICAL, "dial tcp " + address + ": i/o timeout"))) {
                closeQuietly(channel);
            }
        });
        channel.connect(target, null, new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void v, Void attachment) {
                timer.cancel();
                result.complete(new ProbeResult(HealthStatus.PASSING, "TCP connect " + address + ": Success"));
                closeQuietly(channel);
            }

            @Override
            public void failed(Throwable e, Void attachment) {
                timer.cancel();
                String reason = e instanceof ConnectException ? "connect: connection refused"
                        : String.valueOf(e.getMessage());
                result.complete(new ProbeResult(HealthStatus.CRITICAL, "dial tcp " + address + ": " + reason));
                closeQuietly(channel);
            }
        });
        return result;
    }

    private static void closeQuietly(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to report: the probe's outcome is already decided
        }
    }
}
