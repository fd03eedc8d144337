package dev.muster.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.health.Probes;
import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.RegisterRequest;
import dev.muster.model.Weights;
import dev.muster.state.StateStore;
import dev.muster.store.H2Store;
import dev.muster.store.Durability;
import dev.muster.testing.FakeScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local agent with real in-memory H2 and a fake clock: TTL expiry, snapshots, replacement, reaping. */
class LocalAgentTest {
    private static final String NODE = "agent-node";
    private final FakeScheduler clock = new FakeScheduler();
    private StateStore store;
    private LocalAgent agent;

    @BeforeEach
    void start() throws Exception {
        open(null);
    }

    private void open(Path dir) throws Exception {
        store = new StateStore(H2Store.open(dir, dir == null ? Durability.MEMORY : Durability.WRITE));
        store.catalog().register(new RegisterRequest(new Node("", NODE, "127.0.0.1", "dc1", Map.of(), Map.of(),
                Indexes.NONE), false, null, List.of())).get();
        agent = new LocalAgent(store.catalog(), store.health(), NODE, clock,
                new Probes(Executors.newSingleThreadExecutor(), clock), RandomGenerator.of("L64X128MixRandom"));
        agent.start();
    }

    @AfterEach
    void stop() {
        agent.close();
        store.close();
    }

    private static NodeService service(String id) {
        return new NodeService("", id, "web", List.of(), "", Map.of(), Map.of(), 80, Weights.DEFAULT, false, Indexes.NONE);
    }

    private static CheckRegistration ttl(String id, Duration ttl, HealthStatus status, Duration deregisterAfter) {
        return new CheckRegistration(id, "", "", "", status, "", new CheckDefinition("", "", "", "", "", "", false,
                Map.of(), null, null, ttl, deregisterAfter, 0, 0, 0, 0));
    }

    /**
     * Advances the clock in one-second steps, waiting after each until the writes its timers queued are
     * applied (in real time those writes land long before the next timer).
     */
    private void advance(Duration d) throws Exception {
        Duration left = d;
        while (!left.isZero()) {
            Duration step = left.compareTo(Duration.ofSeconds(1)) < 0 ? left : Duration.ofSeconds(1);
            clock.advance(step);
            store.catalog().update(txn -> null).get();
            left = left.minus(step);
        }
    }

    private HealthCheck check(String id) {
        return agent.checks().get(id);
    }

    @Test
    void registerService_checkIdsAndNamesLikeConsul() throws Exception {
        agent.registerService(new ServiceRegistration(service("one"), List.of(ttl("", Duration.ofSeconds(10), null, null))),
                false).get();
        agent.registerService(new ServiceRegistration(service("two"), List.of(ttl("", Duration.ofSeconds(10), null, null),
                ttl("", Duration.ofSeconds(20), null, null))), false).get();
        assertEquals(List.of("service:one", "service:two:1", "service:two:2"), List.copyOf(agent.checks().keySet()));
        assertEquals("Service 'web' check", check("service:one").name());
        assertEquals(HealthStatus.CRITICAL, check("service:one").status());
        assertEquals("ttl", check("service:one").type());
    }

    @Test
    void ttl_expiresIntoCriticalWithLastOutput_andUpdatesResetTheClock() throws Exception {
        agent.registerService(new ServiceRegistration(service("web1"), List.of(ttl("", Duration.ofSeconds(10), null, null))),
                false).get();
        agent.updateTtl("service:web1", HealthStatus.PASSING, "all good").get();
        advance(Duration.ofSeconds(8));
        agent.updateTtl("service:web1", HealthStatus.PASSING, "all good").get();
        advance(Duration.ofSeconds(8));
        assertEquals(HealthStatus.PASSING, check("service:web1").status(), "a pass restarts the TTL");
        advance(Duration.ofSeconds(3));
        assertEquals(HealthStatus.CRITICAL, check("service:web1").status());
        assertEquals("TTL expired (last output before timeout follows): all good", check("service:web1").output());
        agent.updateTtl("service:web1", HealthStatus.WARNING, "").get();
        assertEquals(HealthStatus.WARNING, check("service:web1").status(), "an expired check is revived by the next update");
        advance(Duration.ofSeconds(11));
        assertEquals("TTL expired", check("service:web1").output());
    }

    @Test
    void updateTtl_unknownOrNotTtl_consulErrors() throws Exception {
        ExecutionException unknown = assertThrows(ExecutionException.class,
                () -> agent.updateTtl("nope", HealthStatus.PASSING, "").get());
        assertEquals(404, ((AgentError) unknown.getCause()).status());
        agent.registerCheck(new CheckRegistration("tcp", "tcp", "", "", null, "", new CheckDefinition("", "127.0.0.1:1",
                "", "", "", "", false, Map.of(), Duration.ofSeconds(10), null, null, null, 0, 0, 0, 0))).get();
        ExecutionException notTtl = assertThrows(ExecutionException.class,
                () -> agent.updateTtl("tcp", HealthStatus.PASSING, "").get());
        assertInstanceOf(AgentError.class, notTtl.getCause());
        assertEquals("CheckID \"tcp\" does not have associated TTL", notTtl.getCause().getMessage());
    }

