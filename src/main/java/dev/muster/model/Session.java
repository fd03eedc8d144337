package dev.muster.model;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A session (Consul's {@code structs.Session}): bound to a node and to checks on it, ended by a destroy, by its
 * TTL, or when its node goes or a linked check goes critical or away. {@code ttl} is kept verbatim as the client
 * sent it ({@code "15.0s"}), {@code ttlNanos} is its parsed length (0 = no TTL). The check lists may be null
 * (Consul prints {@code null} for a nil list); {@code checks} is the pre-1.7 field, kept only when it says more
 * than the default. Sessions are never updated in place: ModifyIndex stays CreateIndex. Immutable.
 */
public record Session(String id, String name, String node, long lockDelayNanos, Behavior behavior, String ttl,
                      long ttlNanos, List<String> nodeChecks, List<String> serviceChecks, List<String> checks,
                      Indexes indexes) {
    /** What happens to the keys a session holds when it ends. */
    public enum Behavior {
        RELEASE("release"), DELETE("delete");

        private final String wire;

        Behavior(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** The behavior named {@code wire} ("" is the default, release); null when it names none. */
        public static Behavior of(String wire) {
            if (wire.isEmpty()) {
                return RELEASE;
            }
            for (Behavior b : values()) {
                if (b.wire.equals(wire)) {
                    return b;
                }
            }
            return null;
        }
    }

    /** Consul applies at most a minute of lock-delay, whatever the session asked for. */
    public static final Duration MAX_LOCK_DELAY = Duration.ofSeconds(60);
    /** Consul expires a session only after twice its TTL (the TTL is a lower bound). */
    public static final int TTL_MULTIPLIER = 2;

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(indexes, "indexes");
        nodeChecks = nodeChecks == null ? null : List.copyOf(nodeChecks);
        serviceChecks = serviceChecks == null ? null : List.copyOf(serviceChecks);
        checks = checks == null ? null : List.copyOf(checks);
    }

    /** Every check this session is linked to (Consul's {@code CheckIDs}): checks, node checks, service checks. */
    public List<String> linkedChecks() {
        Set<String> all = new LinkedHashSet<>();
        Stream.of(checks, nodeChecks, serviceChecks).filter(Objects::nonNull).forEach(all::addAll);
        return List.copyOf(all);
    }

    /** The lock-delay applied to the keys it held when it ends: its LockDelay capped at a minute, 0 for none. */
    public long appliedLockDelayMillis() {
        // rounded up, so a 1 µs delay is still a delay
        return lockDelayNanos <= 0 ? 0 : (Math.min(lockDelayNanos, MAX_LOCK_DELAY.toNanos()) + 999_999) / 1_000_000;
    }

    public Session withId(String newId) {
        return new Session(newId, name, node, lockDelayNanos, behavior, ttl, ttlNanos, nodeChecks, serviceChecks, checks,
                indexes);
    }

    public Session withIndexes(Indexes at) {
        return new Session(id, name, node, lockDelayNanos, behavior, ttl, ttlNanos, nodeChecks, serviceChecks, checks, at);
    }
}
