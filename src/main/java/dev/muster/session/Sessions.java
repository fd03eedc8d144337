package dev.muster.session;

import dev.muster.clock.Scheduler;
import dev.muster.model.Session;
import dev.muster.state.SessionState;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session lifecycle: create, destroy and renew, and the TTL timers that end sessions nobody renews (Consul's
 * {@code session_ttl.go}).
 *
 * <h2>Timers</h2>
 * A session with a TTL ends {@link Session#TTL_MULTIPLIER} × TTL after its creation or its last renew (the TTL is
 * a lower bound, as in Consul). Timers are memory only: a renew is not a write, so it costs no commit and wakes no
 * watcher. {@link #start()} arms every stored TTL session at its full 2 × TTL, which is Consul's rule on a leader
 * change and means downtime alone never ends a session. With several Muster nodes on one store
 * ({@code ha-postgres.md} §4.4) only the lease holder runs these timers and re-arms them when it takes over.
 *
 * <h2>Consistency</h2>
 * A timer that fires ends the session through an ordinary state write; a session already gone (destroyed, or
 * invalidated by its node or a check) makes that write a no-op, so stale timers are harmless and not tracked
 * beyond firing. Thread-safe.
 */
public final class Sessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    /** After a failed expiry write, try again this much later (Consul retries with back-off too). */
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final SessionState state;
    private final Scheduler scheduler;
    private final Map<String, Armed> timers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A session's timer and the monotonic time it is due, so a timer overtaken by a renew knows it is stale. */
    private record Armed(long dueNanos, Scheduler.Cancellable timer) {
    }

    public Sessions(SessionState state, Scheduler scheduler) {
        this.state = state;
        this.scheduler = scheduler;
    }

    /** Arms the timer of every stored session with a TTL, at its full 2 × TTL from now. */
    public void start() {
        int armed = 0;
        for (Session s : state.list(null).value()) {
            if (s.ttlNanos() > 0) {
                arm(s);
                armed++;
            }
        }
        if (armed > 0) {
            LOG.info("{} session TTL timer(s) re-armed at their full period", armed);
        }
    }

    /**
     * Creates the session under a fresh random ID (any ID in {@code draft} is replaced, as in Consul) and arms its
     * timer; completes with the stored session, or fails with Consul's text.
     */
    public CompletableFuture<Session> create(Session draft) {
        return state.create(draft.withId(UUID.randomUUID().toString())).thenApply(stored -> {
            if (stored.ttlNanos() > 0) {
                arm(stored);
            }
            return stored;
        });
    }

    /** Ends the session; true also for an unknown ID. */
    public CompletableFuture<Boolean> destroy(String id) {
        return state.destroy(id).thenApply(done -> {
            disarm(id);
            return done;
        });
    }

    /** Restarts the session's TTL clock; the session as stored, or null when there is none. Not a write. */
    public Session renew(String id) {
        Session s = state.get(id);
        if (s != null && s.ttlNanos() > 0) {
            arm(s);
        }
        return s;
    }

    private void arm(Session s) {
        if (closed) {
            return;
        }
        schedule(s.id(), Duration.ofNanos(s.ttlNanos()).multipliedBy(Session.TTL_MULTIPLIER));
    }

    private void schedule(String id, Duration in) {
        long due = scheduler.nanoTime() + in.toNanos();
        Armed previous = timers.put(id, new Armed(due, scheduler.schedule(in, () -> expire(id, due))));
        if (previous != null) {
            previous.timer().cancel();
        }
    }

    private void disarm(String id) {
        Armed armed = timers.remove(id);
        if (armed != null) {
            armed.timer().cancel();
        }
    }

    private void expire(String id, long due) {
        Armed current = timers.get(id);
        // a renew that raced with this timer re-armed it for later: this firing is stale
        if (closed || current == null || current.dueNanos() != due || !timers.remove(id, current)) {
            return;
        }
        state.destroy(id).whenComplete((ok, e) -> {
            if (e == null) {
                LOG.debug("session {} expired", id);
            } else if (!closed) {
                LOG.warn("ending expired session {} failed ({}); retrying in {} s", id, e.getMessage(), RETRY.toSeconds());
                schedule(id, RETRY);
            }
        });
    }

    /** Cancels every timer (sessions stay stored; the next start re-arms them). */
    @Override
    public void close() {
        closed = true;
        timers.values().forEach(a -> a.timer().cancel());
        timers.clear();
    }
}
