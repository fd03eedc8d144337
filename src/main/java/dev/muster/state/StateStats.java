package dev.muster.state;

/**
 * Counters of the state store for metrics, read at one point in time: registrations (a service instance that
 * did not exist before a committed write) and deregistrations (an instance a committed write removed) since
 * start — loading the stored catalog counts neither —, and the current sizes and index.
 */
public record StateStats(long registrations, long deregistrations, int nodes, int instances, long index) {
}
