package dev.muster.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muster.model.CheckDefinition;
import dev.muster.model.DeregisterRequest;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.RegisterRequest;
import dev.muster.model.Weights;
import dev.muster.store.H2Store;
import dev.muster.store.Durability;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state store's own counters for metrics, and the instance-health count, against real in-memory H2. */
class StateStatsTest {
    private StateStore store;

    @BeforeEach
    void open() {
        store = new StateStore(H2Store.open(null, Durability.MEMORY));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Node node(String name) {
        return new Node("", name, "127.0.0.1", "dc1", Map.of(), Map.of(), Indexes.NONE);
    }

    private static NodeService service(String id) {
        return new NodeService("", id, "web", List.of(), "", Map.of(), Map.of(), 80, Weights.DEFAULT, false,
                Indexes.NONE);
    }

    private static HealthCheck check(String node, String id, String serviceId, HealthStatus status) {
        return new HealthCheck(node, id, id, status, "", "", serviceId, "", List.of(), "", CheckDefinition.EMPTY,
                Indexes.NONE);
    }

    private void register(String node, String serviceId, HealthCheck... checks) throws Exception {
        store.catalog().register(new RegisterRequest(node(node), false, serviceId == null ? null : service(serviceId),
                List.of(checks))).get();
    }

    @Test
    void stats_countNewInstancesOnly_andRemovedOnes() throws Exception {
        register("a", "web1");
        register("a", "web1"); // identical: nothing changes
        register("a", "web2");
        store.catalog().register(new RegisterRequest(node("a"), false,
                new NodeService("", "web2", "web", List.of("changed"), "", Map.of(), Map.of(), 81, Weights.DEFAULT,
                        false, Indexes.NONE), List.of())).get(); // an update, not a registration
        register("b", "api1");
        assertEquals(new StateStats(3, 0, 2, 3, store.lastIndex()), store.stats());

        store.catalog().deregister(new DeregisterRequest("a", "web1", "")).get();
        store.catalog().deregister(new DeregisterRequest("a", "nope", "")).get(); // removes nothing
        store.catalog().deregister(new DeregisterRequest("b", "", "")).get(); // the node with its instance
        StateStats after = store.stats();
        assertEquals(3, after.registrations());
        assertEquals(2, after.deregistrations());
        assertEquals(1, after.nodes());
        assertEquals(1, after.instances());
    }

    @Test
    void stats_afterRestart_keepSizesButCountFromZero(@TempDir Path dir) throws Exception {
        store.close();
        store = new StateStore(H2Store.open(dir, Durability.WRITE));
        register("a", "web1");
        register("a", "web2");
        store.close();
        store = new StateStore(H2Store.open(dir, Durability.WRITE));
        StateStats loaded = store.stats();
        assertEquals(0, loaded.registrations(), "loading the stored catalog is not a registration");
        assertEquals(2, loaded.instances());
        assertEquals(1, loaded.nodes());
    }

    @Test
    void instanceHealth_followsConsulsAggregation() throws Exception {
        register("a", "ok", check("a", "c-ok", "ok", HealthStatus.PASSING));
        register("a", "warn", check("a", "c-warn", "warn", HealthStatus.WARNING),
                check("a", "c-warn2", "warn", HealthStatus.PASSING));
        register("a", "bad", check("a", "c-bad", "bad", HealthStatus.CRITICAL),
                check("a", "c-bad2", "bad", HealthStatus.WARNING));
        register("a", "maint", check("a", "_service_maintenance:maint", "maint", HealthStatus.CRITICAL));
        register("a", "nochecks");
        // node b: a failing node-level check makes every instance on it critical
        register("b", "b1", check("b", "serfHealth", "", HealthStatus.CRITICAL));
        register("b", "b2", check("b", "c-b2", "b2", HealthStatus.PASSING));
        register("c", null); // a node without services counts nothing

        InstanceHealth h = store.health().instanceHealth();
        assertEquals(new InstanceHealth(2, 1, 3, 1, store.lastIndex()), h);
    }
}
