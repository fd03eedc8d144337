package dev.muster.gotemplate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code fmt} as templates use it (go-template spec §3.8–3.10): {@code %v} of every value kind (shortest
 * float digits in {@code %g} layout, {@code [a b]}, {@code map[k:v]} in key order, {@code {v1 v2}}),
 * {@code Sprint}'s spacing rule, {@code Sprintln}, and {@code Sprintf} with the verbs real templates use, flags,
 * width and precision, and Go's {@code %!verb(type=value)} error forms. Stateless.
 */
final class GoFormat {
    private GoFormat() {
    }

    /** {@code %v}, as plain text (origins dropped: for messages and comparisons). */
    static String value(Object v) {
        Text.Builder out = new Text.Builder();
        value(out, v);
        return out.build().toString();
    }

    /** {@code %v} into {@code out}, each tainted string leaf its own segment. */
    static void value(Text.Builder out, Object v) {
        if (v == null || v == Missing.VALUE) {
            out.append("<nil>");
        } else if (v instanceof Text t) {
            out.append(t);
        } else if (v instanceof Double d) {
            out.append(shortestFloat(d));
        } else if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(' ');
                }
                value(out, list.get(i));
            }
            out.append(']');
        } else if (v instanceof Map<?, ?> map) {
            out.append("map[");
            boolean first = true;
            for (Map.Entry<?, ?> e : sorted(map).entrySet()) {
                if (!first) {
                    out.append(' ');
                }
                first = false;
                value(out, map instanceof TypedMap<?> t ? t.templateKey(e.getKey()) : e.getKey());
                out.append(':');
                value(out, e.getValue());
            }
            out.append(']');
        } else if (v instanceof GoStruct s) {
            out.append('{');
            List<String> fields = s.fieldNames();
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(' ');
                }
                value(out, s.field(fields.get(i)));
            }
            out.append('}');
        } else {
            out.append(String.valueOf(v));
        }
    }

    /** Go's string kinds: a String or a {@link Text}. */
    static boolean isString(Object v) {
        return v instanceof String || v instanceof Text;
    }

    /** A map in Go's printing and ranging order (fmtsort): keys compared as numbers or as strings. */
    @SuppressWarnings("unchecked")
    static Map<Object, Object> sorted(Map<?, ?> map) {
        TreeMap<Object, Object> out = new TreeMap<>(GoFormat::compareKeys);
        out.putAll((Map<Object, Object>) map);
        return out;
    }

    private static int compareKeys(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        // Go compares strings bytewise: UTF-8 order, which differs from UTF-16 order above U+FFFF
        byte[] x = String.valueOf(a).getBytes(StandardCharsets.UTF_8);
        byte[] y = String.valueOf(b).getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }

    /** {@code fmt.Sprint}: a space between two operands when neither is a string. A String, or a Text. */
    static Object sprint(List<Object> args) {
        Text.Builder out = new Text.Builder();
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (i > 0 && !isString(a) && !isString(args.get(i - 1))) {
                out.append(' ');
            }
            value(out, a);
        }
        return out.build();
    }

    /** {@code fmt.Sprintln}: spaces always, and a newline. */
    static Object sprintln(List<Object> args) {
        Text.Builder out = new Text.Builder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            value(out, args.get(i));
        }
        return out.append('\n').build();
    }

    /** Go's type name of a template value, for {@code %T} and messages. */
    static String typeName(Object v) {
        if (v == null || v == Missing.VALUE) {
            return "<nil>";
        }
        if (v instanceof Long || v instanceof Integer) {
            return "int";
        }
        if (v instanceof Double) {
            return "float64";
        }
        if (isString(v)) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof GoStruct s) {
            return s.goType();
        }
        if (v instanceof GoObject o) {
            return o.goType();
        }
        if (v instanceof List<?> l) {
            return l.stream().allMatch(e -> e instanceof String) && !l.isEmpty() ? "[]string" : "[]interface {}";
        }
        if (v instanceof TypedMap<?> t) {
            return t.goType();
        }
        if (v instanceof Map<?, ?>) {
            return "map[string]interface {}";
        }
        return v.getClass().getSimpleName();
    }

    /**
     * The shortest digits that read back as {@code d}, laid out like Go's {@code %v}: the exponent form when the
     * decimal exponent is below -4 or at least 6 ({@code 1e+06}, {@code 100000}, {@code 1e-05}).
     */
    static String shortestFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal shortest = null;
        for (int p = 1; p <= 17; p++) {
            BigDecimal candidate = new BigDecimal(d).round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                shortest = candidate;
                break;
            }
        }
        BigDecimal s = shortest.stripTrailingZeros();
        String digits = s.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - s.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        // strconv's shortest %g switches to the exponent form below 1e-4 and from 1e+06 (eprec = 6)
        if (exp < -4 || exp >= 6) {
            return sign + eLayout(digits, exp);
        }
        return sign + s.abs().toPlainString();
    }

    private static String eLayout(String digits, int exp) {
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** {@code fmt.Sprintf}; each operand's formatted piece keeps the operand's origin. A String, or a Text. */
    static Object sprintf(String format, List<Object> args) {
        Text.Builder out = new Text.Builder();
        int argi = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            Spec spec = new Spec();
            for (; i < format.length(); i++) {
                char f = format.charAt(i);
                if (f == '-') {
                    spec.minus = true;
                } else if (f == '+') {
                    spec.plus = true;
                } else if (f == '0') {
                    spec.zero = true;
                } else if (f == ' ') {
                    spec.space = true;
                } else if (f == '#') {
                    spec.sharp = true;
                } else {
                    break;
                }
            }
            if (i < format.length() && format.charAt(i) == '*') {
                i++;
                if (argi < args.size() && args.get(argi) instanceof Long w) {
                    spec.width = (int) (long) w;
                    if (spec.width < 0) {
                        spec.minus = true;
                        spec.width = -spec.width;
                    }
                } else {
                    out.append("%!(BADWIDTH)");
                }
                argi++;
            } else {
                int start = i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                spec.width = i > start ? Integer.parseInt(format.substring(start, i)) : -1;
            }
            if (i < format.length() && format.charAt(i) == '.') {
                i++;
                if (i < format.length() && format.charAt(i) == '*') {
                    i++;
                    spec.precision = argi < args.size() && args.get(argi) instanceof Long p ? (int) (long) p : 0;
                    argi++;
                } else {
                    int start = i;
                    while (i < format.length() && Character.isDigit(format.charAt(i))) {
                        i++;
                    }
                    spec.precision = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
                }
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i++);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argi >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object arg = args.get(argi++);
            out.append(formatOne(verb, spec, arg), Text.originOf(arg));
        }
        if (argi < args.size()) {
            out.append("%!(EXTRA ");
            List<String> extra = new ArrayList<>();
            for (Object a : args.subList(argi, args.size())) {
                extra.add(typeName(a) + "=" + value(a));
            }
            out.append(String.join(", ", extra)).append(')');
        }
        return out.build();
    }

    private static final class Spec {
        boolean minus;
        boolean plus;
        boolean zero;
        boolean space;
        boolean sharp;
        int width = -1;
        int precision = -1;
    }

    private static String formatOne(char verb, Spec spec, Object arg) {
        if (arg == null || arg == Missing.VALUE) {
            return verb == 'v' || verb == 'T' ? pad("<nil>", spec, false) : "%!" + verb + "(<nil>)";
        }
        switch (verb) {
            case 'v':
                return pad(value(arg), spec, false);
            case 'T':
                return pad(typeName(arg), spec, false);
            case 's':
                if (isString(arg) || arg instanceof List<?> || arg instanceof Map<?, ?> || arg instanceof GoStruct
                        || arg instanceof GoObject) {
                    String s = value(arg);
                    return pad(spec.precision >= 0 ? runes(s, spec.precision) : s, spec, false);
                }
                return bad(verb, arg);
            case 'q':
                if (isString(arg)) {
                    return pad(Quoting.quote(arg.toString()), spec, false);
                }
                if (arg instanceof Long l) {
                    return pad("'" + new String(Character.toChars((int) (long) l)) + "'", spec, false);
                }
                return bad(verb, arg);
            case 'd':
                if (arg instanceof Long l) {
                    return integer(Long.toString(Math.abs(l)), l < 0, spec);
                }
                if (arg instanceof List<?> list) {
                    List<String> parts = new ArrayList<>();
                    for (Object o : list) {
                        parts.add(formatOne('d', spec, o));
                    }
                    return "[" + String.join(" ", parts) + "]";
                }
                return bad(verb, arg);
            case 'x':
            case 'X':
                String hex;
                if (arg instanceof Long l) {
                    hex = Long.toHexString(Math.abs(l));
                    hex = verb == 'X' ? hex.toUpperCase(java.util.Locale.ROOT) : hex;
                    return integer((spec.sharp ? (verb == 'X' ? "0X" : "0x") : "") + hex, l < 0, spec);
                }
                if (isString(arg)) {
                    StringBuilder b = new StringBuilder();
                    for (byte by : arg.toString().getBytes(StandardCharsets.UTF_8)) {
                        b.append(String.format(verb == 'X' ? "%02X" : "%02x", by & 0xff));
                    }
                    return pad(b.toString(), spec, false);
                }
                return bad(verb, arg);
            case 'o':
                if (arg instanceof Long l) {
                    return integer(Long.toOctalString(Math.abs(l)), l < 0, spec);
                }
                return bad(verb, arg);
            case 'b':
                if (arg instanceof Long l) {
                    return integer(Long.toBinaryString(Math.abs(l)), l < 0, spec);
                }
                return bad(verb, arg);
            case 'c':
                if (arg instanceof Long l) {
                    return pad(new String(Character.toChars((int) (long) l)), spec, false);
                }
                return bad(verb, arg);
            case 't':
                if (arg instanceof Boolean b) {
                    return pad(b.toString(), spec, false);
                }
                return bad(verb, arg);
            case 'f':
            case 'F':
            case 'e':
            case 'g':
                Double d = arg instanceof Double x ? x : null;
                if (d == null) {
                    return bad(verb, arg);
                }
                return floating(verb, d, spec);
            default:
                return "%!" + verb + "(" + typeName(arg) + "=" + value(arg) + ")";
        }
    }

    private static String bad(char verb, Object arg) {
        return "%!" + verb + "(" + typeName(arg) + "=" + value(arg) + ")";
    }

    private static String floating(char verb, double d, Spec spec) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return pad(shortestFloat(d), spec, false);
        }
        String body;
        boolean negative = d < 0 || (d == 0 && 1 / d < 0);
        BigDecimal exact = new BigDecimal(Math.abs(d));
        if (verb == 'f' || verb == 'F') {
            int p = spec.precision < 0 ? 6 : spec.precision;
            body = exact.setScale(p, RoundingMode.HALF_EVEN).toPlainString();
        } else if (verb == 'e') {
            int p = spec.precision < 0 ? 6 : spec.precision;
            if (d == 0) {
                body = "0" + (p > 0 ? "." + "0".repeat(p) : "") + "e+00";
            } else {
                BigDecimal r = exact.round(new MathContext(p + 1, RoundingMode.HALF_EVEN));
                String digits = r.unscaledValue().toString();
                digits = (digits + "0".repeat(p + 1)).substring(0, p + 1);
                int exp = r.precision() - r.scale() - 1;
                String mantissa = p == 0 ? digits.substring(0, 1) : digits.charAt(0) + "." + digits.substring(1);
                body = mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
            }
        } else {
            body = spec.precision < 0 ? shortestFloat(Math.abs(d))
                    : new BigDecimal(Math.abs(d)).round(new MathContext(Math.max(1, spec.precision),
                    RoundingMode.HALF_EVEN)).stripTrailingZeros().toString().replace("E", "e");
        }
        return integer(body, negative, spec);
    }

    /** A number's digits with sign, '+'/' ' flags, and width padding (zeros after the sign with '0'). */
    private static String integer(String digits, boolean negative, Spec spec) {
        String sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        if (spec.zero && !spec.minus && spec.width > 0) {
            int zeros = spec.width - sign.length() - digits.length();
            return sign + "0".repeat(Math.max(0, zeros)) + digits;
        }
        return pad(sign + digits, spec, false);
    }

    /** Pads to {@code width} runes, left-aligned with '-'. */
    private static String pad(String s, Spec spec, boolean zeros) {
        int runes = s.codePointCount(0, s.length());
        if (spec.width <= runes) {
            return s;
        }
        String fill = (zeros ? "0" : " ").repeat(spec.width - runes);
        return spec.minus ? s + fill : fill + s;
    }

    private static String runes(String s, int n) {
        int count = s.codePointCount(0, s.length());
        return n >= count ? s : s.substring(0, s.offsetByCodePoints(0, n));
    }
}
