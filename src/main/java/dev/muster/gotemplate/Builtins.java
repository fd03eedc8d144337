package dev.muster.gotemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Go's predefined template functions ({@code text/template/funcs.go}, go-template spec §3.9) but {@code and} and
 * {@code or}, which the executor short-circuits: {@code not}, {@code len}, {@code index}, {@code slice}, the
 * comparisons, {@code print}/{@code printf}/{@code println}, {@code html}, {@code js}, {@code urlquery}.
 * {@code call} is refused (template data holds no functions). Arguments arrive as evaluated, a missing value as
 * {@link Missing}. Stateless.
 */
final class Builtins {
    static final Set<String> NAMES = Set.of("and", "or", "not", "len", "index", "slice", "eq", "ne", "lt", "le", "gt",
            "ge", "print", "printf", "println", "html", "js", "urlquery", "call");

    private Builtins() {
    }

    static Object call(String fn, List<Object> a) {
        return switch (fn) {
            case "not" -> {
                GoFunction.ArgumentException.requireCount(fn, a, 1);
                yield !truth(a.get(0));
            }
            case "len" -> length(one(fn, a));
            case "index" -> index(a);
            case "slice" -> slice(a);
            case "eq" -> eq(a);
            case "ne" -> {
                GoFunction.ArgumentException.requireCount(fn, a, 2);
                yield !eq(a);
            }
            case "lt" -> compare(fn, a) < 0;
            case "le" -> compare(fn, a) <= 0;
            case "gt" -> compare(fn, a) > 0;
            case "ge" -> compare(fn, a) >= 0;
            case "print" -> GoFormat.sprint(a);
            case "println" -> GoFormat.sprintln(a);
            case "printf" -> {
                GoFunction.ArgumentException.requireAtLeast(fn, a, 1);
                if (!GoFormat.isString(a.get(0))) {
                    throw new GoFunction.ArgumentException("wrong type for value; expected string; got "
                            + GoFormat.typeName(a.get(0)));
                }
                yield GoFormat.sprintf(a.get(0).toString(), a.subList(1, a.size()));
            }
            case "html" -> escaped(a, Builtins::html);
            case "js" -> escaped(a, Builtins::js);
            case "urlquery" -> escaped(a, Builtins::urlquery);
            case "call" -> throw new IllegalArgumentException("call of nil: template data holds no functions");
            default -> throw new GoFunction.ArgumentException("function " + Quoting.quote(fn) + " not defined");
        };
    }

