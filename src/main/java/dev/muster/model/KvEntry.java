package dev.muster.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One KV entry (Consul's {@code DirEntry}). {@code value} is null for an empty value (Consul renders it
 * {@code null}); {@code flags} is an unsigned 64-bit number carried in a {@code long} (compare and print it with
 * {@link Long#compareUnsigned} and {@link Long#toUnsignedString}); {@code session} is "" when unlocked.
 * Immutable: the value array is never changed after construction.
 */
public record KvEntry(String key, byte[] value, long flags, String session, long lockIndex, Indexes indexes) {
    public KvEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(indexes, "indexes");
        if (value != null && value.length == 0) {
            value = null;
        }
    }

    /** Consul's {@code DirEntry.Equal}: a write whose entry has the same content changes nothing. */
    public boolean sameContent(KvEntry other) {
        return other != null && lockIndex == other.lockIndex && key.equals(other.key) && flags == other.flags
                && Arrays.equals(value, other.value) && session.equals(other.session);
    }

    public boolean locked() {
        return !session.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KvEntry e && sameContent(e) && indexes.equals(e.indexes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(value), flags, session, lockIndex, indexes);
    }

    @Override
    public String toString() {
        return "KvEntry[" + key + ", " + (value == null ? "null" : value.length + " bytes") + ", flags "
                + Long.toUnsignedString(flags) + ", session '" + session + "', lock " + lockIndex + ", " + indexes + "]";
    }
}
