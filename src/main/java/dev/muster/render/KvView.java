package dev.muster.render;

import dev.muster.model.KvEntry;
import dev.muster.state.KvState;
import dev.muster.state.WatchSet;
import io.pebbletemplates.pebble.extension.escaper.SafeString;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * consul-template's KV functions for one render (go-template spec §4.3): {@code key} (not ready until the key
 * exists), {@code keyOrDefault} and {@code keyExists} (never wait), {@code ls} (top-level pairs), {@code tree}
 * (every pair but folders), and {@code safeLs}/{@code safeTree} (not ready while empty). Every read registers its
 * watch, so a template re-renders when a key it read changes. A value is a plain string, which the nginx check
 * refuses at print time if it could break the config, unless its key lies under one of the template's
 * {@code raw_kv_prefixes}. Not thread-safe: one per render.
 */
final class KvView {
    /** Thrown when a render must wait for KV data; the renderer turns it into a not-ready outcome. */
    static final class NotReady extends RuntimeException {
        NotReady(String message) {
            super(message, null, false, false);
        }
    }

    private final KvState kv;
    private final WatchSet watches;
    private final List<String> rawPrefixes;

    KvView(KvState kv, WatchSet watches, List<String> rawPrefixes) {
        this.kv = kv;
        this.watches = watches;
        this.rawPrefixes = rawPrefixes;
    }

    /** The key's value; the render is not ready while the key is missing ("" for an empty argument). */
    Object key(String key) {
        if (key.isEmpty()) {
            return "";
        }
        KvEntry e = kv.get(watches, key).value();
        if (e == null) {
            throw new NotReady("waiting for KV key \"" + key + "\"");
        }
        return value(e);
    }

    /** The key's value, or {@code fallback} when it is missing or empty. */
    Object keyOrDefault(String key, String fallback) {
        KvEntry e = key.isEmpty() ? null : kv.get(watches, key).value();
        return e == null || e.value() == null ? fallback : value(e);
    }

    boolean keyExists(String key) {
        return !key.isEmpty() && kv.get(watches, key).value() != null;
    }

    /** The pairs directly under the prefix: their name after it has no '/'. */
    List<Map<String, Object>> ls(String prefix, boolean safe) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (KvEntry e : kv.list(watches, prefix).value()) {
            String name = relative(prefix, e.key());
            if (!name.isEmpty() && !name.contains("/")) {
                out.add(pair(e, name));
            }
        }
        return requireSome(out, safe, "safeLs", prefix);
    }

    /** Every pair under the prefix except folders (keys ending in '/'). */
    List<Map<String, Object>> tree(String prefix, boolean safe) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (KvEntry e : kv.list(watches, prefix).value()) {
            if (!e.key().endsWith("/")) {
                out.add(pair(e, relative(prefix, e.key())));
            }
        }
        return requireSome(out, safe, "safeTree", prefix);
    }

    private static List<Map<String, Object>> requireSome(List<Map<String, Object>> pairs, boolean safe, String function,
                                                         String prefix) {
        if (safe && pairs.isEmpty()) {
            throw new NotReady(function + " \"" + prefix + "\" is empty: keeping the last file until it has keys");
        }
        return pairs;
    }

    /** consul-template's KeyPair: Path is the full key, Key the part after the prefix without a leading '/'. */
    private Map<String, Object> pair(KvEntry e, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Path", e.key());
        m.put("Key", name);
        m.put("Value", value(e));
        m.put("Flags", e.flags() >= 0 ? e.flags() : new BigInteger(Long.toUnsignedString(e.flags())));
        m.put("Session", e.session());
        m.put("LockIndex", e.lockIndex());
        m.put("CreateIndex", e.indexes().createIndex());
        m.put("ModifyIndex", e.indexes().modifyIndex());
        return m;
    }

    private static String relative(String prefix, String key) {
        String rest = key.substring(prefix.length());
        int start = 0;
        while (start < rest.length() && rest.charAt(start) == '/') {
            start++;
        }
        return rest.substring(start);
    }

    /** The value as text; under a raw prefix marked safe, so it prints without the nginx check. */
    private Object value(KvEntry e) {
        String text = e.value() == null ? "" : new String(e.value(), StandardCharsets.UTF_8);
        for (String raw : rawPrefixes) {
            if (e.key().startsWith(raw)) {
                return new SafeString(text);
            }
        }
        return text;
    }
}
