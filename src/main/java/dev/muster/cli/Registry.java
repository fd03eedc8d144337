package dev.muster.cli;

import dev.muster.agent.AgentNode;
import dev.muster.agent.LocalAgent;
import dev.muster.health.Probes;
import dev.muster.render.RenderService;
import dev.muster.render.TemplateRenderer;
import dev.muster.session.Sessions;
import dev.muster.clock.Scheduler;
import dev.muster.clock.SystemScheduler;
import dev.muster.api.HttpServer;
import dev.muster.config.RegistryConfig;
import dev.muster.state.BlockingQuery;
import dev.muster.state.KvState;
import dev.muster.state.StateStore;
import dev.muster.store.H2Store;
import dev.muster.store.Durability;
import dev.muster.ui.UiRoutes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds one running Muster from a {@link RegistryConfig} by constructor, in order
 * (store → state → agent node → HTTP), and stops it in reverse. No static state, so tests can run several
 * in one JVM.
 */
public final class Registry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    /** Consul's anti-entropy runs about once a minute on a small cluster. */
    private static final long ANTI_ENTROPY_SECONDS = 60;
    /** How often expired KV tombstones are reaped (Consul bins them by 30 s). */
    private static final long TOMBSTONE_REAP_SECONDS = 30;
    private static final int CHECK_THREADS = 2;

    private final StateStore store;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService wakePool;
    private final BlockingQuery blockingQuery;
    private final ScheduledThreadPoolExecutor checkPool;
    private final LocalAgent agent;
    private final Sessions sessions;
    private final HttpServer http;
    private final RenderService render;
    private final UiRoutes ui;
    private final Telemetry telemetry;

    private Registry(StateStore store, ScheduledThreadPoolExecutor scheduler, ExecutorService wakePool,
                     BlockingQuery blockingQuery, ScheduledThreadPoolExecutor checkPool, LocalAgent agent,
                     Sessions sessions, HttpServer http, RenderService render, UiRoutes ui, Telemetry telemetry) {
        this.store = store;
        this.scheduler = scheduler;
        this.wakePool = wakePool;
        this.blockingQuery = blockingQuery;
        this.checkPool = checkPool;
        this.agent = agent;
        this.sessions = sessions;
        this.http = http;
        this.render = render;
        this.ui = ui;
        this.telemetry = telemetry;
    }

    public static Registry start(RegistryConfig config, String version) {
        Durability durability = config.dev() ? Durability.MEMORY
                : config.durability().equals("write") ? Durability.WRITE : Durability.FSYNC;
        String nodeId = AgentNode.nodeId(config.dataDir());
        StateStore store = new StateStore(H2Store.open(config.dataDir(), durability, config.checkpointBatches()));
        AgentNode agentNode = new AgentNode(store.catalog(), nodeId, config.nodeName(), config.advertiseAddr(),
                config.datacenter());
        try {
            agentNode.sync().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store.close();
            throw new IllegalStateException("interrupted while registering the agent node", e);
        } catch (ExecutionException e) {
            store.close();
            throw new IllegalStateException("cannot register the agent node: " + e.getCause().getMessage(), e);
        }
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemon("muster-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        repeat(scheduler, ANTI_ENTROPY_SECONDS, "anti-entropy sync of the agent node", agentNode::sync);
        ExecutorService wakePool = Executors.newFixedThreadPool(
                Math.max(4, Runtime.getRuntime().availableProcessors() * 2), daemon("muster-wake"));
        BlockingQuery blockingQuery = new BlockingQuery(scheduler, wakePool, RandomGenerator.of("L64X128MixRandom"));
        // Checks run on a small bounded pool: probes are asynchronous, so two threads serve any number.
        ScheduledThreadPoolExecutor checkPool = new ScheduledThreadPoolExecutor(CHECK_THREADS, daemon("muster-checks"));
        checkPool.setRemoveOnCancelPolicy(true);
        Scheduler checkScheduler = new SystemScheduler(checkPool);
        LocalAgent agent = new LocalAgent(store.catalog(), store.health(), config.nodeName(), checkScheduler,
                new Probes(checkPool, checkScheduler), RandomGenerator.of("L64X128MixRandom"));
        agent.start();
        Telemetry telemetry = new Telemetry(store, new SystemScheduler(scheduler), java.time.Clock.systemUTC());
        KvState kv = store.kv();
        // Tombstones older than 15 minutes go every 30 s (Consul's granularity). A reap is an ordinary write,
        // idempotent, so several nodes sharing one store may each run it.
        repeat(scheduler, TOMBSTONE_REAP_SECONDS, "reaping KV tombstones", kv::reapTombstones);
        Sessions sessions = new Sessions(store.sessions(), new SystemScheduler(scheduler));
        sessions.start();
        RenderService render = null;
        UiRoutes ui = null;
        HttpServer http;
        try {
            if (!config.templates().isEmpty()) {
                // Templates compile before anything listens: a broken template fails start-up with its name.
                render = new RenderService(config.templates(),
                        new TemplateRenderer(store.catalog(), store.health(), store.kv(), config.datacenter()),
                        checkScheduler, config.reloadMinInterval(), config.dry() ? System.out : null);
            }
            ui = new UiRoutes(store, agent, render, telemetry.history()::window, new SystemScheduler(scheduler));
            RenderService templates = render;
            http = new HttpServer(config, store, sessions, agent, blockingQuery, version, telemetry.metrics(),
                    templates == null ? List::of : templates::statuses, ui::register);
            http.start();
            ui.start();
        } catch (RuntimeException e) {
            if (ui != null) {
                ui.close();
            }
            if (render != null) {
                render.close();
            }
            sessions.close();
            agent.close();
            checkPool.shutdownNow();
            scheduler.shutdownNow();
            wakePool.shutdownNow();
            store.close();
            throw e;
        }
        LOG.info("Muster {} agent {} (dc {}) serving the HTTP API on {}:{}, data {}", version, config.nodeName(),
                config.datacenter(), config.clientAddr(), http.port(),
                config.dev() ? "in memory (-dev)" : config.dataDir() + " (durability " + config.durability() + ")");
        if (render != null && !config.once()) {
            render.start();
        }
        telemetry.watch(render);
        telemetry.start();
        return new Registry(store, scheduler, wakePool, blockingQuery, checkPool, agent, sessions, http, render, ui,
                telemetry);
    }

    /** Runs a write every {@code seconds}; a failure is logged and the next run tries again. */
    private static void repeat(ScheduledThreadPoolExecutor scheduler, long seconds, String what,
                               Supplier<CompletableFuture<?>> write) {
        scheduler.scheduleWithFixedDelay(() -> write.get().whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn("{} failed: {}", what, e.getMessage());
            }
        }), seconds, seconds, TimeUnit.SECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public int httpPort() {
        return http.port();
    }

    public LocalAgent agent() {
        return agent;
    }

    public StateStore store() {
        return store;
    }

    /** Metrics and the last hour of them for charts ({@code telemetry().history().lastHour()}). */
    public Telemetry telemetry() {
        return telemetry;
    }

    /** Answers held blocking queries, then stops HTTP, the timers and the store, in that order. */
    /** {@code -once}: renders every template once (the store is loaded); true when all succeeded. */
    public boolean renderOnce() {
        return render == null || render.runOnce();
    }

    @Override
    public void close() {
        telemetry.close();
        ui.close();
        if (render != null) {
            render.close();
        }
        sessions.close();
        agent.close();
        checkPool.shutdownNow();
        blockingQuery.abandon();
        store.abandonWatches();
        wakePool.shutdown();
        try {
            wakePool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
        scheduler.shutdownNow();
        wakePool.shutdownNow();
        store.close();
    }
}
