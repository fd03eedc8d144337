package dev.muster.ui;

import dev.muster.clock.Scheduler;
import dev.muster.state.CatalogState;
import dev.muster.state.WatchSet;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Server-sent events that tell open pages to refresh their live part: driven by the same change signals as
 * blocking queries (any node, service or check change) and by template status changes, coalesced to at most
 * one event per {@link #COALESCE}, so a burst of writes costs each browser one refetch. A comment every
 * {@link #HEARTBEAT} finds closed connections. Writes to browsers run on the feed's own thread, never on the
 * shared timer thread (a stalled browser must not delay check timers or blocking-query timeouts; it can only
 * delay other browsers' events until Jetty's idle timeout drops it). Thread-safe.
 */
final class LiveFeed implements AutoCloseable {
    static final Duration COALESCE = Duration.ofMillis(200);
    static final Duration HEARTBEAT = Duration.ofSeconds(25);

    private final CatalogState catalog;
    private final Scheduler scheduler;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "muster-ui-live");
        t.setDaemon(true);
        return t;
    });
    private volatile WatchSet watching;
    private volatile Scheduler.Cancellable heartbeat;
    private volatile boolean closed;
    private volatile long index;

    LiveFeed(CatalogState catalog, Scheduler scheduler) {
        this.catalog = catalog;
        this.scheduler = scheduler;
    }

    void start() {
        watch();
        beat();
    }

    /** Keeps an SSE connection open and sends it every change from now on. */
    void join(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        client.sendComment("watching index " + index);
    }

    int clients() {
        return clients.size();
    }

    /** Something the pages show changed (also called by the render service's listener). */
    void changed() {
        if (!closed && pending.compareAndSet(false, true)) {
            scheduler.schedule(COALESCE, () -> onSender(() -> {
                pending.set(false);
                watch();
                broadcast("change", Long.toString(index));
            }));
        }
    }

    /** Re-arms the watch before telling the pages, so a change during their refetch is not missed. */
    private void watch() {
        if (closed) {
            return;
        }
        WatchSet ws = new WatchSet();
        index = catalog.watchEverything(ws);
        WatchSet old = watching;
        watching = ws;
        if (old != null) {
            old.cancel();
        }
        ws.anyChange().thenRun(this::changed);
    }

    private void beat() {
        if (closed) {
            return;
        }
        onSender(() -> {
            clients.removeIf(SseClient::terminated);
            for (SseClient c : clients) {
                send(c, () -> c.sendComment("heartbeat"));
            }
        });
        heartbeat = scheduler.schedule(HEARTBEAT, this::beat);
    }

    /** Runs {@code task} on the feed's thread, unless the feed is closed (a timer may still fire after close). */
    private void onSender(Runnable task) {
        if (!closed) {
            try {
                sender.execute(task);
            } catch (RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    private void broadcast(String event, String data) {
        for (SseClient c : clients) {
            send(c, () -> c.sendEvent(event, data));
        }
    }

    private void send(SseClient client, Runnable sending) {
        try {
            sending.run();
        } catch (RuntimeException e) {
            clients.remove(client); // the browser went away mid-write
        }
        if (client.terminated()) {
            clients.remove(client);
        }
    }

    @Override
    public void close() {
        closed = true;
        Scheduler.Cancellable h = heartbeat;
        if (h != null) {
            h.cancel();
        }
        WatchSet ws = watching;
        if (ws != null) {
            ws.cancel();
        }
        sender.shutdownNow();
        clients.forEach(SseClient::close);
        clients.clear();
    }
}
