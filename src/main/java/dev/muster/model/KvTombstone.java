package dev.muster.model;

/**
 * What a KV delete leaves behind for a while (Consul's graveyard): the deleted key (or the deleted tree's
 * prefix) and the index of the delete, so that a prefix's index never goes backwards when its newest key is
 * deleted. {@code deletedAtMillis} (wall clock) decides when it is reaped.
 */
public record KvTombstone(String key, long index, long deletedAtMillis) {
}
