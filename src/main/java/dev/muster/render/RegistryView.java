package dev.muster.render;

import dev.muster.model.AggregatedStatus;
import dev.muster.model.CheckServiceNode;
import dev.muster.model.ServiceAddress;
import dev.muster.model.Node;
import dev.muster.state.CatalogState;
import dev.muster.state.HealthState;
import dev.muster.state.ServiceSummary;
import dev.muster.state.WatchSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What templates read, in consul-template's shapes and field names, for one render: every read goes to
 * the in-process state store and registers its watch keys, so the template re-renders exactly when data
 * it read changes. Not thread-safe: one per render.
 */
final class RegistryView {
    private final CatalogState catalog;
    private final HealthState health;
    private final KvView kv;
    private final WatchSet watches;

    RegistryView(CatalogState catalog, HealthState health, KvView kv, WatchSet watches) {
        this.catalog = catalog;
        this.health = health;
        this.kv = kv;
        this.watches = watches;
    }

    /** The KV functions, reading through the same watch set. */
    KvView kv() {
        return kv;
    }

    /** {@code services()}: every service in the catalog (any health), {Name, Tags}, sorted by name. */
    List<Map<String, Object>> services() {
        // Service names are case-insensitive in the registry (service("Web") == service("web")), so the list
        // has one entry per folded name, spelled as its first instance spells it.
        List<Map<String, Object>> out = new ArrayList<>();
        for (ServiceSummary s : catalog.serviceSummaries(watches).value()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", s.name());
            m.put("Tags", s.tags());
            out.add(m);
        }
        return out;
    }

    /**
     * {@code service(query, filter)}: instances of a service with the given aggregated health, sorted by
     * node then ID. The query is a service name; when no service has that exact name and it holds a dot,
     * the part before the first dot is a tag (consul-template's {@code tag.name}), so dotted vhost names work.
     */
    List<Map<String, Object>> service(String query, String filter) {
        Set<String> wanted = statuses(filter);
        List<CheckServiceNode> entries = health.serviceNodes(watches, query, List.of(), Map.of()).value();
        if (entries.isEmpty() && query.contains(".")) {
            int dot = query.indexOf('.');
            entries = health.serviceNodes(watches, query.substring(dot + 1), List.of(query.substring(0, dot)), Map.of())
                    .value();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (CheckServiceNode e : entries) {
            String status = AggregatedStatus.of(e.checks()).wire();
            if (wanted.contains("any") || wanted.contains(status)) {
                out.add(instance(e, status));
            }
        }
        return out;
    }

    /** {@code nodes()}: every node, sorted by name. */
    List<Map<String, Object>> nodes() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Node n : catalog.nodes(watches, Map.of()).value()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ID", n.id());
            m.put("Node", n.node());
            m.put("Address", n.address());
            m.put("Datacenter", n.datacenter());
            m.put("TaggedAddresses", new TreeMap<>(n.taggedAddresses()));
            m.put("Meta", new TreeMap<>(n.meta()));
            out.add(m);
        }
        return out;
    }

    private static Set<String> statuses(String filter) {
        Set<String> out = new TreeSet<>();
        for (String part : filter.split(",")) {
            String s = part.trim();
            if (!Set.of("any", "passing", "warning", "critical", "maintenance").contains(s)) {
                throw new IllegalArgumentException("service(): unknown health filter \"" + s
                        + "\" (use any, passing, warning, critical or maintenance)");
            }
            out.add(s);
        }
        return out;
    }

    private static Map<String, Object> instance(CheckServiceNode e, String status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", e.service().id());
        m.put("Name", e.service().service());
        m.put("Node", e.node().node());
        m.put("NodeID", e.node().id());
        m.put("NodeAddress", e.node().address());
        m.put("NodeMeta", new TreeMap<>(e.node().meta()));
        String address = e.service().address().isEmpty() ? e.node().address() : e.service().address();
        m.put("Address", address);
        m.put("Port", e.service().port());
        m.put("HostPort", new ServiceAddress(address, e.service().port()).hostPort());
        m.put("Tags", e.service().tags());
        m.put("Meta", new TreeMap<>(e.service().meta()));
        m.put("ServiceMeta", new TreeMap<>(e.service().meta()));
        m.put("Status", status);
        Map<String, Object> weights = new LinkedHashMap<>();
        weights.put("Passing", e.service().weights().passing());
        weights.put("Warning", e.service().weights().warning());
        m.put("Weights", weights);
        return m;
    }
}
