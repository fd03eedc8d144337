package dev.muster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.KvEntry;
import dev.muster.model.KvTombstone;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.ServiceAddress;
import dev.muster.model.Weights;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The change log's record format: every field survives, and a damaged record is refused with why. */
class BatchCodecTest {
    static Batch everyKind() {
        Node node = new Node("40e4a748-2192-161a-0510-9bf59fe950b5", "Tömcat-1", "10.0.0.1", "dc1",
                Map.of("lan", "10.0.0.1", "wan", "198.51.100.1"), Map.of("rack", "r1", "" , "empty key"),
                new Indexes(3, 9));
        NodeService service = new NodeService("connect-proxy", "web-1", "web", List.of("v1", "prïmary", ""), "10.0.0.2",
                Map.of("lan", new ServiceAddress("10.0.0.2", 8080), "wan_ipv6", new ServiceAddress("2001:db8::1", 443)),
                Map.of("version", "7\nwith newline"), 8080, new Weights(10, 2), true, new Indexes(4, 9));
        CheckDefinition definition = new CheckDefinition("http://10.0.0.2:8080/health", "", "", "", "POST", "{\"a\":1}",
                true, Map.of("Host", List.of("shop.example.com"), "X-Many", List.of("a", "b")), Duration.ofSeconds(10),
                Duration.ofMillis(1500), null, Duration.ofMinutes(90), 2, 3, 4, 8192);
        HealthCheck check = new HealthCheck("Tömcat-1", "service:web-1", "Service 'web' check", HealthStatus.WARNING,
                "notes", "HTTP POST …: 429 Too Many Requests", "web-1", "web", List.of("v1"), "http", definition,
                new Indexes(5, 9));
        HealthCheck ttl = new HealthCheck("n", "ttl", "ttl", HealthStatus.CRITICAL, "", "", "", "", List.of(), "ttl",
                new CheckDefinition("", "", "", "", "", "", false, Map.of(), null, null, Duration.ofSeconds(15), null,
                        0, 0, 0, 0), new Indexes(6, 6));
        return new Batch(List.of(new Mutation.PutNode(node), new Mutation.PutService("tömcat-1", service),
                new Mutation.PutCheck(check), new Mutation.PutCheck(ttl), new Mutation.DeleteCheck("n", "old"),
                new Mutation.DeleteService("n", "gone"), new Mutation.DeleteNode("n2"),
                new Mutation.SetIndex("service.web", 9), new Mutation.SetIndex("service.gone", -1),
                new Mutation.SetIndex(Snapshot.GLOBAL_INDEX, 9),
                new Mutation.PutKv(new KvEntry("app/cönfig", new byte[] {0, (byte) 0xff, '\n'}, 0xe0f69a2baa414de0L,
                        "adf4238a-882b-9ddc-4a9d-5b6758e4159e", 3, new Indexes(7, 9))),
                new Mutation.PutKv(new KvEntry("empty", null, 0, "", 0, new Indexes(8, 8))),
                new Mutation.DeleteKv("old/key"),
                new Mutation.PutTombstone(new KvTombstone("old/", 9, 1_764_806_400_000L)),
                new Mutation.DeleteTombstone("older/")));
    }

    @Test
    void roundTrip_keepsEveryFieldOfEveryKind() {
        Batch batch = everyKind();
        assertEquals(batch, BatchCodec.decode(BatchCodec.encode(batch), "test"));
        assertEquals(new Batch(List.of()), BatchCodec.decode(BatchCodec.encode(new Batch(List.of())), "test"));
    }

    @Test
    void decode_tornRecord_isRefusedWithTheRowsName() {
        byte[] whole = BatchCodec.encode(everyKind());
        for (int cut : new int[] {0, 1, 5, whole.length / 2, whole.length - 1}) {
            StoreException e = assertThrows(StoreException.class,
                    () -> BatchCodec.decode(Arrays.copyOf(whole, cut), "change_log row 42"));
            assertTrue(e.getMessage().contains("change_log row 42"), e.getMessage());
            assertTrue(e.getMessage().contains("torn or corrupt") || e.getMessage().contains("corrupt"), e.getMessage());
        }
    }

    @Test
    void decode_unknownVersion_namesIt() {
        byte[] record = BatchCodec.encode(everyKind());
        record[0] = 7;
        StoreException e = assertThrows(StoreException.class, () -> BatchCodec.decode(record, "change_log row 1"));
        assertTrue(e.getMessage().contains("format version 7 is not one this Muster knows"), e.getMessage());
    }

    @Test
    void decode_lyingCounts_andTrailingBytes_areRefusedWithoutHugeAllocations() {
        byte[] hugeCount = {BatchCodec.VERSION, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertTrue(assertThrows(StoreException.class, () -> BatchCodec.decode(hugeCount, "r")).getMessage()
                .contains("impossible count"));
        byte[] hugeString = {BatchCodec.VERSION, 0, 0, 0, 1, 'n', 0x00, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThrows(StoreException.class, () -> BatchCodec.decode(hugeString, "r"));
        byte[] whole = BatchCodec.encode(everyKind());
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        assertTrue(assertThrows(StoreException.class, () -> BatchCodec.decode(longer, "r")).getMessage()
                .contains("bytes left"));
        byte[] badTag = {BatchCodec.VERSION, 0, 0, 0, 1, 'X'};
        assertTrue(assertThrows(StoreException.class, () -> BatchCodec.decode(badTag, "r")).getMessage()
                .contains("unknown mutation tag"));
    }
}
