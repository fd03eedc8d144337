package dev.muster.agent;

import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthStatus;

/**
 * A check as the agent API receives it (Consul's CheckType / CheckDefinition), validated by the caller.
 *
 * @param checkId   "" for a service's check → {@code service:<id>} or {@code service:<id>:<n>}
 * @param name      "" → {@code Service '<name>' check} for service checks
 * @param serviceId "" for a node-level check
 * @param status    the initial status, or null for Consul's default (critical)
 */
public record CheckRegistration(String checkId, String name, String notes, String serviceId, HealthStatus status,
                                String type, CheckDefinition definition) {
}
