package dev.muster.state;

import dev.muster.model.HealthCheck;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One copy of the values many catalog records repeat: node names, service names, tags and tag lists, meta maps,
 * check names and definitions. Registrations parsed from JSON bring fresh copies of the same strings every time;
 * storing the canonical ones instead keeps one per distinct value (issue 11's heap goal). Unique values (IDs,
 * check output) are left alone. Canonical values are held weakly, so a value no record uses any more is
 * collected. Confined to the state store's writer thread (and its load, before the writer starts).
 */
final class Interner {
    private final WeakHashMap<Object, WeakReference<Object>> pool = new WeakHashMap<>();

    Node node(Node n) {
        return new Node(n.id(), s(n.node()), s(n.address()), s(n.datacenter()), map(n.taggedAddresses()),
                map(n.meta()), n.indexes());
    }

    NodeService service(NodeService v) {
        return new NodeService(s(v.kind()), v.id(), s(v.service()), strings(v.tags()), s(v.address()),
                canonical(v.taggedAddresses()), map(v.meta()), v.port(), canonical(v.weights()), v.enableTagOverride(),
                v.indexes());
    }

    HealthCheck check(HealthCheck c) {
        return new HealthCheck(s(c.node()), c.checkId(), s(c.name()), c.status(), s(c.notes()), c.output(),
                c.serviceId(), s(c.serviceName()), strings(c.serviceTags()), s(c.type()), canonical(c.definition()),
                c.indexes());
    }

    /** One copy per distinct string (a hash lookup: cheaper than the JVM's String.intern on the write path). */
    private String s(String v) {
        return v == null || v.isEmpty() ? v : canonical(v);
    }

    /** A list seen before costs one lookup; a new one has its strings made canonical once. */
    private List<String> strings(List<String> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<String> known = lookup(values);
        if (known != null) {
            return known;
        }
        List<String> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(s(v)));
        return canonical(List.copyOf(out));
    }

    private Map<String, String> map(Map<String, String> values) {
        if (values.isEmpty()) {
            return Map.of();
        }
        Map<String, String> known = lookup(values);
        if (known != null) {
            return known;
        }
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(s(k), s(v)));
        return canonical(Map.copyOf(out));
    }

    @SuppressWarnings("unchecked")
    private <T> T lookup(T v) {
        WeakReference<Object> ref = pool.get(v);
        return ref == null ? null : (T) ref.get();
    }

    /** The canonical instance equal to {@code v} (v itself the first time). */
    @SuppressWarnings("unchecked")
    private <T> T canonical(T v) {
        if (v == null) {
            return null;
        }
        WeakReference<Object> ref = pool.get(v);
        Object existing = ref == null ? null : ref.get();
        if (existing != null) {
            return (T) existing;
        }
        pool.put(v, new WeakReference<>(v));
        return v;
    }
}
