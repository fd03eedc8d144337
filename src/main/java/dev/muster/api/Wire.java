package dev.muster.api;

import dev.muster.config.GoDuration;
import dev.muster.model.CheckDefinition;
import dev.muster.model.CheckServiceNode;
import dev.muster.model.HealthCheck;
import dev.muster.model.KvEntry;
import dev.muster.model.Node;
import dev.muster.model.Session;
import dev.muster.model.NodeService;
import dev.muster.model.ServiceAddress;
import dev.muster.model.ServiceNode;
import dev.muster.model.Weights;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Consul's JSON shapes (agent/structs) as ordered maps: exact field names and order, {@code []} and
 * {@code {}} instead of null, {@code Port} always present. The same trees feed {@code ?filter}. Stateless.
 */
final class Wire {
    /** Top-level fields {@code ?filter} may select, per response type. */
    static final Set<String> NODE_FIELDS = Set.of("ID", "Node", "Address", "Datacenter", "TaggedAddresses", "Meta");
    static final Set<String> SERVICE_NODE_FIELDS = Set.of("ID", "Node", "Address", "Datacenter", "TaggedAddresses",
            "NodeMeta", "ServiceKind", "ServiceID", "ServiceName", "ServiceTags", "ServiceAddress",
            "ServiceTaggedAddresses", "ServiceWeights", "ServiceMeta", "ServicePort", "ServiceEnableTagOverride",
            "ServiceProxy", "ServiceConnect");
    static final Set<String> NODE_SERVICE_FIELDS = Set.of("Kind", "ID", "Service", "Tags", "Address",
            "TaggedAddresses", "Meta", "Port", "Weights", "EnableTagOverride", "Proxy", "Connect");
    static final Set<String> CHECK_FIELDS = Set.of("Node", "CheckID", "Name", "Status", "Notes", "Output",
            "ServiceID", "ServiceName", "ServiceTags", "Type", "Interval", "Timeout", "ExposedPort");
    static final Set<String> AGENT_SERVICE_FIELDS = Set.of("Kind", "ID", "Service", "Tags", "Meta", "Port", "Address",
            "TaggedAddresses", "Weights", "EnableTagOverride", "Datacenter");
    static final Set<String> SERVICE_ENTRY_FIELDS = Set.of("Node", "Service", "Checks");

    private Wire() {
    }

    /** Consul's KVPair in its field order; Flags as the unsigned number it is; Session only when locked. */
    static Map<String, Object> kvPair(KvEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("LockIndex", e.lockIndex());
        m.put("Key", e.key());
        m.put("Flags", e.flags() >= 0 ? (Object) e.flags() : new BigInteger(Long.toUnsignedString(e.flags())));
        m.put("Value", e.value() == null ? null : Base64.getEncoder().encodeToString(e.value()));
        if (e.locked()) {
            m.put("Session", e.session());
        }
        m.put("CreateIndex", e.indexes().createIndex());
        m.put("ModifyIndex", e.indexes().modifyIndex());
        return m;
    }

    /** Consul's {@code structs.Session}, fields in its order; {@code Checks} only when set (omitempty). */
    static Map<String, Object> session(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", s.id());
        m.put("Name", s.name());
        m.put("Node", s.node());
        m.put("LockDelay", s.lockDelayNanos());
        m.put("Behavior", s.behavior().wire());
        m.put("TTL", s.ttl());
        m.put("NodeChecks", s.nodeChecks());
        m.put("ServiceChecks", s.serviceChecks() == null ? null
                : s.serviceChecks().stream().map(Wire::serviceCheck).toList());
        if (s.checks() != null && !s.checks().isEmpty()) {
            m.put("Checks", s.checks());
        }
        m.put("CreateIndex", s.indexes().createIndex());
        m.put("ModifyIndex", s.indexes().modifyIndex());
        return m;
    }

    private static Map<String, Object> serviceCheck(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", id);
        m.put("Namespace", "");
        return m;
    }

    static Map<String, Object> node(Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", n.id());
        m.put("Node", n.node());
        m.put("Address", n.address());
        m.put("Datacenter", n.datacenter());
        m.put("TaggedAddresses", sorted(n.taggedAddresses()));
        m.put("Meta", sorted(n.meta()));
        m.put("CreateIndex", n.indexes().createIndex());
        m.put("ModifyIndex", n.indexes().modifyIndex());
        return m;
    }

    static Map<String, Object> serviceNode(ServiceNode sn) {
        Node n = sn.node();
        NodeService s = sn.service();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", n.id());
        m.put("Node", n.node());
        m.put("Address", n.address());
        m.put("Datacenter", n.datacenter());
        m.put("TaggedAddresses", sorted(n.taggedAddresses()));
        m.put("NodeMeta", sorted(n.meta()));
        m.put("ServiceKind", s.kind());
        m.put("ServiceID", s.id());
        m.put("ServiceName", s.service());
        m.put("ServiceTags", s.tags());
        m.put("ServiceAddress", s.address());
        if (!s.taggedAddresses().isEmpty()) {
            m.put("ServiceTaggedAddresses", serviceAddresses(s.taggedAddresses()));
        }
        m.put("ServiceWeights", weights(s.weights()));
        m.put("ServiceMeta", sorted(s.meta()));
        m.put("ServicePort", s.port());
        m.put("ServiceEnableTagOverride", s.enableTagOverride());
        m.put("ServiceProxy", Map.of());
        m.put("ServiceConnect", Map.of());
        m.put("CreateIndex", s.indexes().createIndex());
        m.put("ModifyIndex", s.indexes().modifyIndex());
        return m;
    }

