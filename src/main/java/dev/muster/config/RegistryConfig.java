package dev.muster.config;

import java.nio.file.Path;

/**
 * The effective, validated configuration of one Muster agent. Immutable.
 *
 * @param dataDir    where H2 keeps the catalog; null with {@code dev}
 * @param durability {@code fsync} (default) or {@code write}; ignored with {@code dev}
 */
public record RegistryConfig(boolean dev, Path dataDir, String clientAddr, int httpPort, String nodeName,
                             String datacenter, String bindAddr, String logLevel, boolean server,
                             int bootstrapExpect, boolean ui, String durability) {

    /** The address Muster advertises for its own node: the bind address unless it is a wildcard. */
    public String advertiseAddr() {
        return bindAddr.equals("0.0.0.0") || bindAddr.equals("::") ? "127.0.0.1" : bindAddr;
    }
}
