package dev.muster.testing;

import static org.hamcrest.Matchers.equalTo;

import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension giving each test a fresh in-memory Muster on a free loopback port, stopped after the
 * test: {@code @RegisterExtension final InMemoryRegistry registry = new InMemoryRegistry();}.
 */
public final class InMemoryRegistry implements BeforeEachCallback, AfterEachCallback {
    private TestRegistry registry;

    @Override
    public void beforeEach(ExtensionContext context) {
        registry = TestRegistry.inMemory();
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

    /** {@code PUT /v1/catalog/register}, asserting Consul's {@code true}. */
    public void registerCatalog(String body) {
        request().body(body).put("/v1/catalog/register").then().statusCode(200).body(equalTo("true"));
    }
}
