package dev.muster.render;

import dev.muster.gotemplate.StructValue;
import dev.muster.gotemplate.Text;
import dev.muster.gotemplate.TypedMap;
import dev.muster.model.AggregatedStatus;
import dev.muster.model.CheckServiceNode;
import dev.muster.model.HealthCheck;
import dev.muster.model.KvEntry;
import dev.muster.model.Node;
import dev.muster.model.NodeService;
import dev.muster.model.ServiceAddress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * consul-template's data structures (go-template spec §4.14) built from the registry for the Go engine:
 * HealthService, CatalogSnippet, Node, CatalogNode, KeyPair, with their Go field names in order. Every string
 * that comes from a registration or a KV value is tainted ({@link Text}) with where it came from, so the nginx
 * check at print time can name it; numbers are plain. Stateless.
 */
final class CtData {
    private CtData() {
    }

    static StructValue healthService(CheckServiceNode e) {
        NodeService s = e.service();
        Node n = e.node();
        String where = "service " + q(s.service()) + " instance " + q(s.id()) + " field ";
        String address = s.address().isEmpty() ? n.address() : s.address();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Node", t(n.node(), where + "Node"));
        f.put("NodeID", t(n.id(), where + "NodeID"));
        f.put("NodeAddress", t(n.address(), where + "NodeAddress"));
        f.put("NodeTaggedAddresses", strings(n.taggedAddresses(), where + "NodeTaggedAddresses"));
        f.put("NodeMeta", strings(n.meta(), where + "NodeMeta"));
        f.put("ServiceMeta", strings(s.meta(), where + "ServiceMeta"));
        f.put("Address", t(address, where + "Address"));
        Map<String, Object> tagged = new TreeMap<>();
        s.taggedAddresses().forEach((k, v) -> tagged.put(k, serviceAddress(v, where + "ServiceTaggedAddresses")));
        f.put("ServiceTaggedAddresses", new TypedMap<>(tagged, null, "map[string]api.ServiceAddress"));
        f.put("ID", t(s.id(), where + "ID"));
        f.put("Name", t(s.service(), where + "Name"));
        f.put("Tags", tags(s.tags().stream().sorted().toList(), where + "Tags"));
        List<Object> checks = new ArrayList<>();
        e.checks().forEach(c -> checks.add(check(c)));
        f.put("Checks", checks);
        f.put("Status", AggregatedStatus.of(e.checks()).wire());
        f.put("Port", (long) s.port());
        f.put("Weights", new StructValue("api.AgentWeights", Map.of("Passing", (long) s.weights().passing(),
                "Warning", (long) s.weights().warning())));
        return new StructValue("*dependency.HealthService", f);
    }

    static StructValue catalogSnippet(String name, List<String> tags) {
        String where = "service " + q(name) + " field ";
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Name", t(name, where + "Name"));
        f.put("Tags", tags(tags.stream().sorted().toList(), where + "Tags"));
        return new StructValue("*dependency.CatalogSnippet", f);
    }

    static StructValue node(Node n) {
        String where = "node " + q(n.node()) + " field ";
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("ID", t(n.id(), where + "ID"));
        f.put("Node", t(n.node(), where + "Node"));
        f.put("Address", t(n.address(), where + "Address"));
        f.put("Datacenter", t(n.datacenter(), where + "Datacenter"));
        f.put("TaggedAddresses", strings(n.taggedAddresses(), where + "TaggedAddresses"));
        f.put("Meta", strings(n.meta(), where + "Meta"));
        return new StructValue("*dependency.Node", f);
    }

    static StructValue catalogNode(Node n, List<NodeService> services) {
        List<Object> out = new ArrayList<>();
        services.stream().sorted(java.util.Comparator.comparing(NodeService::service).thenComparing(NodeService::id))
                .forEach(s -> {
                    String where = "node " + q(n.node()) + " service " + q(s.id()) + " field ";
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("ID", t(s.id(), where + "ID"));
                    f.put("Service", t(s.service(), where + "Service"));
                    f.put("Tags", tags(s.tags().stream().sorted().toList(), where + "Tags"));
                    f.put("Meta", strings(s.meta(), where + "Meta"));
                    f.put("Port", (long) s.port());
                    f.put("Address", t(s.address(), where + "Address"));
                    f.put("EnableTagOverride", s.enableTagOverride());
                    out.add(new StructValue("*dependency.CatalogNodeService", f));
                });
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Node", node(n));
        f.put("Services", out);
        return new StructValue("*dependency.CatalogNode", f);
    }

