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
     * Takes the lock on the key for {@code session} (Consul's kvsLockTxn): false while the key's lock-delay runs
     * (checked first) or while another session holds it; the holder itself may rewrite the value without
     * counting a new acquisition. Value and flags are always replaced by the request's.
     */
    static boolean acquire(Txn txn, String key, byte[] value, long flags, String session) {
        if (txn.tables.lockDelay(key) > txn.nowMillis) {
            return false;
        }
        requireSession(session);
        if (txn.tables.session(session) == null) {
            throw new WriteRejected("invalid session " + goQuoted(session));
        }
        KvEntry old = txn.tables.kv(key);
        if (old != null && old.locked() && !old.session().equals(session)) {
            return false;
        }
        long lockIndex = old == null ? 1 : old.session().equals(session) ? old.lockIndex() : old.lockIndex() + 1;
        put(txn, old, new KvEntry(key, value, flags, session, lockIndex,
                Indexes.at(txn.index, old == null ? null : old.indexes())));
        return true;
    }

    /**
     * Releases the lock of {@code session} on the key, replacing value and flags by the request's (Consul's
     * quirk); false when the key is missing, unlocked or held by another session.
     */
    static boolean release(Txn txn, String key, byte[] value, long flags, String session) {
        requireSession(session);
        KvEntry old = txn.tables.kv(key);
        if (old == null || !old.session().equals(session)) {
            return false;
        }
        put(txn, old, new KvEntry(key, value, flags, "", old.lockIndex(), Indexes.at(txn.index, old.indexes())));
        return true;
    }

    /** Deletes the key if present (leaving a tombstone); a missing key changes nothing. */
    static boolean delete(Txn txn, String key) {
        KvEntry old = txn.tables.kv(key);
        if (old != null) {
            remove(txn, key);
            tombstone(txn, key);
        }
        return true;
    }

    /** Deletes only if the key exists with ModifyIndex {@code cas}; a missing key answers true. */
    static boolean deleteIfIndex(Txn txn, String key, long cas) {
        KvEntry old = txn.tables.kv(key);
        if (old == null) {
            return true;
        }
        if (cas == 0 || old.indexes().modifyIndex() != cas) {
            return false;
        }
        return delete(txn, key);
    }

    /** Deletes every key starting with {@code prefix}; one tombstone for the prefix, none for the whole store. */
    static boolean deleteTree(Txn txn, String prefix) {
        List<String> keys = new ArrayList<>();
        txn.tables.kvWithPrefix(prefix).forEach(e -> keys.add(e.key()));
        for (String key : keys) {
            remove(txn, key);
        }
        if (!keys.isEmpty() && !prefix.isEmpty()) {
            tombstone(txn, prefix);
        }
        return true;
    }

    /** Removes the tombstones deleted at or before {@code cutoffMillis}, and expired lock-delays; how many. */
    static int reapTombstones(Txn txn, long cutoffMillis) {
        List<String> expired = new ArrayList<>();
        txn.tables.tombstonesWithPrefix("").forEach(t -> {
            if (t.deletedAtMillis() <= cutoffMillis) {
                expired.add(t.key());
            }
        });
        // no table index and no watcher: the tombstones table index stays where it was (Consul's reap)
        expired.forEach(key -> txn.put(new Mutation.DeleteTombstone(key)));
        return expired.size() + SessionWrites.reapLockDelays(txn);
    }

    static boolean casMatches(KvEntry old, long cas) {
        return cas == 0 ? old == null : old != null && old.indexes().modifyIndex() == cas;
    }

    static void requireSession(String session) {
        if (session.isEmpty()) {
            throw new WriteRejected("missing session");
        }
    }

    /** Go's {@code %#v} of a string: double-quoted, with backslash escapes for quotes, backslashes and controls. */
    static String goQuoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Writes the entry unless it equals what is stored (then nothing changes: no index, no wake-up). */
    static void put(Txn txn, KvEntry old, KvEntry entry) {
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

    private static void tombstone(Txn txn, String key) {
        txn.put(new Mutation.PutTombstone(new KvTombstone(key, txn.index, txn.nowMillis)));
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
