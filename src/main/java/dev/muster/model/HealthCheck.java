package dev.muster.model;

import java.util.List;

/**
 * A health check stored in the catalog (Consul's {@code structs.HealthCheck}). Node-level checks have an
 * empty {@code serviceId}. Immutable.
 */
public record HealthCheck(String node, String checkId, String name, HealthStatus status, String notes,
                          String output, String serviceId, String serviceName, List<String> serviceTags,
                          String type, CheckDefinition definition, Indexes indexes) {
    /** The node liveness check every Consul agent has; a node whose serfHealth passes owns its name. */
    public static final String SERF_HEALTH = "serfHealth";
    /** The agent's node maintenance check. */
    public static final String NODE_MAINTENANCE = "_node_maintenance";
    /** The agent's service maintenance checks: this prefix plus the service ID. */
    public static final String SERVICE_MAINTENANCE_PREFIX = "_service_maintenance:";

    public HealthCheck {
        notes = notes == null ? "" : notes;
        output = output == null ? "" : output;
        serviceId = serviceId == null ? "" : serviceId;
        serviceName = serviceName == null ? "" : serviceName;
        serviceTags = List.copyOf(serviceTags);
        type = type == null ? "" : type;
        definition = definition == null ? CheckDefinition.EMPTY : definition;
    }

    public boolean isMaintenance() {
        return checkId.equals(NODE_MAINTENANCE) || checkId.startsWith(SERVICE_MAINTENANCE_PREFIX);
    }

    public boolean isNodeLevel() {
        return serviceId.isEmpty();
    }

    public HealthCheck withIndexes(Indexes newIndexes) {
        return new HealthCheck(node, checkId, name, status, notes, output, serviceId, serviceName, serviceTags,
                type, definition, newIndexes);
    }

    /** The same check attached to (a new version of) its service: name and tags copied from it. */
    public HealthCheck withService(NodeService service) {
        return new HealthCheck(node, checkId, name, status, notes, output, service.id(), service.service(),
                service.tags(), type, definition, indexes);
    }

    public boolean sameAs(HealthCheck other) {
        return other != null && withIndexes(Indexes.NONE).equals(other.withIndexes(Indexes.NONE));
    }
}