    static Map<String, Object> nodeService(NodeService s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!s.kind().isEmpty()) {
            m.put("Kind", s.kind());
        }
        m.put("ID", s.id());
        m.put("Service", s.service());
        m.put("Tags", s.tags());
        m.put("Address", s.address());
        if (!s.taggedAddresses().isEmpty()) {
            m.put("TaggedAddresses", serviceAddresses(s.taggedAddresses()));
        }
        m.put("Meta", sorted(s.meta()));
        m.put("Port", s.port());
        m.put("Weights", weights(s.weights()));
        m.put("EnableTagOverride", s.enableTagOverride());
        m.put("Proxy", Map.of());
        m.put("Connect", Map.of());
        m.put("CreateIndex", s.indexes().createIndex());
        m.put("ModifyIndex", s.indexes().modifyIndex());
        return m;
    }

    /** Consul's api.AgentService (agent endpoints): {@code Meta} {} and {@code Tags} [] when empty, agent DC. */
    static Map<String, Object> agentService(NodeService s, String datacenter) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!s.kind().isEmpty()) {
            m.put("Kind", s.kind());
        }
        m.put("ID", s.id());
        m.put("Service", s.service());
        m.put("Tags", s.tags());
        m.put("Meta", sorted(s.meta()));
        m.put("Port", s.port());
        m.put("Address", s.address());
        if (!s.taggedAddresses().isEmpty()) {
            m.put("TaggedAddresses", serviceAddresses(s.taggedAddresses()));
        }
        m.put("Weights", weights(s.weights()));
        m.put("EnableTagOverride", s.enableTagOverride());
        m.put("Datacenter", datacenter);
        return m;
    }

    static Map<String, Object> check(HealthCheck c) {
        CheckDefinition d = c.definition();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Node", c.node());
        m.put("CheckID", c.checkId());
        m.put("Name", c.name());
        m.put("Status", c.status().wire());
        m.put("Notes", c.notes());
        m.put("Output", c.output());
        m.put("ServiceID", c.serviceId());
        m.put("ServiceName", c.serviceName());
        m.put("ServiceTags", c.serviceTags());
        m.put("Type", c.type());
        m.put("Interval", d.interval() == null ? "" : GoDuration.format(d.interval()));
        m.put("Timeout", d.timeout() == null ? "" : GoDuration.format(d.timeout()));
        m.put("ExposedPort", 0);
        m.put("Definition", definition(d));
        m.put("CreateIndex", c.indexes().createIndex());
        m.put("ModifyIndex", c.indexes().modifyIndex());
        return m;
    }

    static Map<String, Object> serviceEntry(CheckServiceNode e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Node", node(e.node()));
        m.put("Service", nodeService(e.service()));
        m.put("Checks", e.checks().stream().map(Wire::check).toList());
        return m;
    }

    /** Consul's HealthCheckDefinition: every field omitted when empty, durations as Go strings. */
    private static Map<String, Object> definition(CheckDefinition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfSet(m, "HTTP", d.http());
        if (d.tlsSkipVerify()) {
            m.put("TLSSkipVerify", true);
        }
        if (!d.header().isEmpty()) {
            m.put("Header", new TreeMap<>(d.header()));
        }
        putIfSet(m, "Method", d.method());
        putIfSet(m, "Body", d.body());
        putIfSet(m, "TCP", d.tcp());
        putIfSet(m, "UDP", d.udp());
        putDuration(m, "Interval", d.interval());
        putDuration(m, "Timeout", d.timeout());
        putDuration(m, "DeregisterCriticalServiceAfter", d.deregisterCriticalServiceAfter());
        putIfSet(m, "GRPC", d.grpc());
        putDuration(m, "TTL", d.ttl());
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, String value) {
        if (!value.isEmpty()) {
            m.put(key, value);
        }
    }

    private static void putDuration(Map<String, Object> m, String key, Duration d) {
        if (d != null && !d.isZero()) {
            m.put(key, GoDuration.format(d));
        }
    }

    private static Map<String, Object> weights(Weights w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Passing", w.passing());
        m.put("Warning", w.warning());
        return m;
    }

    private static Map<String, Object> serviceAddresses(Map<String, ServiceAddress> tagged) {
        Map<String, Object> out = new TreeMap<>();
        tagged.forEach((k, v) -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("Address", v.address());
            a.put("Port", v.port());
            out.put(k, a);
        });
        return out;
    }

    private static Map<String, String> sorted(Map<String, String> m) {
        return new TreeMap<>(m);
    }
}
