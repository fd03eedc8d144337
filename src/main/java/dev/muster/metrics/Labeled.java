package dev.muster.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A metric with labels: one child instrument per combination of label values, created on first use. Keep
 * the values bounded (methods, status codes, template names), never request data. Thread-safe.
 *
 * @param <T> the instrument, e.g. {@link Counter}
 */
public final class Labeled<T> {
    private final List<String> names;
    private final Supplier<T> factory;
    private final Map<List<String>, T> children = new ConcurrentHashMap<>();

    Labeled(List<String> names, Supplier<T> factory) {
        this.names = List.copyOf(names);
        this.factory = factory;
    }

    /** The instrument for these label values, in the order of the label names. */
    public T labels(String... values) {
        if (values.length != names.size()) {
            throw new IllegalArgumentException("expected " + names.size() + " label values " + names + ", got "
                    + values.length);
        }
        return children.computeIfAbsent(List.of(values), k -> factory.get());
    }

    /** Label maps to children, for collection. */
    Map<Map<String, String>, T> children() {
        Map<Map<String, String>, T> out = new LinkedHashMap<>();
        children.forEach((values, child) -> {
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                labels.put(names.get(i), values.get(i));
            }
            out.put(labels, child);
        });
        return out;
    }
}
