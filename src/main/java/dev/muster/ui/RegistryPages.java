package dev.muster.ui;

import dev.muster.model.AggregatedStatus;
import dev.muster.model.CheckServiceNode;
import dev.muster.model.HealthCheck;
import dev.muster.model.Node;
import dev.muster.model.NodeServices;
import dev.muster.state.CatalogState;
import dev.muster.state.HealthState;
import dev.muster.state.ServiceSummary;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The read-only pages: services, one service, nodes, one node, checks by state. Reads memory only. */
final class RegistryPages {
    private static final Set<String> STATES = Set.of("any", "passing", "warning", "critical");

    private final CatalogState catalog;
    private final HealthState health;
    private final UiPages pages;

    RegistryPages(CatalogState catalog, HealthState health, UiPages pages) {
        this.catalog = catalog;
        this.health = health;
        this.pages = pages;
    }

    /** One row of the services page. */
    record ServiceRow(String name, List<String> tags, int instances, Map<String, Integer> health) {
    }

    void services(Context ctx) {
        Paging<ServiceSummary> page = Paging.of(catalog.serviceSummaries(null).value(), ctx.queryParam("q"),
                ctx.queryParam("page"), s -> s.name() + " " + String.join(" ", s.tags()));
        List<ServiceRow> rows = new ArrayList<>();
        for (ServiceSummary s : page.items()) {
            Map<String, Integer> byHealth = new TreeMap<>();
            for (CheckServiceNode csn : health.serviceNodes(null, s.name(), List.of(), Map.of()).value()) {
                byHealth.merge(AggregatedStatus.of(csn.checks()).wire(), 1, Integer::sum);
            }
            rows.add(new ServiceRow(s.name(), s.tags(), s.instances(), byHealth));
        }
        pages.render(ctx, "services", "services", Map.of("page", page, "rows", rows));
    }

    /** One instance on the service page. */
    record InstanceRow(CheckServiceNode instance, String address, String status) {
    }

    void service(Context ctx) {
        String name = ctx.pathParam("name");
        List<InstanceRow> rows = new ArrayList<>();
        for (CheckServiceNode csn : health.serviceNodes(null, name, List.of(), Map.of()).value()) {
            String address = csn.service().address().isEmpty() ? csn.node().address() : csn.service().address();
            rows.add(new InstanceRow(csn, address, AggregatedStatus.of(csn.checks()).wire()));
        }
        if (rows.isEmpty()) {
            ctx.status(404);
        }
        pages.render(ctx, "service", "services", Map.of("name", name, "instances", rows));
    }

    /** One row of the nodes page. */
    record NodeRow(Node node, int services, String status) {
    }

    void nodes(Context ctx) {
        List<Node> all = catalog.nodes(null, Map.of()).value();
        Paging<Node> page = Paging.of(all, ctx.queryParam("q"), ctx.queryParam("page"), n -> n.node() + " " + n.address());
        List<NodeRow> rows = new ArrayList<>();
        for (Node n : page.items()) {
            NodeServices ns = catalog.nodeServices(null, n.node()).value();
            List<HealthCheck> checks = health.nodeChecks(null, n.node()).value();
            rows.add(new NodeRow(n, ns == null ? 0 : ns.services().size(), AggregatedStatus.of(checks).wire()));
        }
        pages.render(ctx, "nodes", "nodes", Map.of("page", page, "rows", rows));
    }

    void node(Context ctx) {
        String name = ctx.pathParam("name");
        NodeServices ns = catalog.nodeServices(null, name).value();
        if (ns == null) {
            throw new NotFoundResponse("No node named " + name);
        }
        List<HealthCheck> checks = health.nodeChecks(null, name).value();
        pages.render(ctx, "node", "nodes", Map.of("node", ns.node(), "services", ns.services(), "checks", checks,
                "status", AggregatedStatus.of(checks).wire()));
    }

    void checks(Context ctx) {
        String requested = ctx.queryParamAsClass("state", String.class).getOrDefault("any");
        String state = STATES.contains(requested) ? requested : "any";
        // one read: the tab counts and the shown state's list come from the same checks
        List<HealthCheck> all = health.checksInState(null, "any", Map.of()).value();
        Map<String, Integer> byState = new TreeMap<>();
        all.forEach(c -> byState.merge(c.status().wire(), 1, Integer::sum));
        List<HealthCheck> inState = state.equals("any") ? all
                : all.stream().filter(c -> c.status().wire().equals(state)).toList();
        Paging<HealthCheck> page = Paging.of(inState, ctx.queryParam("q"), ctx.queryParam("page"),
                c -> c.node() + " " + c.checkId() + " " + c.name() + " " + c.serviceName() + " " + c.output());
        pages.render(ctx, "checks", "checks", Map.of("page", page, "state", state, "counts", byState));
    }
}
