package dev.muster.state;

import dev.muster.model.Keys;

/**
 * Names of the index-table entries (Consul's {@code index} table): one per table, one per service name,
 * the last-extinction entry and the global index.
 */
public final class IndexTable {
    public static final String NODES = "nodes";
    public static final String SERVICES = "services";
    public static final String CHECKS = "checks";
    /** Index of the last write that removed the last instance of some service. */
    public static final String SERVICE_EXTINCTION = "service_last_extinction";
    /** The highest index ever assigned; persisted so it never goes backwards across restarts. */
    public static final String GLOBAL = "_global";

    private IndexTable() {
    }

    /** The per-service entry, {@code service.<name>} with the name case-folded. */
    public static String service(String serviceName) {
        return "service." + Keys.fold(serviceName);
    }
}
