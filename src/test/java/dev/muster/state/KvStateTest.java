package dev.muster.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.model.KvEntry;
import dev.muster.store.Durability;
import dev.muster.store.H2Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KV semantics on the state store (real in-memory H2), following Consul's state-level test vectors
 * (kv-sessions spec §11.2, KV-14…KV-22) with Muster's own indexes: create/modify indexes, no-op writes, CAS,
 * deletes and tree deletes with their tombstones, the index rules for keys, prefixes and missing keys, which
 * writes wake which watch, and reaping after 15 minutes on a fake clock.
 */
class KvStateTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-12-04T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private StateStore store;
    private KvState kv;

    @BeforeEach
    void open() {
        store = new StateStore(H2Store.open(null, Durability.MEMORY), clock);
        kv = store.kv();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private long set(String key, String value) throws Exception {
        assertTrue(kv.set(key, b(value), 0).get());
        return kv.get(null, key).index();
    }

    private long listIndex(String prefix) {
        return kv.list(null, prefix).index();
    }

    private long tableIndex() {
        return kv.get(null, "no such key, ever").index();
    }

    @Test
    void set_keepsCreateIndex_bumpsModifyIndex_andAnEqualWriteChangesNothing() throws Exception {
        long first = set("foo", "bar");
        long second = set("foo", "baz");
        KvEntry e = kv.get(null, "foo").value();
        assertEquals(first, e.indexes().createIndex());
        assertEquals(second, e.indexes().modifyIndex());
        assertTrue(second > first);
        assertArrayEquals(b("baz"), e.value());
        long before = store.lastIndex();
        assertTrue(kv.set("foo", b("baz"), 0).get());
        assertEquals(before, store.lastIndex(), "an identical write takes no index");
        assertTrue(kv.set("foo", b("baz"), 7).get());
        assertEquals(7, kv.get(null, "foo").value().flags(), "flags are part of the content");
        assertTrue(kv.set("foo", b("baz"), 0).get());
        assertEquals(0, kv.get(null, "foo").value().flags(), "a plain set without flags clears them");
    }

    @Test
    void missingKey_reportsTheTableIndex_andAnEmptyBodyIsNull() throws Exception {
        set("a", "1");
        long last = set("b", "");
        assertNull(kv.get(null, "b").value().value(), "an empty value is stored as none");
        Indexed<KvEntry> missing = kv.get(null, "nope");
        assertNull(missing.value());
        assertEquals(last, missing.index());
    }

    @Test
    void list_andKeys_withTheSeparatorRollUp() throws Exception {
        set("foo", "1");
        set("foo/bar", "2");
        set("foo/bar/zip", "3");
        long zorp = set("foo/bar/zip/zorp", "4");
        long baz = set("foo/bar/baz", "5");
        set("some/other/prefix", "6");
        assertEquals(List.of("foo", "foo/bar", "foo/bar/baz", "foo/bar/zip", "foo/bar/zip/zorp"),
                kv.list(null, "foo").value().stream().map(KvEntry::key).toList());
        assertEquals(baz, listIndex("foo"));
        assertEquals(zorp, listIndex("foo/bar/zip"), "the prefix's own highest index, not the table's");
        Indexed<List<String>> keys = kv.keys(null, "foo/bar/", "/");
        assertEquals(List.of("foo/bar/baz", "foo/bar/zip", "foo/bar/zip/"), keys.value());
        assertEquals(baz, keys.index());
        assertEquals(List.of("foo", "foo/", "some/"), kv.keys(null, "", "/").value());
        assertEquals(tableIndex(), listIndex(""), "the whole store reports the table index");
    }

    @Test
    void delete_leavesATombstone_soThePrefixIndexNeverGoesBack_untilReaped() throws Exception {
        set("foo/bar", "1");
        long baz = set("foo/bar/baz", "2");
        assertTrue(kv.delete("foo/bar/baz").get());
        long deleted = store.lastIndex();
        assertTrue(deleted > baz);
        assertEquals(deleted, listIndex("foo/bar/baz"), "the tombstone carries the delete's index");
        set("some/other/key", "3");
        assertEquals(deleted, listIndex("foo/bar/baz"), "a write elsewhere does not move it");
        long before = store.lastIndex();
        assertTrue(kv.delete("foo/bar/baz").get(), "deleting a missing key answers true");
        assertEquals(before, store.lastIndex(), "and changes nothing");

        clock.advance(KvState.TOMBSTONE_TTL.minusSeconds(1));
        assertEquals(0, kv.reapTombstones().get());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(1, kv.reapTombstones().get());
        assertEquals(tableIndex(), listIndex("foo/bar/baz"), "after the reap: the table index");
        assertTrue(listIndex("foo") < deleted, "a prefix index may slide back after a reap, as in Consul");
    }

    @Test
    void checkAndSet_andDeleteIfIndex_followConsul() throws Exception {
        assertFalse(kv.checkAndSet("foo", b("x"), 0, 1).get(), "cas=N on a missing key");
        assertNull(kv.get(null, "foo").value());
        assertTrue(kv.checkAndSet("foo", b("x"), 0, 0).get(), "cas=0 creates");
        long m = kv.get(null, "foo").index();
        assertFalse(kv.checkAndSet("foo", b("y"), 0, 0).get(), "cas=0 on an existing key");
        assertFalse(kv.checkAndSet("foo", b("y"), 0, m - 1).get());
        assertTrue(kv.checkAndSet("foo", b("y"), 42, m).get());
        KvEntry e = kv.get(null, "foo").value();
        assertArrayEquals(b("y"), e.value());
        assertEquals(42, e.flags());

        long now = e.indexes().modifyIndex();
        assertFalse(kv.deleteIfIndex("foo", now - 1).get());
        assertFalse(kv.deleteIfIndex("foo", 0).get(), "cas=0 never deletes an existing key");
        assertTrue(kv.deleteIfIndex("foo", now).get());
        assertNull(kv.get(null, "foo").value());
        long before = store.lastIndex();
        assertTrue(kv.deleteIfIndex("foo", 2).get(), "a missing key answers true");
        assertEquals(before, store.lastIndex());
    }

    @Test
    void deleteTree_onePrefixTombstone_noneForTheRoot_andNothingForAnEmptyTree() throws Exception {
        set("foo/bar", "1");
        set("foo/bar/baz", "2");
        set("foo/bar/zip", "3");
        long zorp = set("foo/zorp", "4");
        long before = store.lastIndex();
        assertTrue(kv.deleteTree("bar").get());
        assertEquals(before, store.lastIndex(), "a tree with nothing in it: no write");
        assertTrue(kv.deleteTree("foo/bar").get());
        long deleted = store.lastIndex();
        assertEquals(List.of("foo/zorp"), kv.list(null, "foo").value().stream().map(KvEntry::key).toList());
        assertEquals(deleted, listIndex("foo"), "the prefix tombstone counts for foo");
        assertEquals(deleted, listIndex("foo/bar"));
        clock.advance(KvState.TOMBSTONE_TTL.plusSeconds(1));
        assertEquals(1, kv.reapTombstones().get(), "one tombstone for the whole tree");
        assertEquals(zorp, listIndex("foo"));
        assertTrue(kv.deleteTree("").get());
        assertTrue(kv.list(null, "").value().isEmpty());
        clock.advance(KvState.TOMBSTONE_TTL.plusSeconds(1));
        assertEquals(0, kv.reapTombstones().get(), "deleting the whole store leaves no tombstone");
    }

    @Test
    void watches_wakeForTheirKeyOrPrefix_only() throws Exception {
        set("foo", "1");
        set("foo/bar", "2");
        WatchSet onKey = new WatchSet();
        kv.get(onKey, "foo");
        WatchSet onPrefix = new WatchSet();
        kv.list(onPrefix, "foo/");
        WatchSet onMissing = new WatchSet();
        kv.get(onMissing, "later");
        WatchSet onEmptyPrefix = new WatchSet();
        kv.list(onEmptyPrefix, "other/");

        set("unrelated", "x");
        assertFalse(onKey.anyChange().isDone(), "another key's write leaves a key watch quiet");
        assertFalse(onPrefix.anyChange().isDone());
        // a read that found nothing reports the table index, which every KV write moves (Consul's classic rule)
        assertTrue(onMissing.anyChange().isDone(), "a missing key's read waits on the table");
        assertTrue(onEmptyPrefix.anyChange().isDone(), "an empty prefix's read waits on the table");
        assertTrue(kv.get(null, "later").index() > 0);

        set("foo/bar/deeper", "y");
        assertTrue(onPrefix.anyChange().isDone(), "a key under the prefix");
        assertFalse(onKey.anyChange().isDone(), "foo/bar/deeper is not foo");

        WatchSet appears = new WatchSet();
        kv.get(appears, "later");
        set("later", "z");
        assertTrue(appears.anyChange().isDone(), "the missing key appeared");
        assertTrue(kv.delete("foo").get());
        assertTrue(onKey.anyChange().isDone(), "its delete");
        WatchSet onTree = new WatchSet();
        kv.list(onTree, "foo/bar/deeper");
        assertTrue(kv.deleteTree("foo/").get());
        assertTrue(onTree.anyChange().isDone(), "a tree delete of a parent prefix");
        List.of(onKey, onPrefix, onMissing, onEmptyPrefix, appears, onTree).forEach(WatchSet::cancel);
    }

    @Test
    void release_ofAnUnlockedKey_isFalse_andChangesNothing() throws Exception {
        long m = set("foo", "1");
        assertFalse(kv.release("foo", b("2"), 0, "some-session").get());
        assertFalse(kv.release("missing", b("2"), 0, "some-session").get());
        assertEquals(m, kv.get(null, "foo").index());
    }

    @Test
    void entries_andTombstones_surviveARestart() throws Exception {
        store.close();
        store = new StateStore(H2Store.open(dir, Durability.FSYNC), clock);
        kv = store.kv();
        set("keep", "v");
        assertTrue(kv.set("flags", b("big"), 0xe0f69a2baa414de0L).get());
        set("gone/a", "1");
        assertTrue(kv.deleteTree("gone/").get());
        long deleted = store.lastIndex();
        store.close();
        store = new StateStore(H2Store.open(dir, Durability.FSYNC), clock);
        kv = store.kv();
        assertArrayEquals(b("v"), kv.get(null, "keep").value().value());
        assertEquals("16210313421097356768", Long.toUnsignedString(kv.get(null, "flags").value().flags()));
        assertEquals(deleted, listIndex("gone/"), "the tombstone is durable too");
    }
}
