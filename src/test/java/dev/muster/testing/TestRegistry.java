package dev.muster.testing;

import dev.muster.cli.Registry;
import dev.muster.config.ConfigLoader;
import dev.muster.config.RegistryConfig;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole Muster started in-process on a free loopback port, for REST Assured tests. In-memory by default;
 * {@link #durable(Path)} keeps H2 files in a directory so a test can stop and start it again.
 */
public final class TestRegistry implements AutoCloseable {
    public static final String NODE = "muster-test";

    private final Registry registry;

    private TestRegistry(Registry registry) {
        this.registry = registry;
    }

    public static TestRegistry inMemory() {
        return start(Map.of("dev", true));
    }

    /** An in-memory registry with extra settings (any spelling {@code ConfigLoader} takes). */
    public static TestRegistry inMemory(Map<String, Object> settings) {
        Map<String, Object> flags = new HashMap<>(settings);
        flags.put("dev", true);
        return start(flags);
    }

    public static TestRegistry durable(Path dataDir) {
        return durable(dataDir, NODE);
    }

    /** A durable registry whose own node has the given name (as after a host rename). */
    public static TestRegistry durable(Path dataDir, String nodeName) {
        return start(Map.of("data_dir", dataDir.toString(), "durability", "write", "node_name", nodeName));
    }

    /** An in-memory registry configured by a JSON config file too (e.g. template blocks). */
    public static TestRegistry inMemory(Path configFile) {
        return start(Map.of("dev", true), List.of(configFile));
    }

    private static TestRegistry start(Map<String, Object> extra) {
        return start(extra, List.of());
    }

    private static TestRegistry start(Map<String, Object> extra, List<Path> configFiles) {
        Map<String, Object> flags = new HashMap<>();
        flags.put("node_name", NODE);
        flags.putAll(extra);
        flags.put("http_port", 0);
        flags.put("client_addr", "127.0.0.1");
        RegistryConfig config = new ConfigLoader().load(flags, configFiles, List.of());
        return new TestRegistry(Registry.start(config, "test"));
    }

    public int port() {
        return registry.httpPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** A request bound to this registry's port (never the static RestAssured.port). */
    public RequestSpecification request() {
        return io.restassured.RestAssured.given(new RequestSpecBuilder().setBaseUri("http://127.0.0.1").setPort(port())
                .setUrlEncodingEnabled(true).build());
    }

    public Registry registry() {
        return registry;
    }

    @Override
    public void close() {
        registry.close();
    }
}
