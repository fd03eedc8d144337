package dev.muster.hcl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HCL (version 1) subset Muster reads — consul-template's config files and Consul's ACL rules — parsed into
 * plain Java values: a body is an ordered list of {@link Entry entries} (attributes {@code key = value} and
 * blocks {@code key "label" … { body }}, repeats kept), values are {@code String}, {@code Long}, {@code Double},
 * {@code Boolean}, {@code List} and nested bodies. Strings take Go escapes; heredocs ({@code <<EOF}, and
 * {@code <<-EOF} with its indentation removed); comments {@code #}, {@code //} and {@code /* *&#47;}; commas
 * and newlines separate. A syntax error is an {@link HclException} with the line and column. JDK only; stateless.
 */
public final class Hcl {
    /** One attribute ({@code labels} empty, {@code value} any value) or block ({@code value} a body). */
    public record Entry(String key, List<String> labels, Object value, int line) {
        public Entry {
            labels = List.copyOf(labels);
        }

        public boolean isBlock() {
            return value instanceof Body;
        }
    }

    /** A block's or the file's entries, in order. */
    public record Body(List<Entry> entries) {
        public Body {
            entries = List.copyOf(entries);
        }

        /**
         * The body as JSON-like maps, the way HCL decodes into a struct: a repeated key becomes a list, a block's
         * labels become nested maps ({@code key "a" { … }} is {@code {"key": {"a": {…}}}}).
         */
        public Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Entry e : entries) {
                Object v = plain(e.value());
                for (int i = e.labels().size() - 1; i >= 0; i--) {
                    Map<String, Object> wrap = new LinkedHashMap<>();
                    wrap.put(e.labels().get(i), v);
                    v = wrap;
                }
                Object existing = out.get(e.key());
                if (existing == null) {
                    out.put(e.key(), v);
                } else if (!e.labels().isEmpty() && existing instanceof Map<?, ?> && v instanceof Map<?, ?>) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> merged = (Map<String, Object>) existing;
                    merged.putAll(castMap(v));
                } else if (existing instanceof Repeated r) {
                    r.add(v);
                } else {
                    Repeated r = new Repeated();
                    r.add(existing);
                    r.add(v);
                    out.put(e.key(), r);
                }
            }
            return out;
        }

        /** Bodies (also inside lists) as maps. */
        private static Object plain(Object v) {
            if (v instanceof Body b) {
                return b.toMap();
            }
            if (v instanceof List<?> list) {
                List<Object> out = new ArrayList<>();
                list.forEach(x -> out.add(plain(x)));
                return out;
            }
            return v;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> castMap(Object v) {
            return (Map<String, Object>) v;
        }
    }

    /** A key given more than once (repeated blocks such as {@code template { … }}): a list of its values. */
    public static final class Repeated extends ArrayList<Object> {
    }

    private Hcl() {
    }

    /** Parses HCL text; {@code where} names the source in error messages. */
    public static Body parse(String text, String where) {
        return new HclParser(text, where).file();
    }
}
