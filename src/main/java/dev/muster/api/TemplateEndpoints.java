package dev.muster.api;

import dev.muster.render.RenderEvent;
import dev.muster.render.TemplateStatus;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /v1/muster/templates}: the renderer's status per template, for scripts and monitoring (the
 * UI's Renders page shows the same). Muster's own endpoint, not Consul's: consul-template has no API. An
 * empty list when no template is configured.
 */
final class TemplateEndpoints {
    private final Responder responder;
    private final Supplier<List<TemplateStatus>> templates;

    TemplateEndpoints(Responder responder, Supplier<List<TemplateStatus>> templates) {
        this.responder = responder;
        this.templates = templates;
    }

    void register(Router router) {
        router.add("/v1/muster/templates", (ctx, rest) -> musterTemplates(ctx), "GET");
    }

    private void musterTemplates(Context ctx) {
        List<Object> out = new ArrayList<>();
        for (TemplateStatus t : templates.get()) {
            out.add(template(t));
        }
        responder.writeJson(ctx, out, QueryParams.pretty(ctx));
    }

    static Map<String, Object> template(TemplateStatus t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", t.name());
        m.put("Source", t.source());
        m.put("Destination", t.destination());
        m.put("Engine", t.engine());
        m.put("Status", t.state());
        m.put("LastError", t.lastError());
        m.put("LastSuccess", time(t.lastSuccessAt()));
        m.put("LastChange", time(t.lastChangeAt()));
        m.put("LastRender", step(t.lastRender()));
        m.put("LastWrite", step(t.lastWrite()));
        m.put("LastCheck", step(t.lastCheck()));
        m.put("LastReload", step(t.lastReload()));
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("Renders", t.renders());
        counters.put("Writes", t.writes());
        counters.put("Checks", t.checks());
        counters.put("Reloads", t.reloads());
        counters.put("Failures", t.failures());
        m.put("Counters", counters);
        return m;
    }

    /** One pipeline step: when, whether it succeeded, how long it took and what it said; null when never run. */
    private static Map<String, Object> step(RenderEvent e) {
        if (e == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Time", time(e.at()));
        m.put("OK", e.ok());
        m.put("DurationSeconds", e.took().toNanos() / 1e9);
        m.put("Output", e.detail());
        return m;
    }

    private static String time(Instant at) {
        return at == null ? null : at.toString();
    }
}
