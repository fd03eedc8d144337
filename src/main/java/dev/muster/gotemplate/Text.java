package dev.muster.gotemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Go string whose parts remember where they came from: each segment is trusted (template literals, the
 * host's own text) or tainted with an origin ({@code service "web" field Address}). Templates treat it exactly
 * like a string; {@code print}, {@code printf} and the string functions keep the segments apart, so a host's
 * {@link Template.PrintCheck} judges only the tainted bytes when a value is printed (go-template spec §8.2).
 * Immutable.
 */
public final class Text implements CharSequence {
    /** A run of characters and its origin; {@code origin} is null for trusted text. */
    public record Segment(String text, String origin) {
    }

    private final List<Segment> segments;
    private final String plain;

    private Text(List<Segment> segments) {
        this.segments = List.copyOf(segments);
        StringBuilder b = new StringBuilder();
        segments.forEach(s -> b.append(s.text()));
        this.plain = b.toString();
    }

    /** Text from {@code origin} (never null: say where it came from). */
    public static Text tainted(String value, String origin) {
        return new Text(List.of(new Segment(value, origin)));
    }

    public List<Segment> segments() {
        return segments;
    }

    /** True when any segment is tainted. */
    public boolean tainted() {
        return segments.stream().anyMatch(s -> s.origin() != null);
    }

    /** The origin of the first tainted segment, or null. */
    public String origin() {
        return segments.stream().map(Segment::origin).filter(o -> o != null).findFirst().orElse(null);
    }

    /** The origin of the first tainted string in {@code v} (a leaf or a key of a container too), or null. */
    public static String originOf(Object v) {
        if (v instanceof Text t) {
            return t.origin();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Text::originOf).filter(o -> o != null).findFirst().orElse(null);
        }
        if (v instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String o = originOf(e.getKey());
                if (o == null) {
                    o = originOf(e.getValue());
                }
                if (o != null) {
                    return o;
                }
            }
            return null;
        }
        if (v instanceof GoStruct s) {
            return s.fieldNames().stream().map(f -> originOf(s.field(f))).filter(o -> o != null).findFirst().orElse(null);
        }
        return null;
    }

    /** The parts (strings and texts) joined, each part keeping its origins: a String when nothing is tainted. */
    public static Object concat(List<?> parts) {
        Builder b = new Builder();
        for (Object p : parts) {
            if (p instanceof Text t) {
                b.append(t);
            } else {
                b.append(String.valueOf(p));
            }
        }
        return b.build();
    }

    /** The same characters, all tainted with this text's first origin (a transformation of tainted text). */
    public Object retaint(String transformed) {
        String o = origin();
        return o == null ? transformed : tainted(transformed, o);
    }

    @Override
    public int length() {
        return plain.length();
    }

    @Override
    public char charAt(int index) {
        return plain.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return plain.subSequence(start, end);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Text t && t.plain.equals(plain);
    }

    @Override
    public int hashCode() {
        return plain.hashCode();
    }

    @Override
    public String toString() {
        return plain;
    }

    /** A string of Go values under construction, keeping origins; {@link #build()} is a String when all trusted. */
    static final class Builder {
        private final List<Segment> segments = new ArrayList<>();
        private final StringBuilder trusted = new StringBuilder();

        Builder append(String s) {
            trusted.append(s);
            return this;
        }

        Builder append(char c) {
            trusted.append(c);
            return this;
        }

        /** Appends {@code s} with the given origin (null: trusted). */
        Builder append(String s, String origin) {
            if (origin == null) {
                return append(s);
            }
            flush();
            segments.add(new Segment(s, origin));
            return this;
        }

        Builder append(Text t) {
            for (Segment s : t.segments) {
                append(s.text(), s.origin());
            }
            return this;
        }

        private void flush() {
            if (trusted.length() > 0) {
                segments.add(new Segment(trusted.toString(), null));
                trusted.setLength(0);
            }
        }

        boolean isEmpty() {
            return trusted.length() == 0 && segments.isEmpty();
        }

        /** A plain String when nothing is tainted, else a {@link Text}. */
        Object build() {
            if (segments.isEmpty()) {
                return trusted.toString();
            }
            flush();
            return new Text(segments);
        }

        /** The segments, trusted text included. */
        List<Segment> segments() {
            flush();
            return segments;
        }
    }
}
