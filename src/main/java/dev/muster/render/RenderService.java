package dev.muster.render;

import dev.muster.clock.Scheduler;
import dev.muster.config.TemplateConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The in-process consul-template: compiles every template at start (a broken template fails start-up
 * with its name and error), renders them once the store is loaded — never from an empty registry — and
 * then whenever data they read changes. One render thread; one reload at a time. Thread-safe.
 */
public final class RenderService implements AutoCloseable {
    private final ExecutorService renderThread;
    private final List<TemplateWatch> watches = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public RenderService(List<TemplateConfig> templates, TemplateRenderer renderer, Scheduler scheduler,
                         Duration reloadMinInterval, PrintStream dryOut) {
        this.renderThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "muster-render");
            t.setDaemon(true);
            return t;
        });
        ReloadGate gate = new ReloadGate(scheduler, renderThread, reloadMinInterval);
        for (TemplateConfig t : templates) {
            String source = t.contents() != null ? t.contents() : read(t.source());
            watches.add(new TemplateWatch(t, renderer.compile(t, source), renderer, renderThread, gate, scheduler,
                    Clock.systemUTC(), dryOut, this::statusChanged));
        }
    }

    private static String read(String source) {
        try {
            return Files.readString(Path.of(source), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RenderException(source + ": cannot read the template: " + e.getMessage(), e);
        }
    }

    /** Renders everything now and keeps watching. */
    public void start() {
        watches.forEach(TemplateWatch::schedule);
    }

    /** {@code -once}: renders, writes, checks and reloads every template once; true when all succeeded. */
    public boolean runOnce() {
        boolean ok = true;
        for (TemplateWatch w : watches) {
            ok &= w.cycle(true);
        }
        return ok;
    }

    /**
     * Waits until the render thread has done everything queued so far, including the work that work
     * queues (a change queues a cycle, a cycle may queue a reload): a few rounds cover every chain (tests).
     */
    void awaitIdle() throws Exception {
        for (int round = 0; round < 4; round++) {
            renderThread.submit(() -> { }).get(10, TimeUnit.SECONDS);
        }
    }

    /** Calls {@code listener} (on the render thread; keep it quick) whenever a template's status changes. */
    public void onStatusChange(Runnable listener) {
        listeners.add(listener);
    }

    private void statusChanged() {
        listeners.forEach(Runnable::run);
    }

    public List<TemplateStatus> statuses() {
        return watches.stream().map(TemplateWatch::status).toList();
    }

    @Override
    public void close() {
        watches.forEach(TemplateWatch::stop);
        renderThread.shutdown();
        try {
            renderThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
