package dev.muster.cli;

import ch.qos.logback.classic.Level;
import dev.muster.config.ConfigException;
import dev.muster.config.ConfigLoader;
import dev.muster.config.RegistryConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code muster agent [flags]} with Consul's single-dash spellings (double dashes work too), so a Consul
 * command line such as {@code agent -server -bootstrap-expect 1 -data-dir /tmp/consul -bind 0.0.0.0
 * -client 0.0.0.0 -ui} starts as is. Runs until SIGINT/SIGTERM.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the registry: Consul-compatible HTTP API backed by embedded H2.")
final class AgentCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

    @Option(names = {"-dev", "--dev"}, description = "In-memory store; nothing is persisted.")
    Boolean dev;
    @Option(names = {"-data-dir", "--data-dir"}, paramLabel = "DIR", description = "Directory of the durable H2 store.")
    String dataDir;
    @Option(names = {"-http-port", "--http-port"}, paramLabel = "PORT", description = "HTTP API port (default 8500; 0 = any free port).")
    Integer httpPort;
    @Option(names = {"-client", "--client"}, paramLabel = "ADDR", description = "Address the HTTP API listens on (default 127.0.0.1).")
    String client;
    @Option(names = {"-node", "--node"}, paramLabel = "NAME", description = "Node name of this agent (default: host name).")
    String node;
    @Option(names = {"-datacenter", "--datacenter"}, paramLabel = "DC", description = "Datacenter name (default dc1).")
    String datacenter;
    @Option(names = {"-bind", "--bind"}, paramLabel = "ADDR", description = "Address advertised for this node (default 0.0.0.0 → 127.0.0.1).")
    String bind;
    @Option(names = {"-log-level", "--log-level"}, paramLabel = "LEVEL", description = "trace, debug, info (default), warn, error.")
    String logLevel;
    @Option(names = {"-durability", "--durability"}, paramLabel = "MODE", description = "fsync (default: survives power loss) or write (survives kill -9).")
    String durability;
    @Option(names = {"-checkpoint-batches", "--checkpoint-batches"}, paramLabel = "N", description = "Committed batches between two checkpoints of the store's change log (default 1000).")
    Integer checkpointBatches;
    @Option(names = {"-config-file", "--config-file"}, paramLabel = "FILE", description = "JSON config file (repeatable).")
    List<Path> configFiles = new ArrayList<>();
    @Option(names = {"-config-dir", "--config-dir"}, paramLabel = "DIR", description = "Directory of JSON config files (repeatable).")
    List<Path> configDirs = new ArrayList<>();
    @Option(names = {"-template", "--template"}, paramLabel = "SRC:DST[:CMD]", description = "Render template SRC to DST and run CMD when it changes (repeatable), as consul-template.")
    List<String> templates = new ArrayList<>();
    @Option(names = {"-reload-min-interval", "--reload-min-interval"}, paramLabel = "DURATION", description = "Least time between two reloads of one template's command (default 1s).")
    String reloadMinInterval;
    @Option(names = {"-once", "--once"}, description = "Render every template once, run the commands, exit (non-zero on failure).")
    Boolean once;
    @Option(names = {"-dry", "--dry"}, description = "Print rendered templates to stdout instead of writing them; run no commands.")
    Boolean dry;
    @Option(names = {"-server", "--server"}, description = "Accepted for Consul compatibility (Muster is always the server).")
    Boolean server;
    @Option(names = {"-bootstrap-expect", "--bootstrap-expect"}, paramLabel = "N", description = "Accepted when 0 or 1 (Muster is one node).")
    Integer bootstrapExpect;
    @Option(names = {"-bootstrap", "--bootstrap"}, description = "Accepted for Consul compatibility.")
    Boolean bootstrap;
    @Option(names = {"-ui", "--ui"}, description = "Accepted for Consul compatibility (the web UI is always served at /ui/).")
    Boolean ui;

    @Override
    public Integer call() {
        RegistryConfig config;
        try {
            config = new ConfigLoader().load(flags(), configFiles, configDirs);
        } catch (ConfigException e) {
            System.err.println("muster: invalid configuration: " + e.getMessage());
            return 2;
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.toLevel(config.logLevel(), Level.INFO));
        LOG.info("effective config: {}", config);
        Registry registry;
        try {
            registry = Registry.start(config, MusterCommand.version());
        } catch (RuntimeException e) {
            LOG.error("start-up failed: {}", e.getMessage());
            return 1;
        }
        if (config.once()) {
            boolean ok = registry.renderOnce();
            registry.close();
            return ok ? 0 : 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            registry.close();
            stopped.countDown();
        }, "muster-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private Map<String, Object> flags() {
        Map<String, Object> f = new LinkedHashMap<>();
        putIfSet(f, "dev", dev);
        putIfSet(f, "data_dir", dataDir);
        putIfSet(f, "http_port", httpPort);
        putIfSet(f, "client_addr", client);
        putIfSet(f, "node_name", node);
        putIfSet(f, "datacenter", datacenter);
        putIfSet(f, "bind_addr", bind);
        putIfSet(f, "log_level", logLevel);
        putIfSet(f, "durability", durability);
        putIfSet(f, "checkpoint_batches", checkpointBatches);
        putIfSet(f, "server", server);
        putIfSet(f, "bootstrap_expect", bootstrapExpect);
        putIfSet(f, "bootstrap", bootstrap);
        putIfSet(f, "ui", ui);
        putIfSet(f, "reload_min_interval", reloadMinInterval);
        putIfSet(f, "once", once);
        putIfSet(f, "dry", dry);
        if (!templates.isEmpty()) {
            f.put("template", templates);
        }
        return f;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
