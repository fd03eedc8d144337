package dev.muster.state;

import dev.muster.model.KvEntry;
import dev.muster.model.KvTombstone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * KV reads and writes (Consul's {@code /v1/kv}), with Consul's index rules (kv-sessions spec §2.1): a key
 * reports its ModifyIndex; a prefix the highest ModifyIndex of its entries and of the tombstones under it;
 * a missing key, an empty answer and the whole store the table maximum of {@code kvs} and
 * {@code tombstones}. A blocking read of an existing key or a non-empty prefix watches only what it read, so
 * writes elsewhere never wake it; a read that found nothing waits on the whole table (its index is the table's).
 * Thread-safe (reads under the state store's lock, writes through its writer).
 */
public final class KvState {
    /** How long a tombstone is kept (Consul's TombstoneTTL). */
    public static final Duration TOMBSTONE_TTL = Duration.ofMinutes(15);

    private final StateStore store;

    KvState(StateStore store) {
        this.store = store;
    }

    /** One key, or null, with its index. */
    public Indexed<KvEntry> get(WatchSet ws, String key) {
        return store.read(ws, v -> {
            v.watch(IndexTable.kvKey(key));
            KvEntry entry = v.tables.kv(key);
            if (entry == null) {
                watchWholeTable(v);
            }
            return new Indexed<>(entry, entry != null ? entry.indexes().modifyIndex() : tableIndex(v));
        });
    }

    /** The entries under {@code prefix} in key order ("" for all), with the prefix's index. */
    public Indexed<List<KvEntry>> list(WatchSet ws, String prefix) {
        return store.read(ws, v -> {
            v.watch(IndexTable.kvPrefix(prefix));
            List<KvEntry> entries = List.copyOf(v.tables.kvWithPrefix(prefix));
            if (entries.isEmpty()) {
                watchWholeTable(v);
            }
            return new Indexed<>(entries, prefixIndex(v, prefix, entries));
        });
    }

    /**
     * The keys under {@code prefix}; with a non-empty {@code separator}, a key whose rest after the prefix
     * contains it is rolled up to the prefix plus the rest up to and including its first separator (each
     * roll-up once, in key order).
     */
    public Indexed<List<String>> keys(WatchSet ws, String prefix, String separator) {
        Indexed<List<KvEntry>> listed = list(ws, prefix);
        Set<String> keys = new LinkedHashSet<>();
        for (KvEntry e : listed.value()) {
            int at = separator.isEmpty() ? -1 : e.key().indexOf(separator, prefix.length());
            keys.add(at < 0 ? e.key() : e.key().substring(0, at + separator.length()));
        }
        return new Indexed<>(new ArrayList<>(keys), listed.index());
    }

    /**
     * A missing key or an empty prefix reports the table index, which every KV write moves: such a read waits on
     * the table, so any write answers it (Consul's classic rule, which Spring Cloud Consul Config's watch of its
     * mostly missing contexts relies on; newer Consul servers absorb these wake-ups and make it wait out its
     * 55 s instead).
     */
    private static void watchWholeTable(ReadView v) {
        v.watch(IndexTable.KVS);
    }

    private static long tableIndex(ReadView v) {
        return Math.max(v.tables.index(IndexTable.KVS), v.tables.index(IndexTable.TOMBSTONES));
    }

    private static long prefixIndex(ReadView v, String prefix, List<KvEntry> entries) {
        if (prefix.isEmpty()) {
            return tableIndex(v);
        }
        long max = 0;
        for (KvEntry e : entries) {
            max = Math.max(max, e.indexes().modifyIndex());
        }
        for (KvTombstone t : v.tables.tombstonesWithPrefix(prefix)) {
            max = Math.max(max, t.index());
        }
        return max > 0 ? max : tableIndex(v);
    }

    /** Sets the key (a locked key stays locked); completes with true once durable. */
    public CompletableFuture<Boolean> set(String key, byte[] value, long flags) {
        return store.write(txn -> KvWrites.set(txn, key, value, flags));
    }

    /** Sets only if the key is missing ({@code cas} 0) or has ModifyIndex {@code cas}. */
    public CompletableFuture<Boolean> checkAndSet(String key, byte[] value, long flags, long cas) {
        return store.write(txn -> KvWrites.checkAndSet(txn, key, value, flags, cas));
    }

    /**
     * Takes the lock on the key for {@code session}: false while another session holds it or its lock-delay
     * runs; fails ({@link WriteRejected}) for a missing or unknown session.
     */
    public CompletableFuture<Boolean> acquire(String key, byte[] value, long flags, String session) {
        return store.write(txn -> KvWrites.acquire(txn, key, value, flags, session));
    }

    /** Releases the key if {@code session} holds it, writing the value and flags; false otherwise. */
    public CompletableFuture<Boolean> release(String key, byte[] value, long flags, String session) {
        return store.write(txn -> KvWrites.release(txn, key, value, flags, session));
    }

    public CompletableFuture<Boolean> delete(String key) {
        return store.write(txn -> KvWrites.delete(txn, key));
    }

    /** Deletes only if the key has ModifyIndex {@code cas}; a missing key answers true. */
    public CompletableFuture<Boolean> deleteIfIndex(String key, long cas) {
        return store.write(txn -> KvWrites.deleteIfIndex(txn, key, cas));
    }

    public CompletableFuture<Boolean> deleteTree(String prefix) {
        return store.write(txn -> KvWrites.deleteTree(txn, prefix));
    }

    /**
     * Removes tombstones older than {@link #TOMBSTONE_TTL} and lock-delays that have run out; completes with how
     * many went (run every 30 s).
     */
    public CompletableFuture<Integer> reapTombstones() {
        return store.write(txn -> KvWrites.reapTombstones(txn, txn.nowMillis - TOMBSTONE_TTL.toMillis()));
    }
}
