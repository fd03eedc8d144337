package dev.muster.health;

import dev.muster.model.HealthStatus;

/** The outcome of one HTTP or TCP probe: a status and the output Consul would write. */
public record ProbeResult(HealthStatus status, String output) {
}
