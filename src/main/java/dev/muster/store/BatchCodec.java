package dev.muster.store;

import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.KvEntry;
import dev.muster.model.KvTombstone;
import dev.muster.model.Session;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.ServiceAddress;
import dev.muster.model.Weights;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The change log's record format: one {@link Batch} as bytes, every field of every mutation in a fixed order.
 *
 * <h2>Format (version 1)</h2>
 * A version byte ({@value #VERSION}), the mutation count, then per mutation a tag byte ({@code N}ode,
 * {@code n} delete node, {@code S}ervice, {@code s}, {@code C}heck, {@code c}, {@code I}ndex, {@code K}V entry,
 * {@code k}, {@code T}ombstone, {@code t}, s{@code E}ssion, {@code e}, {@code L}ock-delay) and its fields; tags only ever get added, so a record of an older
 * Muster always decodes.
 * Integers are {@link DataOutputStream} big-endian ints and longs; a string is its UTF-8 length as an int and
 * the bytes; a list or map its size as an int, then its elements; a nullable duration a {@code -1} or its
 * nanoseconds; a nullable list a boolean (present) and then the list. The record is the whole value of one
 * {@code change_log} row, so it carries no length of its own.
 *
 * <h2>Compatibility</h2>
 * A new field means a new version: {@link #decode} keeps reading every version it ever wrote, and refuses one
 * it does not know (a store written by a newer Muster) with a message instead of guessing.
 */
final class BatchCodec {
    static final int VERSION = 1;
    /** Upper bound on a count read from a record: a corrupt length must not allocate gigabytes. */
    private static final int MAX_COUNT = 16 * 1024 * 1024;

    private BatchCodec() {
    }

    /**
     * The batch as one record. A mutation the tables would refuse (a required text that is null) is refused
     * here, with a {@link StoreException} naming it, so that no record can reach the log that a checkpoint
     * could never write.
     */
    static byte[] encode(Batch batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 256 * batch.mutations().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(batch.mutations().size());
            for (Mutation m : batch.mutations()) {
                try {
                    write(out, m);
                } catch (MissingField e) {
                    throw new StoreException("encode " + m.rowKey().replace('\0', '/'), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** A required text was null. */
    private static final class MissingField extends IOException {
        MissingField() {
            super("a required text field is null");
        }
    }

    /** Reads a record written by {@link #encode}; {@code where} names it in errors (the row). */
    static Batch decode(byte[] record, String where) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new StoreException("read " + where, new IOException("change-log format version " + version
                        + " is not one this Muster knows (" + VERSION + "): was the store written by a newer Muster?"));
            }
            int n = count(in);
            List<Mutation> mutations = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                mutations.add(read(in));
            }
            if (in.read() != -1) {
                throw new IOException("bytes left after " + n + " mutations");
            }
            return new Batch(mutations);
        } catch (EOFException e) {
            throw new StoreException("read " + where, new IOException("record ends early (torn or corrupt)", e));
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("read " + where, new IOException("corrupt record: " + e.getMessage(), e));
        }
    }

    private static void write(DataOutputStream out, Mutation m) throws IOException {
        if (m instanceof Mutation.PutNode p) {
            out.writeByte('N');
            node(out, p.node());
        } else if (m instanceof Mutation.DeleteNode d) {
            out.writeByte('n');
            string(out, d.nodeKey());
        } else if (m instanceof Mutation.PutService p) {
            out.writeByte('S');
            string(out, p.nodeKey());
            service(out, p.service());
        } else if (m instanceof Mutation.DeleteService d) {
            out.writeByte('s');
            string(out, d.nodeKey());
            string(out, d.serviceKey());
        } else if (m instanceof Mutation.PutCheck p) {
            out.writeByte('C');
            check(out, p.check());
        } else if (m instanceof Mutation.DeleteCheck d) {
            out.writeByte('c');
            string(out, d.nodeKey());
            string(out, d.checkKey());
        } else if (m instanceof Mutation.PutKv p) {
            out.writeByte('K');
            kv(out, p.entry());
        } else if (m instanceof Mutation.DeleteKv d) {
            out.writeByte('k');
            string(out, d.key());
        } else if (m instanceof Mutation.PutTombstone p) {
            out.writeByte('T');
            string(out, p.tombstone().key());
            out.writeLong(p.tombstone().index());
            out.writeLong(p.tombstone().deletedAtMillis());
        } else if (m instanceof Mutation.DeleteTombstone d) {
            out.writeByte('t');
            string(out, d.key());
        } else if (m instanceof Mutation.PutSession p) {
            out.writeByte('E');
            session(out, p.session());
        } else if (m instanceof Mutation.DeleteSession d) {
            out.writeByte('e');
            string(out, d.id());
        } else if (m instanceof Mutation.SetLockDelay d) {
            out.writeByte('L');
            string(out, d.key());
            out.writeLong(d.untilMillis());
        } else if (m instanceof Mutation.SetIndex s) {
            out.writeByte('I');
            string(out, s.name());
            out.writeLong(s.index());
        } else {
            throw new IllegalArgumentException("unknown mutation " + m);
        }
    }

    private static Mutation read(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 'N' -> new Mutation.PutNode(node(in));
            case 'n' -> new Mutation.DeleteNode(string(in));
            case 'S' -> new Mutation.PutService(string(in), service(in));
            case 's' -> new Mutation.DeleteService(string(in), string(in));
            case 'C' -> new Mutation.PutCheck(check(in));
            case 'c' -> new Mutation.DeleteCheck(string(in), string(in));
            case 'I' -> new Mutation.SetIndex(string(in), in.readLong());
            case 'K' -> new Mutation.PutKv(kv(in));
            case 'k' -> new Mutation.DeleteKv(string(in));
            case 'T' -> new Mutation.PutTombstone(new KvTombstone(string(in), in.readLong(), in.readLong()));
            case 't' -> new Mutation.DeleteTombstone(string(in));
            case 'E' -> new Mutation.PutSession(session(in));
            case 'e' -> new Mutation.DeleteSession(string(in));
            case 'L' -> new Mutation.SetLockDelay(string(in), in.readLong());
            default -> throw new IOException("unknown mutation tag " + tag);
        };
    }

    private static void node(DataOutputStream out, Node n) throws IOException {
        string(out, n.id());
        string(out, n.node());
        string(out, n.address());
        string(out, n.datacenter());
        strings(out, n.taggedAddresses());
        strings(out, n.meta());
        indexes(out, n.indexes());
    }

    private static Node node(DataInputStream in) throws IOException {
        return new Node(string(in), string(in), string(in), string(in), strings(in), strings(in), indexes(in));
    }

    private static void service(DataOutputStream out, NodeService s) throws IOException {
        string(out, s.kind());
        string(out, s.id());
        string(out, s.service());
        list(out, s.tags());
        string(out, s.address());
        out.writeInt(s.taggedAddresses().size());
        for (Map.Entry<String, ServiceAddress> e : s.taggedAddresses().entrySet()) {
            string(out, e.getKey());
            string(out, e.getValue().address());
            out.writeInt(e.getValue().port());
        }
        strings(out, s.meta());
        out.writeInt(s.port());
        out.writeInt(s.weights().passing());
        out.writeInt(s.weights().warning());
        out.writeBoolean(s.enableTagOverride());
        indexes(out, s.indexes());
    }

    private static NodeService service(DataInputStream in) throws IOException {
        String kind = string(in);
        String id = string(in);
        String name = string(in);
        List<String> tags = list(in);
        String address = string(in);
        int n = count(in);
        Map<String, ServiceAddress> tagged = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            tagged.put(string(in), new ServiceAddress(string(in), in.readInt()));
        }
        Map<String, String> meta = strings(in);
        int port = in.readInt();
        Weights weights = new Weights(in.readInt(), in.readInt());
        boolean tagOverride = in.readBoolean();
        return new NodeService(kind, id, name, tags, address, tagged, meta, port, weights, tagOverride, indexes(in));
    }

    private static void check(DataOutputStream out, HealthCheck h) throws IOException {
        string(out, h.node());
        string(out, h.checkId());
        string(out, h.name());
        out.writeByte(h.status().ordinal());
        string(out, h.notes());
        string(out, h.output());
        string(out, h.serviceId());
        string(out, h.serviceName());
        list(out, h.serviceTags());
        string(out, h.type());
        CheckDefinition d = h.definition();
        string(out, d.http());
        string(out, d.tcp());
        string(out, d.udp());
        string(out, d.grpc());
        string(out, d.method());
        string(out, d.body());
        out.writeBoolean(d.tlsSkipVerify());
        out.writeInt(d.header().size());
        for (Map.Entry<String, List<String>> e : d.header().entrySet()) {
            string(out, e.getKey());
            list(out, e.getValue());
        }
        duration(out, d.interval());
        duration(out, d.timeout());
        duration(out, d.ttl());
        duration(out, d.deregisterCriticalServiceAfter());
        out.writeInt(d.successBeforePassing());
        out.writeInt(d.failuresBeforeWarning());
        out.writeInt(d.failuresBeforeCritical());
        out.writeInt(d.outputMaxSize());
        indexes(out, h.indexes());
    }

    private static HealthCheck check(DataInputStream in) throws IOException {
        String node = string(in);
        String checkId = string(in);
        String name = string(in);
        int status = in.readUnsignedByte();
        if (status >= HealthStatus.values().length) {
            throw new IOException("unknown check status " + status);
        }
        String notes = string(in);
        String output = string(in);
        String serviceId = string(in);
        String serviceName = string(in);
        List<String> serviceTags = list(in);
        String type = string(in);
        String http = string(in);
        String tcp = string(in);
        String udp = string(in);
        String grpc = string(in);
        String method = string(in);
        String body = string(in);
        boolean tlsSkip = in.readBoolean();
        int headers = count(in);
        Map<String, List<String>> header = new LinkedHashMap<>();
        for (int i = 0; i < headers; i++) {
            header.put(string(in), list(in));
        }
        CheckDefinition d = new CheckDefinition(http, tcp, udp, grpc, method, body, tlsSkip, header, duration(in),
                duration(in), duration(in), duration(in), in.readInt(), in.readInt(), in.readInt(), in.readInt());
        return new HealthCheck(node, checkId, name, HealthStatus.values()[status], notes, output, serviceId,
                serviceName, serviceTags, type, d, indexes(in));
    }

    private static void indexes(DataOutputStream out, Indexes i) throws IOException {
        out.writeLong(i.createIndex());
        out.writeLong(i.modifyIndex());
    }

    private static Indexes indexes(DataInputStream in) throws IOException {
        return new Indexes(in.readLong(), in.readLong());
    }

    /** A KV entry: key, value (length -1 for none), flags, session, lock index, indexes. */
    private static void kv(DataOutputStream out, KvEntry e) throws IOException {
        string(out, e.key());
        if (e.value() == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(e.value().length);
            out.write(e.value());
        }
        out.writeLong(e.flags());
        string(out, e.session());
        out.writeLong(e.lockIndex());
        out.writeLong(e.indexes().createIndex());
        out.writeLong(e.indexes().modifyIndex());
    }

    private static KvEntry kv(DataInputStream in) throws IOException {
        String key = string(in);
        int n = in.readInt();
        if (n < -1) {
            throw new IOException("impossible value length " + n);
        }
        byte[] value = n == -1 ? null : bytes(in, n);
        return new KvEntry(key, value, in.readLong(), string(in), in.readLong(), new Indexes(in.readLong(), in.readLong()));
    }

    private static void session(DataOutputStream out, Session s) throws IOException {
        string(out, s.id());
        string(out, s.name());
        string(out, s.node());
        out.writeLong(s.lockDelayNanos());
        string(out, s.behavior().wire());
        string(out, s.ttl());
        out.writeLong(s.ttlNanos());
        nullableList(out, s.nodeChecks());
        nullableList(out, s.serviceChecks());
        nullableList(out, s.checks());
        out.writeLong(s.indexes().createIndex());
        out.writeLong(s.indexes().modifyIndex());
    }

    private static Session session(DataInputStream in) throws IOException {
        String id = string(in);
        String name = string(in);
        String node = string(in);
        long lockDelay = in.readLong();
        String behaviorText = string(in);
        Session.Behavior behavior = Session.Behavior.of(behaviorText);
        if (behavior == null) {
            throw new IOException("unknown session behavior " + behaviorText);
        }
        return new Session(id, name, node, lockDelay, behavior, string(in), in.readLong(), nullableList(in),
                nullableList(in), nullableList(in), new Indexes(in.readLong(), in.readLong()));
    }

    /** A list that may be null: a flag byte, then the list. */
    private static void nullableList(DataOutputStream out, List<String> values) throws IOException {
        out.writeBoolean(values != null);
        if (values != null) {
            list(out, values);
        }
    }

    private static List<String> nullableList(DataInputStream in) throws IOException {
        return in.readBoolean() ? list(in) : null;
    }

    private static void duration(DataOutputStream out, Duration d) throws IOException {
        out.writeLong(d == null ? -1 : d.toNanos());
    }

    private static Duration duration(DataInputStream in) throws IOException {
        long nanos = in.readLong();
        return nanos < 0 ? null : Duration.ofNanos(nanos);
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            throw new MissingField();
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        return new String(bytes(in, count(in)), StandardCharsets.UTF_8);
    }

    /** The next {@code n} bytes; a length beyond the record's end is a torn or corrupt record. */
    private static byte[] bytes(DataInputStream in, int n) throws IOException {
        if (n > in.available()) {
            throw new EOFException(n + " bytes announced with " + in.available() + " left");
        }
        return in.readNBytes(n);
    }

    private static void list(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            string(out, v);
        }
    }

    private static List<String> list(DataInputStream in) throws IOException {
        int n = count(in);
        List<String> out = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            out.add(string(in));
        }
        return out;
    }

    private static void strings(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            string(out, e.getKey());
            string(out, e.getValue());
        }
    }

    private static Map<String, String> strings(DataInputStream in) throws IOException {
        int n = count(in);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            out.put(string(in), string(in));
        }
        return out;
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_COUNT) {
            throw new IOException("impossible count " + n);
        }
        return n;
    }
}
