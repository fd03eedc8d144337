package dev.muster.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one Muster: instruments registered by name, and callback metrics that read their value
 * from their owner when collected (so the state store or the renderer keep their own counters and need not
 * know this package). Names are dotted ({@code muster.api.requests}); {@link PrometheusText} turns them into
 * Prometheus names. Built by the composition root, never static, so two registries can run in one JVM.
 * Thread-safe.
 */
public final class MetricRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(MetricRegistry.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");

    /** A registered metric: what it is and how to read it. */
    private record Family(String name, String help, MetricType type, Supplier<List<? extends Sample>> read) {
    }

    private final Clock clock;
    private final Instant started;
    private final Map<String, Family> families = new ConcurrentSkipListMap<>();

    public MetricRegistry(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
    }

    /** The clock used for timestamps and rates. */
    public Clock clock() {
        return clock;
    }

    /** How long this registry has existed (the base of rates and of the uptime gauge). */
    public Duration uptime() {
        Duration up = Duration.between(started, clock.instant());
        return up.isNegative() ? Duration.ZERO : up;
    }

    public Counter counter(String name, String help) {
        Counter c = new Counter();
        add(name, help, MetricType.COUNTER, () -> List.of(new Sample.Value(Map.of(), c.value())));
        return c;
    }

    /** A counter with labels, e.g. requests by method and code. */
    public Labeled<Counter> counters(String name, String help, String... labelNames) {
        Labeled<Counter> family = new Labeled<>(labels(labelNames), Counter::new);
        add(name, help, MetricType.COUNTER, () -> {
            List<Sample> out = new ArrayList<>();
            family.children().forEach((labels, c) -> out.add(new Sample.Value(labels, c.value())));
            return out;
        });
        return family;
    }

    /** A counter whose total its owner keeps; {@code total} must never go down. */
    public void counter(String name, String help, DoubleSupplier total) {
        add(name, help, MetricType.COUNTER, () -> List.of(new Sample.Value(Map.of(), total.getAsDouble())));
    }

    public Gauge gauge(String name, String help) {
        Gauge g = new Gauge();
        add(name, help, MetricType.GAUGE, () -> List.of(new Sample.Value(Map.of(), g.value())));
        return g;
    }

    /** A gauge read from its owner when collected. */
    public void gauge(String name, String help, DoubleSupplier value) {
        add(name, help, MetricType.GAUGE, () -> List.of(new Sample.Value(Map.of(), value.getAsDouble())));
    }

    /**
     * A counter or gauge whose labelled values its owner computes when collected (e.g. renders per template,
     * instances per health state).
     */
    public void callback(String name, String help, MetricType type, Supplier<List<Sample.Value>> values) {
        if (type == MetricType.HISTOGRAM) {
            throw new IllegalArgumentException("callback metrics are counters or gauges: " + name);
        }
        add(name, help, type, values::get);
    }

    /** A histogram with fixed buckets, e.g. {@link Histogram#LATENCY_SECONDS}. */
    public Histogram histogram(String name, String help, double[] upperBounds) {
        Histogram h = new Histogram(upperBounds);
        add(name, help, MetricType.HISTOGRAM, () -> List.of(h.snapshot(Map.of())));
        return h;
    }

    /**
     * Every metric, sorted by name. A callback that fails is left out (and logged) rather than failing the
     * whole collection.
     */
    public List<MetricSnapshot> collect() {
        List<MetricSnapshot> out = new ArrayList<>(families.size());
        for (Family f : families.values()) {
            MetricSnapshot s = read(f);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** One metric by its dotted name. */
    public Optional<MetricSnapshot> collect(String name) {
        Family f = families.get(name);
        return f == null ? Optional.empty() : Optional.ofNullable(read(f));
    }

    /** The sum of a counter's or gauge's samples over all labels; 0 when it does not exist (yet). */
    public double total(String name) {
        return collect(name).map(MetricSnapshot::total).orElse(0.0);
    }

    private static MetricSnapshot read(Family f) {
        try {
            List<Sample> samples = new ArrayList<>(f.read().get());
            samples.sort(Comparator.comparing(s -> s.labels().values().toString()));
            return new MetricSnapshot(f.name(), f.help(), f.type(), samples);
        } catch (RuntimeException e) {
            LOG.warn("metric {} could not be read: {}", f.name(), e.toString());
            return null;
        }
    }

    private void add(String name, String help, MetricType type, Supplier<List<? extends Sample>> read) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name must be lower-case words joined by dots: " + name);
        }
        if (families.putIfAbsent(name, new Family(name, help, type, read)) != null) {
            throw new IllegalArgumentException("metric " + name + " is already registered");
        }
    }

    private static List<String> labels(String... names) {
        for (String n : names) {
            if (!LABEL.matcher(n).matches() || n.equals("le")) {
                throw new IllegalArgumentException("bad label name " + n + " in " + Arrays.toString(names));
            }
        }
        return List.of(names);
    }
}