    /** Go's truth: false, 0, "", and empty lists and maps are false; a missing value and nil too. */
    static boolean truth(Object v) {
        if (v == null || v == Missing.VALUE) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof CharSequence s) {
            return s.length() > 0;
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    private static Object one(String fn, List<Object> a) {
        GoFunction.ArgumentException.requireCount(fn, a, 1);
        return a.get(0);
    }

    /**
     * {@code html}, {@code js} and {@code urlquery}: a single string argument as is, anything else via Sprint, then
     * escaped; tainted input gives tainted output.
     */
    private static Object escaped(List<Object> a, java.util.function.UnaryOperator<String> escape) {
        Object printed;
        if (a.size() == 1 && GoFormat.isString(a.get(0))) {
            printed = a.get(0);
        } else if (a.size() == 1 && (a.get(0) == Missing.VALUE || a.get(0) == null)) {
            printed = "<no value>";
        } else {
            printed = GoFormat.sprint(a);
        }
        String out = escape.apply(printed.toString());
        return printed instanceof Text t ? t.retaint(out) : out;
    }

    private static long length(Object v) {
        if (GoFormat.isString(v)) {
            return v.toString().getBytes(StandardCharsets.UTF_8).length;
        }
        if (v instanceof List<?> l) {
            return l.size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        if (v == null || v == Missing.VALUE) {
            throw new IllegalArgumentException("len of nil pointer");
        }
        throw new IllegalArgumentException("len of type " + GoFormat.typeName(v));
    }

    private static Object index(List<Object> a) {
        GoFunction.ArgumentException.requireAtLeast("index", a, 1);
        Object item = a.get(0);
        if (item == null || item == Missing.VALUE) {
            throw new IllegalArgumentException("index of untyped nil");
        }
        for (Object key : a.subList(1, a.size())) {
            if (item instanceof List<?> list) {
                item = list.get(intIndex(key, list.size(), false));
            } else if (GoFormat.isString(item)) {
                byte[] bytes = item.toString().getBytes(StandardCharsets.UTF_8);
                item = (long) (bytes[intIndex(key, bytes.length, false)] & 0xff);
            } else if (item instanceof Map<?, ?> map) {
                if (key == null || key == Missing.VALUE) {
                    throw new IllegalArgumentException("value is nil; should be string");
                }
                if (key instanceof Text t) {
                    key = t.toString(); // map keys are plain strings
                }
                if (!(key instanceof String) && map.keySet().stream().allMatch(k -> k instanceof String)) {
                    throw new IllegalArgumentException("value has type " + GoFormat.typeName(key) + "; should be string");
                }
                // a missing key gives the element's zero value, whatever the missingkey option
                item = map.containsKey(key) ? map.get(key) : map instanceof TypedMap<?> t ? t.zero() : null;
            } else if (item == null) {
                throw new IllegalArgumentException("index of nil pointer");
            } else {
                throw new IllegalArgumentException("can't index item of type " + GoFormat.typeName(item));
            }
        }
        return item;
    }

    private static int intIndex(Object key, int length, boolean capOk) {
        if (key == null || key == Missing.VALUE) {
            throw new IllegalArgumentException("cannot index slice/array with nil");
        }
        if (!(key instanceof Long l)) {
            throw new IllegalArgumentException("cannot index slice/array with type " + GoFormat.typeName(key));
        }
        if (l < 0 || (capOk ? l > length : l >= length)) {
            throw new IllegalArgumentException("index out of range: " + l);
        }
        return (int) (long) l;
    }

    private static Object slice(List<Object> a) {
        GoFunction.ArgumentException.requireAtLeast("slice", a, 1);
        Object item = a.get(0);
        List<Object> idx = a.subList(1, a.size());
        if (idx.size() > 3) {
            throw new IllegalArgumentException("too many slice indexes: " + idx.size());
        }
        int length;
        if (GoFormat.isString(item)) {
            if (idx.size() == 3) {
                throw new IllegalArgumentException("cannot 3-index slice a string");
            }
            length = item.toString().getBytes(StandardCharsets.UTF_8).length;
        } else if (item instanceof List<?> list) {
            length = list.size();
        } else {
            throw new IllegalArgumentException("can't slice item of type " + GoFormat.typeName(item));
        }
        int[] bounds = {0, length, length};
        for (int i = 0; i < idx.size(); i++) {
            bounds[i] = intIndex(idx.get(i), length, true);
        }
        if (idx.size() < 2) {
            bounds[1] = length;
        }
        if (bounds[0] > bounds[1]) {
            throw new IllegalArgumentException("invalid slice index: " + bounds[0] + " > " + bounds[1]);
        }
        if (idx.size() == 3 && bounds[1] > bounds[2]) {
            throw new IllegalArgumentException("invalid slice index: " + bounds[1] + " > " + bounds[2]);
        }
        if (GoFormat.isString(item)) {
            byte[] bytes = item.toString().getBytes(StandardCharsets.UTF_8);
            String sliced = new String(bytes, bounds[0], bounds[1] - bounds[0], StandardCharsets.UTF_8);
            return item instanceof Text t ? t.retaint(sliced) : sliced;
        }
        return List.copyOf(((List<?>) item).subList(bounds[0], bounds[1]));
    }

    /** {@code eq a b c…}: a equals any of the others; a missing argument is unequal to everything but missing. */
    private static boolean eq(List<Object> a) {
        if (a.size() < 2) {
            throw new GoFunction.ArgumentException("missing argument for comparison");
        }
        Object first = a.get(0);
        for (Object other : a.subList(1, a.size())) {
            if (first == Missing.VALUE || other == Missing.VALUE) {
                if (first == other) {
                    return true;
                }
                continue;
            }
            if (first == null || other == null) {
                if (first == other) {
                    return true;
                }
                continue;
            }
            if (isBasic(first) && isBasic(other)) {
                if (kind(first) != kind(other)) {
                    throw new IllegalArgumentException("incompatible types for comparison: "
                            + GoFormat.typeName(first) + " and " + GoFormat.typeName(other));
                }
                if (plain(first).equals(plain(other))) {
                    return true;
                }
            } else if (first instanceof List<?> || first instanceof Map<?, ?>) {
                throw new IllegalArgumentException("non-comparable type " + GoFormat.typeName(first));
            } else if (first.equals(other)) {
                return true;
            }
        }
        return false;
    }

    private static int compare(String fn, List<Object> a) {
        GoFunction.ArgumentException.requireCount(fn, a, 2);
        Object x = a.get(0);
        Object y = a.get(1);
        if (!isBasic(x) || !isBasic(y) || x instanceof Boolean || y instanceof Boolean) {
            throw new IllegalArgumentException("invalid type for comparison");
        }
        if (kind(x) != kind(y)) {
            throw new IllegalArgumentException("incompatible types for comparison: " + GoFormat.typeName(x) + " and "
                    + GoFormat.typeName(y));
        }
        if (GoFormat.isString(x)) {
            return java.util.Arrays.compareUnsigned(x.toString().getBytes(StandardCharsets.UTF_8),
                    y.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (x instanceof Long l) {
            return Long.compare(l, (Long) y);
        }
        return Double.compare((Double) x, (Double) y);
    }

    private static boolean isBasic(Object v) {
        return GoFormat.isString(v) || v instanceof Long || v instanceof Double || v instanceof Boolean;
    }

    private static int kind(Object v) {
        return GoFormat.isString(v) ? 0 : v instanceof Long ? 1 : v instanceof Double ? 2 : 3;
    }

    /** A string's characters without origins; other values as they are. */
    private static Object plain(Object v) {
        return v instanceof Text ? v.toString() : v;
    }

    private static String html(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                case 0 -> out.append('\uFFFD');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String js(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                case '<' -> out.append("\\u003C");
                case '>' -> out.append("\\u003E");
                case '&' -> out.append("\\u0026");
                case '=' -> out.append("\\u003D");
                default -> {
                    if (c < ' ' || !Character.isDefined(c) || Character.getType(c) == Character.FORMAT) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Go's {@code url.QueryEscape}: space → '+', unreserved bytes kept, the rest %XX. */
    static String urlquery(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append(String.format("%%%02X", c));
            }
        }
        return out.toString();
    }
}
