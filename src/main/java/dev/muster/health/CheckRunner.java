package dev.muster.health;

import dev.muster.clock.Scheduler;
import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthStatus;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Runs one HTTP or TCP check every {@code Interval} (at least 1 s, as in Consul) and reports each result
 * that passes its {@link StatusThresholds}. The first run comes after a short stagger so that checks
 * registered together do not all fire at once; the next run is scheduled when the probe completes, so a
 * slow target never has two probes in flight. Thread-safe; {@link #stop()} is final.
 */
public final class CheckRunner {
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_STAGGER = Duration.ofSeconds(1);

    private final CheckDefinition definition;
    private final Scheduler scheduler;
    private final Probes probes;
    private final BiConsumer<HealthStatus, String> report;
    private final StatusThresholds thresholds;
    private final Duration interval;
    private volatile boolean stopped;
    private volatile Scheduler.Cancellable next;

    public CheckRunner(CheckDefinition definition, Scheduler scheduler, Probes probes,
                       BiConsumer<HealthStatus, String> report) {
        this.definition = definition;
        this.scheduler = scheduler;
        this.probes = probes;
        this.report = report;
        this.thresholds = new StatusThresholds(definition.successBeforePassing(), definition.failuresBeforeWarning(),
                definition.failuresBeforeCritical());
        Duration requested = definition.interval() == null ? MIN_INTERVAL : definition.interval();
        this.interval = requested.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : requested;
    }

    /** Starts probing; {@code stagger} (0..1) spreads the first run over up to a second. */
    public void start(double stagger) {
        Duration first = Duration.ofNanos((long) (Math.min(interval.toNanos(), MAX_STAGGER.toNanos()) * stagger));
        next = scheduler.schedule(first, this::probe);
    }

    private void probe() {
        if (stopped) {
            return;
        }
        probes.run(definition).whenComplete((result, error) -> {
            if (stopped) {
                return;
            }
            if (error == null) {
                HealthStatus status = thresholds.apply(result.status());
                if (status != null) {
                    report.accept(status, result.output());
                }
            }
            next = scheduler.schedule(interval, this::probe);
        });
    }

    public void stop() {
        stopped = true;
        Scheduler.Cancellable pending = next;
        if (pending != null) {
            pending.cancel();
        }
    }
}
