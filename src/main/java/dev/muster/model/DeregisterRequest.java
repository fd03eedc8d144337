package dev.muster.model;

/**
 * A validated {@code /v1/catalog/deregister} request: a service ID removes that service and its checks,
 * else a check ID removes that check, else the whole node goes (Consul's precedence).
 */
public record DeregisterRequest(String node, String serviceId, String checkId) {
}
