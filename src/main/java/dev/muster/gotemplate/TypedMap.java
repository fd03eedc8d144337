package dev.muster.gotemplate;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A map whose element type is known, so a missing key under {@link MissingKey#ZERO} yields that type's zero
 * ({@code ""} for Go's {@code map[string]string}, {@code 0} for {@code map[string]int}) instead of a nil
 * interface. Read-only view of the given map.
 */
public final class TypedMap<V> extends AbstractMap<String, V> {
    private final Map<String, V> entries;
    private final V zero;
    private final String goType;

    public TypedMap(Map<String, V> entries, V zero, String goType) {
        this.entries = entries;
        this.zero = zero;
        this.goType = goType;
    }

    /** A Go {@code map[string]string}. */
    public static TypedMap<String> ofStrings(Map<String, String> entries) {
        return new TypedMap<>(entries, "", "map[string]string");
    }

    public V zero() {
        return zero;
    }

    public String goType() {
        return goType;
    }

    @Override
    public V get(Object key) {
        return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return entries.entrySet();
    }
}
