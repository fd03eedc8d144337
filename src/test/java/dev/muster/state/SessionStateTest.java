package dev.muster.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.model.CheckDefinition;
import dev.muster.model.DeregisterRequest;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.KvEntry;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.Session;
import dev.muster.model.Weights;
import dev.muster.store.Durability;
import dev.muster.store.H2Store;
import dev.muster.testing.FakeScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions in the state store (kv-sessions spec §7, vectors S-13…S-20, KV-23, KV-24): creation checks,
 * invalidation by the catalog in the same write, release vs delete of held keys, lock-delay, indexes and
 * durability. Real in-memory H2; time from a fake clock.
 */
class SessionStateTest {
    @TempDir
    Path dir;
    private final FakeScheduler time = new FakeScheduler();
    private final Clock clock = time.clock(Instant.parse("2026-12-04T00:00:00Z"));
    private StateStore store;
    private SessionState sessions;
    private KvState kv;

    @BeforeEach
    void open() throws Exception {
        open(null, Durability.MEMORY);
        update(t -> {
            t.ensureNode(new Node("", "foo", "127.0.0.1", "dc1", Map.of(), Map.of(), Indexes.NONE));
            t.ensureService("foo", new NodeService("", "api", "api", List.of(), "", Map.of(), Map.of(), 80,
                    Weights.DEFAULT, false, Indexes.NONE));
            t.ensureCheck(check("bar", "", HealthStatus.PASSING));
            t.ensureCheck(check("api-check", "api", HealthStatus.PASSING));
            return null;
        });
    }

