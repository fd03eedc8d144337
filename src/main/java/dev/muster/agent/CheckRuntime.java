package dev.muster.agent;

import dev.muster.health.CheckRunner;
import dev.muster.health.Probes;
import dev.muster.clock.Scheduler;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Keys;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * What runs for the agent's checks: a TTL timer per TTL check (re-armed by every update, expiring into
 * critical), a {@link CheckRunner} per HTTP/TCP check, the "critical since" clock the reaper reads and
 * the output-write throttle. Status changes are handed to the agent, which writes them through the state
 * store; the agent changes this runtime only inside its writes, so runtime changes follow write order.
 * Thread-safe.
 */
final class CheckRuntime {
    /** One armed TTL: the timer fires only if it is still the current one for its check. */
    private record TtlTimer(long deadline, Scheduler.Cancellable cancellable) {
    }

    private final Scheduler scheduler;
    private final Probes probes;
    private final RandomGenerator random;
    private final Map<String, TtlTimer> ttls = new ConcurrentHashMap<>();
    private final Map<String, CheckRunner> runners = new ConcurrentHashMap<>();
    private final Map<String, Long> criticalSince = new ConcurrentHashMap<>();
    private final Map<String, Long> lastTtlUpdate = new ConcurrentHashMap<>();
    private final Map<String, Long> lastOutputWrite = new ConcurrentHashMap<>();
    /** Consul's check_update_interval: output-only changes are written at most this often. */
    static final Duration OUTPUT_UPDATE_INTERVAL = Duration.ofMinutes(5);

    CheckRuntime(Scheduler scheduler, Probes probes, RandomGenerator random) {
        this.scheduler = scheduler;
        this.probes = probes;
        this.random = random;
    }

    /**
     * (Re)starts whatever runs this check: a TTL timer, or a probe runner reporting to {@code report}.
     * A TTL check's timer starts at its full TTL (also after a restart: a check that was passing before
     * must be confirmed again within its TTL, or it expires).
     */
    void activate(HealthCheck check, Runnable onTtlExpired, BiConsumer<HealthStatus, String> report) {
        String key = Keys.fold(check.checkId());
        stop(key);
        criticalSince.remove(key);
        noteStatus(check.checkId(), check.status());
        var d = check.definition();
        if (d.ttl() != null) {
            armTtl(key, d.ttl(), onTtlExpired);
        } else if (!d.http().isEmpty() || !d.tcp().isEmpty()) {
            CheckRunner runner = new CheckRunner(d, scheduler, probes, report);
            runners.put(key, runner);
            runner.start(random.nextDouble());
        }
    }

    /** Restarts a TTL check's clock (after pass/warn/fail/update). */
    void resetTtl(HealthCheck check, Runnable onTtlExpired) {
        if (check.definition().ttl() != null) {
            armTtl(Keys.fold(check.checkId()), check.definition().ttl(), onTtlExpired);
        }
    }

    private void armTtl(String key, Duration ttl, Runnable onTtlExpired) {
        lastTtlUpdate.put(key, scheduler.nanoTime());
        long deadline = scheduler.nanoTime() + ttl.toNanos();
        TtlTimer[] self = new TtlTimer[1];
        self[0] = new TtlTimer(deadline, scheduler.schedule(ttl, () -> {
            if (ttls.remove(key, self[0])) {
                onTtlExpired.run();
            }
        }));
        TtlTimer old = ttls.put(key, self[0]);
        if (old != null) {
            old.cancellable().cancel();
        }
    }

    /**
     * True when the TTL really ran out: no update re-armed the clock since. Called inside the expiry's
     * write, which the state store orders after any pass queued before it.
     */
    boolean ttlExpired(HealthCheck check) {
        Long last = lastTtlUpdate.get(Keys.fold(check.checkId()));
        return last == null || scheduler.nanoTime() - last >= check.definition().ttl().toNanos();
    }

    /**
     * Whether a status/output result should be written: always when the status changes; when only the
     * output changed, at most once per check_update_interval (as Consul, so a timestamp in a health page
     * does not wake every watcher at each probe). Records the write when it says yes.
     */
    boolean shouldWrite(HealthCheck current, HealthStatus status, String output) {
        String key = Keys.fold(current.checkId());
        long now = scheduler.nanoTime();
        boolean write = current.status() != status;
        if (!write && !current.output().equals(output)) {
            Long last = lastOutputWrite.get(key);
            write = last == null || now - last >= OUTPUT_UPDATE_INTERVAL.toNanos();
        }
        if (write) {
            lastOutputWrite.put(key, now);
        }
        return write;
    }

    /** Stops whatever runs this check (it was deregistered or replaced). */
    void stop(String checkId) {
        String key = Keys.fold(checkId);
        TtlTimer ttl = ttls.remove(key);
        if (ttl != null) {
            ttl.cancellable().cancel();
        }
        CheckRunner runner = runners.remove(key);
        if (runner != null) {
            runner.stop();
        }
    }

    void forget(String checkId) {
        stop(checkId);
        String key = Keys.fold(checkId);
        criticalSince.remove(key);
        lastTtlUpdate.remove(key);
        lastOutputWrite.remove(key);
    }

    /** Records when a check became critical (any other status clears it). */
    void noteStatus(String checkId, HealthStatus status) {
        String key = Keys.fold(checkId);
        if (status == HealthStatus.CRITICAL) {
            criticalSince.putIfAbsent(key, scheduler.nanoTime());
        } else {
            criticalSince.remove(key);
        }
    }

    /**
     * How long the check has been continuously critical (0 when it is not). The clock is kept by the
     * agent's own status writes; a check found critical without one (set through the catalog) starts now.
     */
    Duration criticalFor(HealthCheck check) {
        if (check.status() != HealthStatus.CRITICAL) {
            return Duration.ZERO;
        }
        long since = criticalSince.computeIfAbsent(Keys.fold(check.checkId()), k -> scheduler.nanoTime());
        return Duration.ofNanos(scheduler.nanoTime() - since);
    }

    void stopAll() {
        ttls.keySet().forEach(this::stop);
        runners.keySet().forEach(this::stop);
    }
}
