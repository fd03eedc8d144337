package dev.muster.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The effective, validated configuration of one Muster agent. Immutable.
 *
 * @param dataDir    where H2 keeps the catalog; null with {@code dev}
 * @param durability {@code fsync} (default) or {@code write}; ignored with {@code dev}
 * @param checkpointBatches committed batches between two checkpoints of the store's change log (default 1000)
 * @param sessionTtlMin the shortest TTL a session may ask for (Consul's {@code session_ttl_min}, default 10s)
 * @param reloadMinInterval the least time between two runs of a template's reload command (bursts coalesce)
 * @param once       render every template once, run the commands and exit
 * @param dry        print rendered templates instead of writing them; run no commands
 */
public record RegistryConfig(boolean dev, Path dataDir, String clientAddr, int httpPort, String nodeName,
                             String datacenter, String bindAddr, String logLevel, boolean server,
                             int bootstrapExpect, boolean ui, String durability, int checkpointBatches,
                             Duration sessionTtlMin,
                             List<TemplateConfig> templates,
                             Duration reloadMinInterval, boolean once, boolean dry) {
    public RegistryConfig {
        templates = List.copyOf(templates);
    }

    /** The address Muster advertises for its own node: the bind address unless it is a wildcard. */
    public String advertiseAddr() {
        return bindAddr.equals("0.0.0.0") || bindAddr.equals("::") ? "127.0.0.1" : bindAddr;
    }
}
