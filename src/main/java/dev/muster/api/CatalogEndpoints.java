package dev.muster.api;

import dev.muster.model.NodeService;
import dev.muster.model.NodeServices;
import dev.muster.model.ServiceNode;
import dev.muster.state.CatalogState;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code /v1/catalog/*} (Consul's agent/catalog_endpoint.go). */
final class CatalogEndpoints {
    private final CatalogState catalog;
    private final Responder responder;

    CatalogEndpoints(CatalogState catalog, Responder responder) {
        this.catalog = catalog;
        this.responder = responder;
    }

    void register(Router router) {
        router.add("/v1/catalog/register", (ctx, rest) -> catalogRegister(ctx), "PUT")
                .add("/v1/catalog/deregister", (ctx, rest) -> catalogDeregister(ctx), "PUT")
                .add("/v1/catalog/datacenters", (ctx, rest) -> catalogDatacenters(ctx), "GET")
                .add("/v1/catalog/nodes", (ctx, rest) -> catalogNodes(ctx), "GET")
                .add("/v1/catalog/services", (ctx, rest) -> catalogServices(ctx), "GET")
                .add("/v1/catalog/service/", this::catalogServiceNodes, "GET")
                .add("/v1/catalog/node/", this::catalogNodeServices, "GET")
                .add("/v1/catalog/node-services/", this::catalogNodeServiceList, "GET");
    }

    /** Upserts a node, optionally a service and checks; answers {@code true} once durable. */
    private void catalogRegister(Context ctx) throws Exception {
        QueryParams.checkCommon(ctx, responder.datacenter());
        var request = CatalogRequests.register(responder.body(ctx, "RegisterRequest"), responder.datacenter());
        responder.written(ctx, catalog.register(request), true);
    }

    /** Removes a service, a check or a whole node; unknown targets still answer {@code true}. */
    private void catalogDeregister(Context ctx) throws Exception {
        QueryParams.checkCommon(ctx, responder.datacenter());
        var request = CatalogRequests.deregister(responder.body(ctx, "DeregisterRequest"), responder.datacenter());
        responder.written(ctx, catalog.deregister(request), true);
    }

    /** Muster is one datacenter; no index header, as in Consul. */
    private void catalogDatacenters(Context ctx) {
        responder.writeJson(ctx, List.of(responder.datacenter()), QueryParams.pretty(ctx));
    }

    private void catalogNodes(Context ctx) {
        responder.read(ctx, Wire.NODE_FIELDS, p -> ws -> catalog.nodes(ws, p.nodeMeta()),
                (nodes, p) -> Responder.filter(nodes.stream().map(Wire::node).toList(), p.filter()));
    }

    /** Service name → distinct tags; {@code ?filter} runs over instances before they are grouped. */
    private void catalogServices(Context ctx) {
        responder.read(ctx, Wire.SERVICE_NODE_FIELDS, p -> ws -> catalog.allInstances(ws, p.nodeMeta(), p.filter() != null),
                (instances, p) -> {
                    Map<String, Set<String>> tagsByName = new TreeMap<>();
                    for (ServiceNode sn : instances) {
                        if (p.filter() == null || p.filter().matches(Wire.serviceNode(sn))) {
                            tagsByName.computeIfAbsent(sn.service().service(), k -> new LinkedHashSet<>())
                                    .addAll(sn.service().tags());
                        }
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    tagsByName.forEach((name, tags) -> out.put(name, List.copyOf(tags)));
                    return out;
                });
    }

    private void catalogServiceNodes(Context ctx, String service) {
        if (service.isEmpty()) {
            throw ApiException.badRequest("Missing service name");
        }
        responder.read(ctx, Wire.SERVICE_NODE_FIELDS, p -> ws -> catalog.serviceNodes(ws, service, p.tags(), p.nodeMeta()),
                (nodes, p) -> Responder.filter(nodes.stream().map(Wire::serviceNode).toList(), p.filter()));
    }

    /** {@code {"Node":…, "Services":{id: service}}}; an unknown node is {@code null}, as in Consul. */
    private void catalogNodeServices(Context ctx, String node) {
        if (node.isEmpty()) {
            throw ApiException.badRequest("Missing node name");
        }
        responder.read(ctx, Wire.NODE_SERVICE_FIELDS, p -> ws -> catalog.nodeServices(ws, node), (ns, p) -> {
            if (ns == null) {
                return null;
            }
            Map<String, Object> services = new LinkedHashMap<>();
            for (Map<String, Object> s : servicesOf(ns, p)) {
                services.put((String) s.get("ID"), s);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("Node", Wire.node(ns.node()));
            out.put("Services", services);
            return out;
        });
    }

    /** Like catalog/node but {@code Services} is a list; an unknown node gives {@code Node: null}. */
    private void catalogNodeServiceList(Context ctx, String node) {
        if (node.isEmpty()) {
            throw ApiException.badRequest("Missing node name");
        }
        responder.read(ctx, Wire.NODE_SERVICE_FIELDS, p -> ws -> catalog.nodeServices(ws, node), (ns, p) -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("Node", ns == null ? null : Wire.node(ns.node()));
            out.put("Services", ns == null ? List.of() : servicesOf(ns, p));
            return out;
        });
    }

    private static List<Map<String, Object>> servicesOf(NodeServices ns, QueryParams p) {
        List<Map<String, Object>> services = ns.services().stream().map((NodeService s) -> Wire.nodeService(s)).toList();
        return Responder.filter(services, p.filter());
    }
}
