package dev.muster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.KvEntry;
import dev.muster.model.KvTombstone;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.Weights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Store} promises the state layer (see its contract): load after reopen returns exactly what
 * was committed, all or nothing per batch, replays are harmless, and the global index never goes backwards
 * across restarts. Each implementation runs these by extending this class with {@link #open(Path)}.
 */
abstract class StoreContractTest {
    @TempDir
    Path dir;
    private Store store;

    /** Opens (creating when missing) a durable store in {@code dir}. */
    abstract Store open(Path dir);

    private Store reopen() {
        if (store != null) {
            store.close();
        }
        store = open(dir);
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static Node node(String name, long index) {
        return new Node("", name, "127.0.0.1", "dc1", Map.of("lan", "127.0.0.1"), Map.of("rack", "r1"),
                new Indexes(index, index));
    }

    static NodeService service(String id, long index) {
        return new NodeService("", id, "web", List.of("v1", "primary"), "127.0.0.2", Map.of(), Map.of("version", "7"),
                8080, Weights.DEFAULT, false, new Indexes(index, index));
    }

    static HealthCheck check(String node, String id, String serviceId, long index) {
        return new HealthCheck(node, id, id, HealthStatus.PASSING, "notes", "output", serviceId, "web", List.of("v1"),
                "ttl", CheckDefinition.EMPTY, new Indexes(index, index));
    }

    /** One write at {@code index}: a node, a service on it and a check, with the index entries it sets. */
    static Batch registration(String node, String serviceId, long index) {
        return new Batch(List.of(new Mutation.PutNode(node(node, index)),
                new Mutation.PutService(node.toLowerCase(java.util.Locale.ROOT), service(serviceId, index)),
                new Mutation.PutCheck(check(node, "c-" + serviceId, serviceId, index)),
                new Mutation.SetIndex("service.web", index), new Mutation.SetIndex(Snapshot.GLOBAL_INDEX, index)));
    }

    @Test
    void load_newStore_isEmptyAtIndexZero() {
        Snapshot s = reopen().load();
        assertEquals(List.of(), s.nodes());
        assertEquals(List.of(), s.services());
        assertEquals(List.of(), s.checks());
        assertEquals(0, s.index());
    }

    @Test
    void commit_thenReopen_loadsExactlyWhatWasCommitted() {
        reopen().commit(registration("n1", "web-1", 5));
        store.commit(registration("n2", "web-2", 6));
        Snapshot s = reopen().load();
        assertEquals(List.of(node("n1", 5), node("n2", 6)), sorted(s.nodes()));
        assertEquals(2, s.services().size());
        assertEquals(service("web-1", 5), s.services().stream().filter(p -> p.nodeKey().equals("n1")).findFirst()
                .orElseThrow().service());
        assertEquals(check("n2", "c-web-2", "web-2", 6), s.checks().stream().filter(c -> c.node().equals("n2"))
                .findFirst().orElseThrow());
        assertEquals(6, s.index());
        assertEquals(6L, s.indexes().get("service.web"));
    }

    @Test
    void kvEntries_andTombstones_roundTrip_withUnsignedFlags_andDeletesStick() {
        KvEntry locked = new KvEntry("service/pg/leader", "node1".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                0xe0f69a2baa414de0L, "adf4238a-882b-9ddc-4a9d-5b6758e4159e", 2, new Indexes(3, 4));
        KvEntry empty = new KvEntry("config/empty", null, 0, "", 0, new Indexes(5, 5));
        reopen().commit(new Batch(List.of(new Mutation.PutKv(locked), new Mutation.PutKv(empty),
                new Mutation.PutKv(new KvEntry("gone", new byte[] {1}, 0, "", 0, new Indexes(6, 6))),
                new Mutation.SetIndex(Snapshot.GLOBAL_INDEX, 6))));
        store.commit(new Batch(List.of(new Mutation.DeleteKv("gone"),
                new Mutation.PutTombstone(new KvTombstone("gone", 7, 1_000L)),
                new Mutation.PutTombstone(new KvTombstone("reaped", 7, 1_000L)), new Mutation.DeleteTombstone("reaped"),
                new Mutation.SetIndex(Snapshot.GLOBAL_INDEX, 7))));
        Snapshot s = reopen().load();
        assertEquals(List.of(empty, locked), s.kv().stream().sorted(java.util.Comparator.comparing(KvEntry::key)).toList());
        assertEquals(List.of(new KvTombstone("gone", 7, 1_000L)), s.tombstones());
        assertEquals(7, s.index());
    }

    @Test
    void commit_deletes_areDurable_andANegativeIndexRemovesTheEntry() {
        reopen().commit(registration("n1", "web-1", 5));
        store.commit(new Batch(List.of(new Mutation.DeleteCheck("n1", "c-web-1"), new Mutation.DeleteService("n1", "web-1"),
                new Mutation.DeleteNode("n1"), new Mutation.SetIndex("service.web", -1),
                new Mutation.SetIndex(Snapshot.GLOBAL_INDEX, 6))));
        Snapshot s = reopen().load();
        assertEquals(List.of(), s.nodes());
        assertEquals(List.of(), s.services());
        assertEquals(List.of(), s.checks());
        assertFalse(s.indexes().containsKey("service.web"));
        assertEquals(6, s.index());
    }

    @Test
    void commit_sameBatchTwice_leavesTheStateOfOnce() {
        reopen().commit(registration("n1", "web-1", 5));
        Snapshot once = reopen().load();
        store.commit(registration("n1", "web-1", 5));
        assertEquals(once, reopen().load(), "a replay after a crash must not double anything");
    }

    @Test
    void commit_failingBatch_changesNothing_andTheStoreStaysUsable() {
        reopen().commit(registration("n1", "web-1", 5));
        Node broken = new Node("", "n3", null, "dc1", Map.of(), Map.of(), new Indexes(7, 7));
        Batch bad = new Batch(List.of(new Mutation.PutNode(node("n2", 7)), new Mutation.PutNode(broken),
                new Mutation.SetIndex(Snapshot.GLOBAL_INDEX, 7)));
        StoreException e = assertThrows(StoreException.class, () -> store.commit(bad));
        assertFalse(e.fatal(), "a refused commit is not a lost durable state");
        store.commit(registration("n4", "web-4", 7));
        Snapshot s = reopen().load();
        assertEquals(List.of("n1", "n4"), sorted(s.nodes()).stream().map(Node::node).toList(), "nothing of the bad batch");
        assertEquals(7, s.index());
    }

    @Test
    void emptyBatch_isANoOp() {
        reopen().commit(registration("n1", "web-1", 5));
        store.commit(new Batch(List.of()));
        assertEquals(5, reopen().load().index());
    }

    @Test
    void index_neverGoesBackwards_acrossRestarts() {
        long last = 0;
        for (int restart = 0; restart < 5; restart++) {
            Snapshot s = reopen().load();
            assertEquals(last, s.index(), "restart " + restart);
            for (int i = 0; i < 3; i++) {
                last++;
                store.commit(registration("n" + last, "web-" + last, last));
            }
        }
        assertEquals(last, reopen().load().index());
        assertEquals(15, reopen().load().nodes().size());
    }

    private static List<Node> sorted(List<Node> nodes) {
        List<Node> out = new ArrayList<>(nodes);
        out.sort(java.util.Comparator.comparing(Node::node));
        return out;
    }
}
