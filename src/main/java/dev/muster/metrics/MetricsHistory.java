package dev.muster.metrics;

import dev.muster.clock.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last hour of a few metrics, one value per minute, for the UI's charts: a ring of
 * {@value #MINUTES} finished minutes plus the current one, in memory only (a restart starts an empty chart).
 *
 * <p>A task on the injected {@link Scheduler} wakes at every whole minute of the injected wall {@link Clock}
 * and closes the finished minute from one reading of the sources: how much each counter grew, each level's
 * value at the end of the minute, and a quantile of what each histogram observed in the minute. The same
 * reading starts the next minute, so no event falls between two minutes. Levels are therefore sampled once a
 * minute (and at every {@link #lastHour()} for the current minute).
 *
 * <p>Thread-safe: ticks and reads synchronise on this object; the sources are read under that lock and must
 * be cheap (once a minute and on every read).
 */
public final class MetricsHistory implements AutoCloseable {
    /** Finished minutes kept. */
    public static final int MINUTES = 60;

    private record Minute(Instant start, double[] values) {
    }

    private final Scheduler scheduler;
    private final Clock clock;
    private final List<SeriesSource> sources;
    private final ArrayDeque<Minute> finished = new ArrayDeque<>(MINUTES + 1);
    /** Start of the current minute; null until {@link #start()}. */
    private Instant minute;
    /** Per source, the reading the current minute started from. */
    private Object[] baseline;
    private Scheduler.Cancellable next;
    private boolean closed;

    public MetricsHistory(Scheduler scheduler, Clock clock, List<SeriesSource> sources) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.sources = List.copyOf(sources);
    }

    /** Starts the current minute from the sources' present values and schedules the sampling task. */
    public synchronized void start() {
        if (minute != null || closed) {
            return;
        }
        minute = minuteOf(clock.instant());
        baseline = read();
        scheduleNext();
    }

    /** {@link #lastHour()} with the minute it ends at, so a chart can place every point at its own minute. */
    public record Window(Instant currentMinute, List<Series> series) {
        public Window {
            series = List.copyOf(series);
        }
    }

    /**
     * The last hour and the start of the current minute (null before {@link #start()}): a minute without a
     * point is a minute without data, never a reason to shift the others.
     */
    public synchronized Window window() {
        return new Window(minute, lastHour());
    }

    /**
     * Every series, in the order the sources were given: up to {@value #MINUTES} finished minutes of the last
     * hour, then the current minute so far. Series have no points before {@link #start()}.
     */
    public synchronized List<Series> lastHour() {
        List<List<Series.Point>> points = new ArrayList<>(sources.size());
        sources.forEach(s -> points.add(new ArrayList<>()));
        if (minute != null) {
            Instant oldest = minute.minus(Duration.ofMinutes(MINUTES));
            for (Minute m : finished) {
                if (!m.start().isBefore(oldest)) {
                    add(points, m.start(), m.values());
                }
            }
            add(points, minute, values(read()));
        }
        List<Series> out = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            out.add(new Series(sources.get(i).name(), sources.get(i).unit(), points.get(i)));
        }
        return out;
    }

    /** Closes the current minute when the wall clock has entered a later one, then waits for the next. */
    private void tick() {
        synchronized (this) {
            if (closed) {
                return;
            }
            Instant now = minuteOf(clock.instant());
            if (now.isAfter(minute)) {
                // One reading ends the finished minute and starts the next, so no event falls in between.
                Object[] reading = read();
                finished.addLast(new Minute(minute, values(reading)));
                while (finished.size() > MINUTES) {
                    finished.removeFirst();
                }
                minute = now;
                baseline = reading;
            }
            scheduleNext();
        }
    }

    /**
     * The next tick at the next whole minute of the wall clock. A tick that comes early (timer and wall clock
     * disagree by a few milliseconds) finds the same minute and simply waits for the rest of it.
     */
    private void scheduleNext() {
        long minuteMillis = Duration.ofMinutes(1).toMillis();
        long delay = minuteMillis - Math.floorMod(clock.millis(), minuteMillis);
        next = scheduler.schedule(Duration.ofMillis(delay), this::tick);
    }

    private Object[] read() {
        Object[] out = new Object[sources.size()];
        for (int i = 0; i < out.length; i++) {
            SeriesSource s = sources.get(i);
            if (s instanceof SeriesSource.PerMinute p) {
                out[i] = p.total().getAsDouble();
            } else if (s instanceof SeriesSource.Level l) {
                out[i] = l.value().getAsDouble();
            } else {
                out[i] = ((SeriesSource.Quantile) s).histogram().get();
            }
        }
        return out;
    }

    /** The current minute's values given a reading taken now (NaN = no value). */
    private double[] values(Object[] reading) {
        double[] out = new double[sources.size()];
        for (int i = 0; i < out.length; i++) {
            SeriesSource s = sources.get(i);
            if (s instanceof SeriesSource.PerMinute) {
                // A total never goes down; if its owner was replaced, count from zero rather than negative.
                out[i] = Math.max(0, (Double) reading[i] - (Double) baseline[i]);
            } else if (s instanceof SeriesSource.Level) {
                out[i] = (Double) reading[i];
            } else {
                SeriesSource.Quantile q = (SeriesSource.Quantile) s;
                Sample.Distribution delta = ((Sample.Distribution) reading[i]).since((Sample.Distribution) baseline[i]);
                out[i] = delta.quantile(q.q()) * q.scale();
            }
        }
        return out;
    }

    private static void add(List<List<Series.Point>> points, Instant start, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                points.get(i).add(new Series.Point(start, values[i]));
            }
        }
    }

    private static Instant minuteOf(Instant t) {
        return t.truncatedTo(ChronoUnit.MINUTES);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel();
        }
    }
}
