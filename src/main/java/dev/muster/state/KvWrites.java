package dev.muster.state;

import dev.muster.model.Indexes;
import dev.muster.model.KvEntry;
import dev.muster.model.KvTombstone;
import dev.muster.store.Mutation;
import java.util.ArrayList;
import java.util.List;

/**
 * The KV write rules (Consul's {@code state/kvs.go}), run by the writer thread on a {@link Txn}. A write whose
 * result equals what is stored changes nothing (no index, no wake-up). Every change touches the {@code kvs}
 * table index and notifies the key's watchers and the watchers of every prefix of it; a delete also leaves a
 * tombstone, so a prefix's index never goes backwards. Stateless.
 */
final class KvWrites {
    private KvWrites() {
    }

    /** A plain set: value and flags replaced, the lock holder kept, the lock index reset (Consul's quirk). */
    static boolean set(Txn txn, String key, byte[] value, long flags) {
        KvEntry old = txn.tables.kv(key);
        put(txn, old, new KvEntry(key, value, flags, old == null ? "" : old.session(), 0,
                Indexes.at(txn.index, old == null ? null : old.indexes())));
        return true;
    }

    /** {@code cas=0}: only if the key does not exist; {@code cas=N}: only if its ModifyIndex is N. */
    static boolean checkAndSet(Txn txn, String key, byte[] value, long flags, long cas) {
        if (!casMatches(txn.tables.kv(key), cas)) {
            return false;
        }
        return set(txn, key, value, flags);
    }

    /**
     * Releases the lock of {@code session} on the key, replacing value and flags by the request's (Consul's
     * quirk); false when the key is missing, unlocked or held by another session.
     */
    static boolean release(Txn txn, String key, byte[] value, long flags, String session) {
        KvEntry old = txn.tables.kv(key);
        if (old == null || !old.session().equals(session)) {
            return false;
        }
        put(txn, old, new KvEntry(key, value, flags, "", old.lockIndex(), Indexes.at(txn.index, old.indexes())));
        return true;
    }

    /** Deletes the key if present (leaving a tombstone); a missing key changes nothing. */
    static boolean delete(Txn txn, String key, long nowMillis) {
        KvEntry old = txn.tables.kv(key);
        if (old != null) {
            remove(txn, key);
            tombstone(txn, key, nowMillis);
        }
        return true;
    }

    /** Deletes only if the key exists with ModifyIndex {@code cas}; a missing key answers true. */
    static boolean deleteIfIndex(Txn txn, String key, long cas, long nowMillis) {
        KvEntry old = txn.tables.kv(key);
        if (old == null) {
            return true;
        }
        if (cas == 0 || old.indexes().modifyIndex() != cas) {
            return false;
        }
        return delete(txn, key, nowMillis);
    }

    /** Deletes every key starting with {@code prefix}; one tombstone for the prefix, none for the whole store. */
    static boolean deleteTree(Txn txn, String prefix, long nowMillis) {
        List<String> keys = new ArrayList<>();
        txn.tables.kvWithPrefix(prefix).forEach(e -> keys.add(e.key()));
        for (String key : keys) {
            remove(txn, key);
        }
        if (!keys.isEmpty() && !prefix.isEmpty()) {
            tombstone(txn, prefix, nowMillis);
        }
        return true;
    }

    /** Removes the tombstones deleted at or before {@code cutoffMillis}; how many. */
    static int reapTombstones(Txn txn, long cutoffMillis) {
        List<String> expired = new ArrayList<>();
        txn.tables.tombstonesWithPrefix("").forEach(t -> {
            if (t.deletedAtMillis() <= cutoffMillis) {
                expired.add(t.key());
            }
        });
        // no table index and no watcher: the tombstones table index stays where it was (Consul's reap)
        expired.forEach(key -> txn.put(new Mutation.DeleteTombstone(key)));
        return expired.size();
    }

    static boolean casMatches(KvEntry old, long cas) {
        return cas == 0 ? old == null : old != null && old.indexes().modifyIndex() == cas;
    }

    private static void put(Txn txn, KvEntry old, KvEntry entry) {
        if (entry.sameContent(old)) {
            return;
        }
        txn.put(new Mutation.PutKv(entry));
        changed(txn, entry.key());
    }

    private static void remove(Txn txn, String key) {
        txn.put(new Mutation.DeleteKv(key));
        changed(txn, key);
    }

    private static void tombstone(Txn txn, String key, long nowMillis) {
        txn.put(new Mutation.PutTombstone(new KvTombstone(key, txn.index, nowMillis)));
        txn.touch(IndexTable.TOMBSTONES);
    }

    private static void changed(Txn txn, String key) {
        txn.touch(IndexTable.KVS);
        txn.notify(IndexTable.kvKey(key));
        for (int i = 0; i <= key.length(); i++) {
            txn.notify(IndexTable.kvPrefix(key.substring(0, i)));
        }
    }
}
