package dev.muster.ui;

import dev.muster.agent.LocalAgent;
import dev.muster.clock.Scheduler;
import dev.muster.metrics.MetricsHistory;
import dev.muster.render.RenderService;
import dev.muster.render.TemplateStatus;
import dev.muster.state.StateStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.function.Supplier;

/**
 * The web UI at {@code /ui/} (the API server redirects {@code /} there, as Consul does): builds the pages and adds their routes to the
 * HTTP server, ahead of the Consul API's catch-all route. Every UI response carries a strict content
 * security policy: only the jar's own stylesheet and script run.
 */
public final class UiRoutes implements AutoCloseable {
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final LiveFeed live;
    private final RegistryPages registry;
    private final VirtualHostPages vhosts;
    private final TemplatePages templates;
    private final KvPages kv;
    private final MonitoringPage monitoring;
    private final StaticAssets assets = new StaticAssets();

    /**
     * @param render  null when no template is configured
     * @param history the last hour of metrics for the charts
     */
    public UiRoutes(StateStore store, LocalAgent agent, RenderService render, Supplier<MetricsHistory.Window> history,
                    Scheduler scheduler) {
        Supplier<List<TemplateStatus>> statuses = render == null ? List::of : render::statuses;
        CsrfGuard csrf = new CsrfGuard();
        UiPages pages = new UiPages(csrf, statuses);
        this.live = new LiveFeed(store.catalog(), scheduler);
        if (render != null) {
            render.onStatusChange(live::changed);
        }
        this.registry = new RegistryPages(store.catalog(), store.health(), pages);
        this.vhosts = new VirtualHostPages(new VirtualHosts(agent), store.catalog(), csrf, pages);
        this.templates = new TemplatePages(statuses, pages);
        this.kv = new KvPages(store.kv(), store.sessions(), csrf, pages);
        this.monitoring = new MonitoringPage(history, pages);
    }

    /** Adds the UI's routes; call before the API's catch-all routes are added. */
    public void register(JavalinConfig c) {
        c.routes.get("/ui", ctx -> ctx.redirect("/ui/", HttpStatus.FOUND));
        c.routes.get("/ui/", ctx -> ctx.redirect("/ui/services", HttpStatus.FOUND));
        c.routes.get("/ui/static/{file}", assets::serve);
        c.routes.sse("/ui/events", live::join);
        page(c, "/ui/services", registry::services);
        page(c, "/ui/services/{name}", registry::service);
        page(c, "/ui/nodes", registry::nodes);
        page(c, "/ui/nodes/{name}", registry::node);
        page(c, "/ui/checks", registry::checks);
        page(c, "/ui/vhosts", vhosts::list);
        page(c, "/ui/vhosts/{name}", vhosts::show);
        action(c, "/ui/vhosts", vhosts::create);
        action(c, "/ui/vhosts/{name}/edit", vhosts::edit);
        action(c, "/ui/vhosts/{name}/backends", vhosts::addBackend);
        action(c, "/ui/vhosts/{name}/remove-backend", vhosts::removeBackend);
        action(c, "/ui/vhosts/{name}/drain", vhosts::drain);
        action(c, "/ui/vhosts/{name}/delete", vhosts::delete);
        c.routes.get("/ui/kv", ctx -> ctx.redirect("/ui/kv/", HttpStatus.FOUND));
        page(c, "/ui/kv/", kv::show);
        page(c, "/ui/kv/<path>", kv::show);
        action(c, "/ui/kv/", kv::post);
        action(c, "/ui/kv/<path>", kv::post);
        page(c, "/ui/sessions", kv::sessions);
        page(c, "/ui/templates", templates::list);
        page(c, "/ui/templates/{name}", templates::show);
        page(c, "/ui/monitoring", monitoring::show);
    }

    private static void page(JavalinConfig c, String path, io.javalin.http.Handler handler) {
        c.routes.get(path, ctx -> {
            secure(ctx);
            handler.handle(ctx);
        });
    }

    private static void action(JavalinConfig c, String path, io.javalin.http.Handler handler) {
        c.routes.post(path, ctx -> {
            secure(ctx);
            handler.handle(ctx);
        });
    }

    private static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .header("Cache-Control", "no-store");
    }

    public void start() {
        live.start();
    }

    @Override
    public void close() {
        live.close();
    }
}