    private void open(Path at, Durability durability) {
        store = new StateStore(H2Store.open(at, durability), clock);
        sessions = store.sessions();
        kv = store.kv();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static HealthCheck check(String id, String serviceId, HealthStatus status) {
        return new HealthCheck("foo", id, id, status, "", "", serviceId, "", List.of(), "", CheckDefinition.EMPTY,
                Indexes.NONE);
    }

    private void update(java.util.function.Function<CatalogTxn, Void> op) throws Exception {
        store.catalog().update(op).get();
    }

    private static Session draft(String id, List<String> checks, Session.Behavior behavior, long lockDelayNanos) {
        return new Session(id, "test", "foo", lockDelayNanos, behavior, "", 0, checks, null, null, Indexes.NONE);
    }

    private Session create(String id, List<String> checks, Session.Behavior behavior, long lockDelayNanos)
            throws Exception {
        return sessions.create(draft(id, checks, behavior, lockDelayNanos)).get();
    }

    private static String rejection(java.util.concurrent.CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertTrue(e.getCause() instanceof WriteRejected, e.getCause().toString());
        return e.getCause().getMessage();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void create_checksNodeAndLinkedChecks_andFailuresChangeNothing() throws Exception {
        long before = store.lastIndex();
        assertEquals("Missing node registration", rejection(sessions.create(
                new Session("s0", "", "nope", 0, Session.Behavior.RELEASE, "", 0, List.of(), null, null, Indexes.NONE))));
        assertEquals("Missing check 'check1' registration",
                rejection(sessions.create(draft("s1", List.of("check1"), Session.Behavior.RELEASE, 0))));
        update(t -> {
            t.ensureCheck(check("check1", "", HealthStatus.CRITICAL));
            return null;
        });
        long afterCheck = store.lastIndex();
        assertTrue(afterCheck > before);
        assertEquals("Check 'check1' is in critical state",
                rejection(sessions.create(draft("s1", List.of("check1"), Session.Behavior.RELEASE, 0))));
        assertEquals(afterCheck, store.lastIndex(), "refused creates take no index");
        update(t -> {
            t.ensureCheck(check("check1", "", HealthStatus.PASSING));
            return null;
        });
        Session s = create("s1", List.of("check1"), Session.Behavior.RELEASE, 0);
        assertEquals(new Indexes(store.lastIndex(), store.lastIndex()), s.indexes());
        assertEquals(store.lastIndex(), sessions.info(null, "s1").index());
        assertEquals(List.of(s), sessions.info(null, "s1").value());
        assertEquals(List.of(), sessions.info(null, "unknown").value());
        assertEquals(store.lastIndex(), sessions.info(null, "unknown").index(), "info reports the table index");
    }

    @Test
    void nodeDelete_invalidatesItsSessions_inTheSameWrite() throws Exception {
        create("s1", List.of(), Session.Behavior.RELEASE, 0);
        WatchSet ws = new WatchSet();
        sessions.node(ws, "FOO");
        store.catalog().deregister(new DeregisterRequest("foo", "", "")).get();
        assertTrue(ws.anyChange().isDone(), "the node's session watch fired");
        assertEquals(List.of(), sessions.list(null).value());
        assertEquals(store.lastIndex(), sessions.list(null).index());
    }

    @Test
    void serviceDelete_invalidatesSessionsLinkedToItsChecks() throws Exception {
        create("s1", List.of("api-check"), Session.Behavior.RELEASE, 0);
        create("s2", List.of("bar"), Session.Behavior.RELEASE, 0);
        update(t -> {
            t.deleteService("foo", "api");
            return null;
        });
        assertEquals(List.of("s2"), sessions.list(null).value().stream().map(Session::id).toList());
        assertEquals(store.lastIndex(), sessions.list(null).index());
    }

    @Test
    void criticalCheck_invalidates_butWarningDoesNot() throws Exception {
        create("s1", List.of("bar"), Session.Behavior.RELEASE, 0);
        update(t -> {
            t.ensureCheck(check("bar", "", HealthStatus.WARNING));
            return null;
        });
        assertEquals(1, sessions.list(null).value().size(), "warning does not invalidate");
        update(t -> {
            t.ensureCheck(check("bar", "", HealthStatus.CRITICAL));
            return null;
        });
        assertEquals(List.of(), sessions.list(null).value());
        assertEquals(store.lastIndex(), sessions.list(null).index());
    }

    @Test
    void checkDelete_invalidatesAndLeavesNoLink() throws Exception {
        create("s1", List.of("bar"), Session.Behavior.RELEASE, 0);
        update(t -> {
            t.deleteCheck("foo", "bar");
            return null;
        });
        assertEquals(List.of(), sessions.list(null).value());
        store.read(null, v -> {
            assertEquals(List.of(), List.copyOf(v.tables.sessionsOfCheck("foo", "bar")));
            return null;
        });
    }

    @Test
    void invalidation_releasesHeldKeys_withLockDelay() throws Exception {
        create("s1", List.of(), Session.Behavior.RELEASE, Duration.ofMillis(50).toNanos());
        assertTrue(kv.acquire("/foo", b("test"), 42, "s1").get());
        update(t -> {
            t.ensureNode(new Node("", "foo", "127.0.0.2", "dc1", Map.of(), Map.of(), Indexes.NONE));
            return null;
        });
        assertTrue(sessions.destroy("s1").get());
        long at = store.lastIndex();
        KvEntry e = kv.get(null, "/foo").value();
        assertEquals("", e.session());
        assertEquals(1, e.lockIndex());
        assertEquals(42, e.flags());
        assertArrayEquals(b("test"), e.value());
        assertEquals(at, e.indexes().modifyIndex());
        create("s2", List.of(), Session.Behavior.RELEASE, 0);
        assertFalse(kv.acquire("/foo", b("x"), 0, "s2").get(), "lock-delay refuses every session");
        time.advance(Duration.ofMillis(49));
        assertFalse(kv.acquire("/foo", b("x"), 0, "s2").get());
        time.advance(Duration.ofMillis(2));
        assertTrue(kv.acquire("/foo", b("x"), 0, "s2").get(), "the delay ends after LockDelay");
        assertEquals(2, kv.get(null, "/foo").value().lockIndex());
    }

    @Test
    void invalidation_withDeleteBehavior_deletesHeldKeys_leavingATombstone() throws Exception {
        create("s1", List.of(), Session.Behavior.DELETE, Duration.ofMillis(50).toNanos());
        assertTrue(kv.acquire("bar", b("test"), 0, "s1").get());
        assertTrue(kv.set("bar-other", b("x"), 0).get());
        WatchSet ws = new WatchSet();
        kv.get(ws, "bar");
        assertTrue(sessions.destroy("s1").get());
        long at = store.lastIndex();
        assertTrue(ws.anyChange().isDone());
        assertNull(kv.get(null, "bar").value());
        assertEquals(at, kv.get(null, "bar").index());
        assertEquals(at, kv.list(null, "bar").index(), "the prefix index counts the tombstone");
        store.read(null, v -> {
            assertTrue(v.tables.lockDelay("bar") > clock.millis(), "lock-delay set for the deleted key");
            return null;
        });
    }

    @Test
    void destroy_unknownSession_changesNoIndex() throws Exception {
        long before = store.lastIndex();
        assertTrue(sessions.destroy("nope").get());
        assertEquals(before, store.lastIndex());
        assertEquals(0, sessions.list(null).index(), "no session ever: table index 0");
    }

    @Test
    void acquire_followsConsulsLockRules() throws Exception {
        assertEquals("missing session", rejection(kv.acquire("foo", b("bar"), 0, "")));
        assertEquals("invalid session \"nope\"", rejection(kv.acquire("foo", b("bar"), 0, "nope")));
        create("s1", List.of(), Session.Behavior.RELEASE, 0);
        create("s2", List.of(), Session.Behavior.RELEASE, 0);
        assertTrue(kv.acquire("foo", null, 0, "s1").get());
        KvEntry first = kv.get(null, "foo").value();
        assertEquals(1, first.lockIndex());
        assertEquals(first.indexes().createIndex(), first.indexes().modifyIndex());
        assertTrue(kv.acquire("foo", b("bar"), 0, "s1").get(), "the holder may rewrite the value");
        assertEquals(1, kv.get(null, "foo").value().lockIndex(), "...without a new acquisition");
        assertFalse(kv.acquire("foo", b("steal"), 0, "s2").get());
        assertArrayEquals(b("bar"), kv.get(null, "foo").value().value(), "a refused acquire changes nothing");
        assertFalse(kv.release("foo", b("x"), 0, "s2").get(), "only the holder releases");
        assertTrue(kv.release("foo", b("zoo"), 0, "s1").get());
        KvEntry released = kv.get(null, "foo").value();
        assertEquals("", released.session());
        assertEquals(1, released.lockIndex());
        assertArrayEquals(b("zoo"), released.value(), "release writes the request's value (Consul's quirk)");
        assertFalse(kv.release("foo", b("zoo"), 0, "s1").get(), "releasing an unlocked key is false");
        assertTrue(kv.acquire("foo", b("zoo"), 0, "s2").get(), "no lock-delay after a voluntary release");
        assertEquals(2, kv.get(null, "foo").value().lockIndex());
        assertTrue(kv.set("bar", b("x"), 0).get());
        assertTrue(kv.acquire("bar", b("x"), 0, "s1").get());
        KvEntry bar = kv.get(null, "bar").value();
        assertEquals(1, bar.lockIndex());
        assertTrue(bar.indexes().createIndex() < bar.indexes().modifyIndex());
        assertEquals(List.of("bar"), sessions.heldKeys("s1"));
        assertEquals(List.of("foo"), sessions.heldKeys("s2"));
    }

    @Test
    void sessionsLocksAndLockDelays_surviveARestart() throws Exception {
        store.close();
        open(dir, Durability.FSYNC);
        update(t -> {
            t.ensureNode(new Node("", "foo", "127.0.0.1", "dc1", Map.of(), Map.of(), Indexes.NONE));
            return null;
        });
        Session kept = sessions.create(new Session("keep", "n", "foo", 20_000_000_000L, Session.Behavior.DELETE,
                "15.0s", 15_000_000_000L, List.of(), null, null, Indexes.NONE)).get();
        create("gone", List.of(), Session.Behavior.RELEASE, Duration.ofMinutes(1).toNanos());
        assertTrue(kv.acquire("held", b("v"), 0xe0f69a2baa414de0L, "keep").get());
        assertTrue(kv.acquire("delayed", b("v"), 0, "gone").get());
        assertTrue(sessions.destroy("gone").get());
        store.close();
        open(dir, Durability.FSYNC);
        assertEquals(List.of(kept), sessions.list(null).value());
        assertEquals("keep", kv.get(null, "held").value().session());
        assertEquals(List.of("held"), sessions.heldKeys("keep"));
        create("new", List.of(), Session.Behavior.RELEASE, 0);
        assertFalse(kv.acquire("delayed", b("v"), 0, "new").get(), "the lock-delay is stored");
    }
}
