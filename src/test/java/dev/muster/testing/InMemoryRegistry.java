package dev.muster.testing;

import static org.hamcrest.Matchers.equalTo;

import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension giving each test a fresh in-memory Muster on a free loopback port, stopped after the
 * test: {@code @RegisterExtension final InMemoryRegistry registry = new InMemoryRegistry();}.
 */
public final class InMemoryRegistry implements BeforeEachCallback, AfterEachCallback {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Object> settings;
    private TestRegistry registry;

    public InMemoryRegistry() {
        this(Map.of());
    }

    /** A registry with extra settings, e.g. {@code Map.of("session_ttl_min", "100ms")}. */
    public InMemoryRegistry(Map<String, Object> settings) {
        this.settings = Map.copyOf(settings);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        registry = TestRegistry.inMemory(settings);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        registry.close();
    }

    public RequestSpecification request() {
        return registry.request();
    }

    public int port() {
        return registry.port();
    }

    public String baseUrl() {
        return registry.baseUrl();
    }

    /**
     * A blocking GET of {@code path} at {@code index} with {@code wait}, sent asynchronously, so the test can
     * write while it is held and then await the answer.
     */
    public CompletableFuture<HttpResponse<String>> blockingGet(String path, long index, String wait) {
        String sep = path.contains("?") ? "&" : "?";
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path + sep + "index=" + index
                + "&wait=" + wait)).timeout(Duration.ofSeconds(30)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** {@code PUT /v1/catalog/register}, asserting Consul's {@code true}. */
    public void registerCatalog(String body) {
        request().body(body).put("/v1/catalog/register").then().statusCode(200).body(equalTo("true"));
    }
}