    /** consul-template's KeyPair; {@code raw} values are trusted (the template's raw_kv_prefixes). */
    static StructValue keyPair(KvEntry e, String name, boolean raw) {
        String where = "KV key " + q(e.key()) + " ";
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Path", t(e.key(), where + "(its name)"));
        f.put("Key", t(name, where + "(its name)"));
        f.put("Value", value(e, raw));
        f.put("CreateIndex", e.indexes().createIndex());
        f.put("ModifyIndex", e.indexes().modifyIndex());
        f.put("LockIndex", e.lockIndex());
        f.put("Flags", e.flags() >= 0 ? (Object) e.flags() : new BigInteger(Long.toUnsignedString(e.flags())));
        f.put("Session", e.session());
        return new StructValue("*dependency.KeyPair", f);
    }

    /** A KV value as text: trusted under a raw prefix, else tainted with its key. */
    static Object value(KvEntry e, boolean raw) {
        String text = e.value() == null ? "" : new String(e.value(), StandardCharsets.UTF_8);
        return raw ? text : Text.tainted(text, "KV key " + q(e.key())
                + " (list its prefix in the template's raw_kv_prefixes to print KV values unchecked)");
    }

    private static StructValue check(HealthCheck c) {
        String where = "check " + q(c.checkId()) + " on node " + q(c.node()) + " field ";
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Node", t(c.node(), where + "Node"));
        f.put("CheckID", t(c.checkId(), where + "CheckID"));
        f.put("Name", t(c.name(), where + "Name"));
        f.put("Status", c.status().wire());
        f.put("Notes", t(c.notes(), where + "Notes"));
        f.put("Output", t(c.output(), where + "Output"));
        f.put("ServiceID", t(c.serviceId(), where + "ServiceID"));
        f.put("ServiceName", t(c.serviceName(), where + "ServiceName"));
        f.put("ServiceTags", tags(c.serviceTags(), where + "ServiceTags"));
        f.put("Type", c.type());
        return new StructValue("*api.HealthCheck", f);
    }

    private static StructValue serviceAddress(ServiceAddress a, String where) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Address", t(a.address(), where));
        f.put("Port", (long) a.port());
        return new StructValue("api.ServiceAddress", f);
    }

    private static List<Object> tags(List<String> tags, String where) {
        ServiceTags out = new ServiceTags();
        tags.forEach(tag -> out.add(t(tag, where)));
        return out;
    }

    /**
     * consul-template's {@code ServiceTags}: a list of tags that also answers the legacy {@code .Tags.Contains
     * "x"} (removed in consul-template 0.18; real templates still use it, so Muster keeps it working).
     */
    static final class ServiceTags extends ArrayList<Object> implements dev.muster.gotemplate.GoObject {
        @Override
        public String goType() {
            return "dependency.ServiceTags";
        }

        @Override
        public boolean hasMethod(String name) {
            return name.equals("Contains");
        }

        @Override
        public Object invoke(String name, List<Object> args) {
            if (args.size() != 1) {
                throw new IllegalArgumentException("Contains: want 1 argument, got " + args.size());
            }
            String wanted = String.valueOf(args.get(0));
            return stream().anyMatch(t -> t.toString().equals(wanted));
        }
    }

    /** A Go {@code map[string]string}: tainted values, keys kept plain for lookups but tainted when printed. */
    private static TypedMap<Object> strings(Map<String, String> m, String where) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, t(v, where + "[" + q(k) + "]")));
        return new TypedMap<>(out, Text.tainted("", where), "map[string]string", where + " (a key)");
    }

    private static Text t(String value, String origin) {
        return Text.tainted(value, origin);
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }
}
