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
    private final String keyOrigin;

    public TypedMap(Map<String, V> entries, V zero, String goType) {
        this(entries, zero, goType, null);
    }

    /**
     * A map whose keys come from {@code keyOrigin} (null: trusted): lookups use them as plain strings, but
     * ranging and printing hand them out tainted ({@link Text}).
     */
    public TypedMap(Map<String, V> entries, V zero, String goType, String keyOrigin) {
        this.entries = entries;
        this.zero = zero;
        this.goType = goType;
        this.keyOrigin = keyOrigin;
    }

    /** The key as a template sees it when ranging or printing. */
    Object templateKey(Object key) {
        return keyOrigin == null || !(key instanceof String s) ? key : Text.tainted(s, keyOrigin);
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
