package dev.muster.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state store against real in-memory H2: indexes, no-op writes, atomic rejection, watches. */
class StateStoreTest {
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

    private static NodeService service(String id, String name) {
        return new NodeService("", id, name, List.of("t"), "", Map.of(), Map.of(), 80, Weights.DEFAULT, false, Indexes.NONE);
    }

    private static HealthCheck check(String node, String id, String serviceId, HealthStatus status) {
        return new HealthCheck(node, id, id, status, "", "", serviceId, "", List.of(), "", CheckDefinition.EMPTY,
                Indexes.NONE);
    }

    private void register(RegisterRequest r) throws Exception {
        store.catalog().register(r).get();
    }

    @Test
    void register_assignsIncreasingIndexes_andNoOpKeepsThem() throws Exception {
        register(new RegisterRequest(node("a"), false, service("web1", "web"), List.of()));
        long first = store.lastIndex();
        assertTrue(first > 0);
        register(new RegisterRequest(node("a"), false, service("web1", "web"), List.of()));
        assertEquals(first, store.lastIndex(), "identical re-registration must not take an index");
        register(new RegisterRequest(node("a"), false, service("web2", "web"), List.of()));
        assertEquals(first + 1, store.lastIndex());
        Indexed<List<dev.muster.model.ServiceNode>> web = store.catalog().serviceNodes(null, "WEB", List.of(), Map.of());
        assertEquals(first + 1, web.index());
        assertEquals(List.of("web1", "web2"), web.value().stream().map(sn -> sn.service().id()).toList());
        assertEquals(new Indexes(first, first), web.value().get(0).service().indexes());
    }

    @Test
    void register_rejectedCheck_undoesWholeRequestButNotOthersInBatch() throws Exception {
        CompletableFuture<Boolean> ok = store.catalog().register(new RegisterRequest(node("a"), false, service("s", "s"),
                List.of()));
        CompletableFuture<Boolean> bad = store.catalog().register(new RegisterRequest(node("b"), false, service("x", "x"),
                List.of(check("b", "c", "missing", HealthStatus.PASSING))));
        assertTrue(ok.get());
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, bad::get);
        assertInstanceOf(WriteRejected.class, e.getCause());
        assertEquals("Missing service registration", e.getCause().getMessage());
        assertNull(store.node("b"));
        assertTrue(store.catalog().serviceNodes(null, "x", List.of(), Map.of()).value().isEmpty());
        assertEquals(1, store.catalog().serviceNodes(null, "s", List.of(), Map.of()).value().size());
    }

    @Test
    void deregisterLastInstance_removesServiceKeyAndMovesExtinction() throws Exception {
        register(new RegisterRequest(node("a"), false, service("web1", "web"), List.of()));
        long before = store.catalog().serviceNodes(null, "web", List.of(), Map.of()).index();
        store.catalog().deregister(new DeregisterRequest("a", "web1", "")).get();
        Indexed<List<dev.muster.model.ServiceNode>> after = store.catalog().serviceNodes(null, "web", List.of(), Map.of());
        assertTrue(after.value().isEmpty());
        assertTrue(after.index() > before);
        assertEquals(after.index(), store.catalog().serviceNodes(null, "never-existed", List.of(), Map.of()).index());
    }

    @Test
    void watch_firesOnlyForTouchedKeys() throws Exception {
        register(new RegisterRequest(node("a"), false, service("web1", "web"), List.of()));
        register(new RegisterRequest(node("a"), false, service("db1", "db"), List.of()));
        WatchSet webWatch = new WatchSet();
        store.catalog().serviceNodes(webWatch, "web", List.of(), Map.of());
        CompletableFuture<Void> web = webWatch.anyChange();
        WatchSet dbWatch = new WatchSet();
        store.catalog().serviceNodes(dbWatch, "db", List.of(), Map.of());
        CompletableFuture<Void> db = dbWatch.anyChange();
        register(new RegisterRequest(node("a"), false, service("db2", "db"), List.of()));
        assertTrue(db.isDone(), "db watchers wake once the write is acknowledged");
        assertFalse(web.isDone(), "web watchers do not wake for db changes");
        register(new RegisterRequest(node("a"), false, null, List.of(check("a", "disk", "", HealthStatus.CRITICAL))));
        assertTrue(web.isDone(), "a node-level check change wakes every service on the node");
    }

    @Test
    void serviceNodes_nodeLevelChecksFirst_andRenameMovesChecks() throws Exception {
        register(new RegisterRequest(node("a"), false, service("web1", "web"),
                List.of(check("a", "svc", "web1", HealthStatus.PASSING), check("a", "node", "", HealthStatus.WARNING))));
        var entry = store.health().serviceNodes(null, "web", List.of(), Map.of()).value().get(0);
        assertEquals(List.of("node", "svc"), entry.checks().stream().map(HealthCheck::checkId).toList());
        assertFalse(entry.allPassing());
        register(new RegisterRequest(node("a"), false, service("web1", "www"), List.of()));
        assertEquals("www", store.health().serviceChecks(null, "www", Map.of()).value().get(0).serviceName());
        assertTrue(store.health().serviceNodes(null, "web", List.of(), Map.of()).value().isEmpty());
    }

    @Test
    void restart_restoresCatalogAndIndex(@TempDir Path dir) throws Exception {
        StateStore durable = new StateStore(H2Store.open(dir, Durability.FSYNC));
        durable.catalog().register(new RegisterRequest(node("a"), false, service("web1", "web"),
                List.of(check("a", "svc", "web1", HealthStatus.PASSING)))).get();
        long index = durable.lastIndex();
        durable.close();
        StateStore reopened = new StateStore(H2Store.open(dir, Durability.FSYNC));
        try {
            assertEquals(index, reopened.lastIndex());
            var entry = reopened.health().serviceNodes(null, "web", List.of(), Map.of()).value().get(0);
            assertEquals("web1", entry.service().id());
            assertEquals(HealthStatus.PASSING, entry.checks().get(0).status());
            reopened.catalog().deregister(new DeregisterRequest("a", "", "")).get();
            assertTrue(reopened.lastIndex() > index);
        } finally {
            reopened.close();
        }
    }

    @Test
    void signals_ofAbandonedWatches_areSweptByLaterWrites() throws Exception {
        for (int i = 0; i < 5000; i++) {
            WatchSet ws = new WatchSet();
            store.catalog().serviceNodes(ws, "missing-" + i, List.of(), Map.of());
            ws.cancel();
        }
        assertTrue(store.signalCount() >= 5000);
        WatchSet kept = new WatchSet();
        store.catalog().serviceNodes(kept, "kept", List.of(), Map.of());
        register(new RegisterRequest(node("a"), false, null, List.of()));
        assertTrue(store.signalCount() < 10, "signals left: " + store.signalCount());
        register(new RegisterRequest(node("a"), false, service("k1", "kept"), List.of()));
        assertTrue(kept.anyChange().isDone(), "a watched signal survives the sweep and still fires");
    }
}