    @Test
    void reRegister_keepsStatusAndOldChecks_unlessReplaceExisting() throws Exception {
        agent.registerService(new ServiceRegistration(service("test"), List.of(ttl("", Duration.ofSeconds(10), null, null),
                ttl("check_2", Duration.ofSeconds(10), null, null))), false).get();
        agent.updateTtl("service:test:1", HealthStatus.PASSING, "").get();
        agent.registerService(new ServiceRegistration(service("test"), List.of(ttl("", Duration.ofSeconds(10), null, null),
                ttl("check_3", Duration.ofSeconds(10), null, null))), false).get();
        assertEquals(List.of("check_2", "check_3", "service:test:1"), agent.checks().keySet().stream().sorted().toList());
        assertEquals(HealthStatus.PASSING, check("service:test:1").status(), "status survives re-registration");
        agent.registerService(new ServiceRegistration(service("test"), List.of(ttl("", Duration.ofSeconds(10), null, null),
                ttl("check_3", Duration.ofSeconds(10), null, null))), true).get();
        assertEquals(List.of("check_3", "service:test:1"), agent.checks().keySet().stream().sorted().toList());
    }

    @Test
    void reaper_deregistersAfterContinuousCriticalPastTheOneMinuteFloor() throws Exception {
        agent.registerService(new ServiceRegistration(service("web1"), List.of(ttl("", Duration.ofSeconds(1),
                HealthStatus.PASSING, Duration.ofMillis(200)))), false).get();
        advance(Duration.ofSeconds(2));
        assertEquals(HealthStatus.CRITICAL, check("service:web1").status());
        advance(Duration.ofSeconds(45));
        assertTrue(agent.services().containsKey("web1"), "DeregisterCriticalServiceAfter is raised to 1m");
        agent.updateTtl("service:web1", HealthStatus.PASSING, "").get();
        advance(Duration.ofSeconds(30));
        assertTrue(agent.services().containsKey("web1"), "a pass resets the critical clock");
        advance(Duration.ofSeconds(95));
        assertFalse(agent.services().containsKey("web1"));
        assertFalse(agent.checks().containsKey("service:web1"));
    }

    @Test
    void reaper_withoutDeregisterAfter_neverReaps() throws Exception {
        agent.registerService(new ServiceRegistration(service("web1"), List.of(ttl("", Duration.ofSeconds(1), null, null))),
                false).get();
        advance(Duration.ofMinutes(10));
        assertTrue(agent.services().containsKey("web1"));
    }

    @Test
    void maintenance_addsAndRemovesCriticalCheckWithDefaultNotes() throws Exception {
        agent.registerService(new ServiceRegistration(service("redis"), List.of()), false).get();
        agent.serviceMaintenance("redis", true, "").get();
        HealthCheck maint = check("_service_maintenance:redis");
        assertEquals(HealthStatus.CRITICAL, maint.status());
        assertEquals("Service Maintenance Mode", maint.name());
        assertEquals("Maintenance mode is enabled for this service, but no reason was provided. This is a default message.",
                maint.notes());
        agent.serviceMaintenance("redis", false, "").get();
        assertFalse(agent.checks().containsKey("_service_maintenance:redis"));
        agent.nodeMaintenance(true, "broken").get();
        assertEquals("broken", check("_node_maintenance").notes());
        ExecutionException e = assertThrows(ExecutionException.class, () -> agent.serviceMaintenance("nope", true, "").get());
        assertEquals(404, ((AgentError) e.getCause()).status());
    }

    @Test
    void restart_rearmsTtl_soAPassingCheckMustBeConfirmedAgain(@TempDir Path dir) throws Exception {
        stop();
        open(dir);
        agent.registerService(new ServiceRegistration(service("web1"), List.of(ttl("", Duration.ofSeconds(10),
                HealthStatus.PASSING, null))), false).get();
        stop();
        open(dir);
        assertEquals(HealthStatus.PASSING, check("service:web1").status());
        advance(Duration.ofSeconds(11));
        assertEquals(HealthStatus.CRITICAL, check("service:web1").status());
        assertEquals("TTL expired", check("service:web1").output());
    }

    @Test
    void outputOnlyChanges_areWrittenAtMostEveryFiveMinutes() throws Exception {
        agent.registerService(new ServiceRegistration(service("web1"), List.of(ttl("", Duration.ofMinutes(30), null, null))),
                false).get();
        agent.updateTtl("service:web1", HealthStatus.PASSING, "t=1").get();
        long index = store.lastIndex();
        agent.updateTtl("service:web1", HealthStatus.PASSING, "t=2").get();
        assertEquals("t=1", check("service:web1").output(), "an output-only change waits for the update interval");
        assertEquals(index, store.lastIndex(), "and moves no index");
        agent.updateTtl("service:web1", HealthStatus.WARNING, "t=3").get();
        assertEquals("t=3", check("service:web1").output(), "a status change is written at once");
        advance(Duration.ofMinutes(5));
        agent.updateTtl("service:web1", HealthStatus.WARNING, "t=4").get();
        assertEquals("t=4", check("service:web1").output());
    }
}
