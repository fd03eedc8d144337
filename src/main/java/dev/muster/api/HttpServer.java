package dev.muster.api;

import dev.muster.agent.LocalAgent;
import dev.muster.config.RegistryConfig;
import dev.muster.metrics.MetricRegistry;
import dev.muster.render.TemplateStatus;
import dev.muster.session.Sessions;
import dev.muster.state.BlockingQuery;
import dev.muster.state.StateStore;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The HTTP server: Javalin (Jetty, HTTP/1.1 only, so {@code Upgrade: h2c} is ignored) with Consul's route
 * table in {@link Router} and the error mapping of {@link HttpErrors}. Start once, stop once.
 */
public final class HttpServer implements AutoCloseable {
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.PUT, HandlerType.POST,
            HandlerType.DELETE, HandlerType.PATCH, HandlerType.HEAD, HandlerType.OPTIONS, HandlerType.TRACE,
            HandlerType.CONNECT, HandlerType.QUERY);

    private final Javalin app;
    private final RegistryConfig config;

    /**
     * @param sessions session lifecycle and TTL timers
     * @param metrics where request counts and latencies go, and what {@code /v1/agent/metrics} reports
     * @param templates the renderer's status per template ({@code /v1/muster/templates}; empty without templates)
     * @param pages   routes served besides the API (the UI), added ahead of the API's catch-all routes
     */
    public HttpServer(RegistryConfig config, StateStore store, Sessions sessions, LocalAgent agent,
                      BlockingQuery blockingQuery, String version, MetricRegistry metrics,
                      Supplier<List<TemplateStatus>> templates, Consumer<JavalinConfig> pages) {
        this.config = config;
        Json json = new Json();
        Responder responder = new Responder(json, blockingQuery, config.datacenter());
        Router router = new Router();
        new CatalogEndpoints(store.catalog(), responder).register(router);
        new HealthEndpoints(store.health(), responder).register(router);
        new KvEndpoints(store.kv(), responder).register(router);
        new TxnEndpoints(store.txn(), responder, json).register(router);
        new SessionEndpoints(sessions, store.sessions(), responder, config.nodeName(), config.sessionTtlMin())
                .register(router);
        new StatusEndpoints(responder, config.advertiseAddr()).register(router);
        new AgentEndpoints(responder, config, store, version, agent).register(router);
        new AgentServiceEndpoints(agent, store.catalog(), responder, blockingQuery, json).register(router);
        new AgentCheckEndpoints(agent, responder).register(router);
        new MetricsEndpoints(responder, metrics).register(router);
        new TemplateEndpoints(responder, templates).register(router);
        RequestMetrics requestMetrics = new RequestMetrics(metrics, System::nanoTime);
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.router.ignoreTrailingSlashes = false;
            HttpErrors.register(c);
            c.jetty.modifyServer(server -> server.setErrorHandler(new PlainTextErrorHandler()));
            requestMetrics.register(c);
            pages.accept(c);
            for (HandlerType method : METHODS) {
                // Consul's Index handler: the root sends browsers to the UI; other methods get the route table's answer
                c.routes.addHttpHandler(method, "/", method == HandlerType.GET
                        ? ctx -> ctx.redirect("/ui/", HttpStatus.MOVED_PERMANENTLY) : router::handle);
                c.routes.addHttpHandler(method, "/<path>", router::handle);
            }
        });
    }

    public HttpServer start() {
        app.start(config.clientAddr(), config.httpPort());
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
