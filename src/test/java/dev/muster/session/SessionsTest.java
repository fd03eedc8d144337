package dev.muster.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.model.Indexes;
import dev.muster.model.Node;
import dev.muster.model.Session;
import dev.muster.state.StateStore;
import dev.muster.store.Durability;
import dev.muster.store.H2Store;
import dev.muster.testing.FakeScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session TTLs on a fake clock (kv-sessions spec §7.4, vectors S-7, S-8, C-4): a session ends at 2 × TTL, a renew
 * restarts that clock without a write, and a restart re-arms every session at its full period.
 */
class SessionsTest {
    private static final Duration TTL = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private final FakeScheduler time = new FakeScheduler();
    private StateStore store;
    private Sessions sessions;

    @BeforeEach
    void open() throws Exception {
        open(dir);
        store.catalog().update(t -> {
            t.ensureNode(new Node("", "agent", "127.0.0.1", "dc1", Map.of(), Map.of(), Indexes.NONE));
            return null;
        }).get();
    }

    private void open(Path at) {
        store = new StateStore(H2Store.open(at, Durability.FSYNC), time.clock(Instant.parse("2026-12-04T00:00:00Z")));
        sessions = new Sessions(store.sessions(), time);
        sessions.start();
    }

    @AfterEach
    void close() {
        sessions.close();
        store.close();
    }

    private Session create(Session.Behavior behavior) throws Exception {
        return sessions.create(new Session("ignored", "patroni", "agent", 1_000_000, behavior, "15.0s", TTL.toNanos(),
                List.of(), null, null, Indexes.NONE)).get();
    }

    /** Runs the due timers, then waits for the writes they queued (the fake clock runs them on this thread). */
    private void advance(Duration by) throws Exception {
        time.advance(by);
        store.kv().set("_barrier", String.valueOf(time.nanoTime()).getBytes(StandardCharsets.UTF_8), 0).get();
    }

    @Test
    void create_replacesTheId_andTheSessionEndsAtTwiceItsTtl() throws Exception {
        Session s = create(Session.Behavior.DELETE);
        assertTrue(s.id().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), s.id());
        assertTrue(store.kv().acquire("service/pg/leader", "node1".getBytes(StandardCharsets.UTF_8), 0, s.id()).get());
        advance(TTL.multipliedBy(2).minusMillis(1));
        assertNotNull(store.sessions().get(s.id()), "alive until 2 x TTL, not at TTL");
        advance(Duration.ofMillis(2));
        assertNull(store.sessions().get(s.id()));
        assertNull(store.kv().get(null, "service/pg/leader").value(), "Behavior delete removed the leader key");
    }

    @Test
    void renew_restartsTheClock_withoutAWrite() throws Exception {
        Session s = create(Session.Behavior.RELEASE);
        advance(Duration.ofSeconds(20));
        long index = store.lastIndex();
        assertEquals(s, sessions.renew(s.id()), "renew answers the session as stored");
        assertEquals(index, store.lastIndex(), "a renew is not a write");
        advance(Duration.ofSeconds(29));
        assertNotNull(store.sessions().get(s.id()), "the renew moved the deadline to 20 s + 30 s");
        advance(Duration.ofSeconds(2));
        assertNull(store.sessions().get(s.id()));
        assertNull(sessions.renew(s.id()), "renewing a gone session finds nothing");
    }

    @Test
    void destroy_endsTheSession_andItsTimerFiresNothing() throws Exception {
        Session s = create(Session.Behavior.RELEASE);
        assertTrue(sessions.destroy(s.id()).get());
        long index = store.lastIndex();
        advance(TTL.multipliedBy(3));
        assertEquals(index + 1, store.lastIndex(), "only the barrier write happened");
    }

    @Test
    void restart_reArmsEverySessionAtItsFullPeriod() throws Exception {
        Session s = create(Session.Behavior.RELEASE);
        advance(Duration.ofSeconds(29));
        sessions.close();
        store.close();
        time.advance(Duration.ofMinutes(5));
        open(dir);
        assertNotNull(store.sessions().get(s.id()), "downtime alone ends no session");
        advance(Duration.ofSeconds(29));
        assertNotNull(store.sessions().get(s.id()), "a full 2 x TTL after the restart");
        advance(Duration.ofSeconds(2));
        assertNull(store.sessions().get(s.id()));
    }

    @Test
    void sessionWithoutTtl_neverExpires() throws Exception {
        Session s = sessions.create(new Session("", "", "agent", 0, Session.Behavior.RELEASE, "", 0, List.of(), null,
                null, Indexes.NONE)).get();
        advance(Duration.ofDays(2));
        assertEquals(s, sessions.renew(s.id()));
    }
}
