package dev.muster.render;

import dev.muster.clock.Scheduler;
import dev.muster.config.TemplateConfig;
import dev.muster.state.WatchSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One template's pipeline: change in the data it read (and only that) → quiescence → render → compare
 * bytes (nothing happens when equal) → atomic write → {@code check_command} with the new file in place →
 * on failure restore the previous file and skip the reload → {@code command} through the shared
 * {@link ReloadGate} → record the outcome.
 *
 * <h2>Threads</h2>
 * Every step runs on the single render thread, so one template never renders twice at once and reloads
 * never overlap; changes arriving meanwhile mark the template for one more cycle.
 *
 * <h2>Failures</h2>
 * It never stops: a template error, a failed check or a failed reload is logged once (until it changes),
 * kept in {@link #status()}, and retried at the next change; a failed reload is owed and retried then even
 * if the file is unchanged.
 */
final class TemplateWatch {
    private static final Logger LOG = LoggerFactory.getLogger(TemplateWatch.class);

    private final TemplateConfig config;
    private final CompiledTemplate template;
    private final TemplateRenderer renderer;
    private final Executor renderThread;
    private final ReloadGate reloads;
    private final Quiescence quiescence;
    private final Clock clock;
    private final PrintStream dryOut;
    /** Told after every published status (the UI's live updates). */
    private final Runnable onStatus;
    private final RenderHistory history = new RenderHistory();
    private final AtomicBoolean queued = new AtomicBoolean();
    /** The last published snapshot; the fields below are written on the render thread only. */
    private volatile TemplateStatus status;
    private long renders;
    private long writes;
    private long checks;
    private long reloadCount;
    private long failures;
    private String lastError;
    private RenderEvent lastRender;
    private RenderEvent lastWrite;
    private RenderEvent lastCheck;
    private RenderEvent lastReload;
    private Instant lastSuccessAt;
    private String content = "";
    private String previousContent = "";
    private Instant lastChangeAt;
    private WatchSet watching;
    private boolean reloadOwed;
    private String lastLogged;

    TemplateWatch(TemplateConfig config, CompiledTemplate template, TemplateRenderer renderer, Executor renderThread,
                  ReloadGate reloads, Scheduler scheduler, Clock clock, PrintStream dryOut, Runnable onStatus) {
        this.config = config;
        this.template = template;
        this.renderer = renderer;
        this.renderThread = renderThread;
        this.reloads = reloads;
        this.clock = clock;
        this.dryOut = dryOut;
        this.onStatus = onStatus;
        this.quiescence = new Quiescence(scheduler, config.waitMin(), config.waitMax(), this::schedule);
        publish();
    }

    TemplateStatus status() {
        return status;
    }

    /** Queues one cycle on the render thread (a no-op when one is already queued). */
    void schedule() {
        if (queued.compareAndSet(false, true)) {
            renderThread.execute(() -> {
                queued.set(false);
                cycle(false);
            });
        }
    }

    /**
     * Renders and applies once, on the calling thread (the render thread, or {@code -once}); with
     * {@code once} the reload runs at once instead of through the gate. Returns false on any failure.
     */
    boolean cycle(boolean once) {
        WatchSet ws = new WatchSet();
        String output;
        long started = System.nanoTime();
        try {
            output = template.render(ws);
        } catch (RenderException e) {
            watch(ws, once);
            record("render", false, started, e.getMessage());
            return fail((e.notReady() ? "not rendered yet, keeping the current file: "
                    : "render failed, keeping the current file: ") + e.getMessage(), e.getMessage());
        } catch (RuntimeException e) {
            watch(ws, once);
            record("render", false, started, String.valueOf(e));
            return fail("render failed unexpectedly, keeping the current file: " + e, String.valueOf(e));
        }
        watch(ws, once);
        renders++;
        record("render", true, started, output.length() + " characters");
        publish();
        if (dryOut != null) {
            dryOut.println("> " + config.destination());
            dryOut.print(output);
            dryOut.flush();
            return true;
        }
        return apply(output, once);
    }

    private void watch(WatchSet ws, boolean once) {
        if (watching != null) {
            watching.cancel();
        }
        if (once) {
            ws.cancel();
            return;
        }
        watching = ws;
        ws.anyChange().thenRunAsync(() -> changed(ws), renderThread);
    }

    /**
     * A watched key changed: tell the quiescence timer, and keep watching the same keys so every further
     * change of the burst restarts the quiet period (a watch set fires once).
     */
    private void changed(WatchSet fired) {
        if (watching != fired) {
            return; // a render replaced this watch set meanwhile
        }
        WatchSet again = renderer.rewatch(fired);
        watching = again;
        again.anyChange().thenRunAsync(() -> changed(again), renderThread);
        quiescence.changed();
    }

    private boolean apply(String rendered, boolean once) {
        byte[] content = rendered.getBytes(StandardCharsets.UTF_8);
        Path destination = Path.of(config.destination());
        AtomicFile.Written written;
        long started = System.nanoTime();
        try {
            written = AtomicFile.write(destination, content, config.perms(), config.backup(), config.createDestDirs());
        } catch (IOException e) {
            record("write", false, started, String.valueOf(e));
            return fail("cannot write " + destination + ": " + e, "write " + e);
        }
        if (!written.changed() && !reloadOwed) {
            this.content = rendered;
            return succeed();
        }
        if (written.changed()) {
            writes++;
            record("write", true, started, content.length + " bytes to " + destination);
            LOG.info("{}: wrote {} ({} bytes)", config.name(), destination, content.length);
        }
        if (!config.checkCommand().isEmpty()) {
            CommandRunner.Result check = CommandRunner.run(config.checkCommand(), config.commandTimeout());
            checks++;
            record("check", check, describe(check));
            if (!check.ok()) {
                try {
                    AtomicFile.restore(destination, written.previous());
                } catch (IOException e) {
                    return fail("check command failed and the previous file could not be restored: " + e, "restore " + e);
                }
                // logged once per kind of failure: nginx -t output carries timestamps and pids
                return fail("check command " + config.checkCommand() + " failed (" + describe(check)
                        + "); restored the previous " + destination + ", no reload: " + check.output(),
                        "check " + describe(check));
            }
        }
        if (written.changed()) {
            previousContent = written.previous() == null ? "" : new String(written.previous(), StandardCharsets.UTF_8);
            lastChangeAt = now();
        }
        this.content = rendered;
        if (config.command().isEmpty()) {
            return succeed();
        }
        if (once) {
            return reloaded(CommandRunner.run(config.command(), config.commandTimeout()));
        }
        reloadOwed = true;
        publish();
        reloads.request(config.command(), config.commandTimeout(), this::reloaded);
        return true;
    }

    private boolean reloaded(CommandRunner.Result result) {
        reloadCount++;
        record("reload", result, describe(result));
        if (!result.ok()) {
            reloadOwed = true;
            return fail("command " + config.command() + " failed (" + describe(result) + "): " + result.output(),
                    "command " + describe(result));
        }
        reloadOwed = false;
        LOG.info("{}: ran {} in {} ms", config.name(), config.command(), result.took().toMillis());
        return succeed();
    }

    private boolean succeed() {
        if (lastError != null) {
            LOG.info("{}: recovered", config.name());
        }
        lastLogged = null;
        lastError = null;
        lastSuccessAt = now();
        publish();
        return true;
    }

    /** Records a failure; logs it unless the last logged failure was of the same kind ({@code dedupeKey}). */
    private boolean fail(String error, String dedupeKey) {
        if (!dedupeKey.equals(lastLogged)) {
            LOG.error("{}: {}", config.name(), error);
            lastLogged = dedupeKey;
        }
        failures++;
        lastError = error;
        publish();
        return false;
    }

    private static String describe(CommandRunner.Result r) {
        return r.timedOut() ? "timed out after " + r.took().toMillis() + " ms" : "exit " + r.exitCode();
    }

    private Instant now() {
        return clock.instant();
    }

    private void record(String step, boolean ok, long startedNanos, String detail) {
        record(new RenderEvent(now(), step, ok, Duration.ofNanos(System.nanoTime() - startedNanos), detail));
    }

    private void record(String step, CommandRunner.Result result, String outcome) {
        String output = result.output().isBlank() ? outcome : outcome + ": " + result.output().strip();
        record(new RenderEvent(now(), step, result.ok(), result.took(), output));
    }

    /** Adds the step to the history and keeps it as the last of its kind. */
    private void record(RenderEvent e) {
        history.add(e);
        switch (e.step()) {
            case "render" -> lastRender = e;
            case "write" -> lastWrite = e;
            case "check" -> lastCheck = e;
            case "reload" -> lastReload = e;
            default -> throw new IllegalArgumentException("unknown step " + e.step());
        }
    }

    private void publish() {
        status = new TemplateStatus(config.name(), config.source(), template.engine(), config.destination(),
                renders, writes, checks, reloadCount, failures, lastError, lastRender, lastWrite, lastCheck, lastReload,
                lastSuccessAt, content, previousContent, lastChangeAt, history.snapshot());
        onStatus.run();
    }

    void stop() {
        quiescence.cancel();
        if (watching != null) {
            watching.cancel();
        }
    }
}
