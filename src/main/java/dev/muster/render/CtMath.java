package dev.muster.render;

import dev.muster.gotemplate.GoFunction;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * consul-template's math, loop, hash, encoding and parse functions (go-template spec §4.8–4.9). In the math
 * functions the piped or second argument is the left operand ({@code 5 | subtract 2} is 3); integers stay
 * integers, a float makes the result a float. Stateless.
 */
final class CtMath {
    private CtMath() {
    }

    static void register(Map<String, GoFunction> f) {
        f.put("add", a -> arithmetic("add", a, '+'));
        f.put("subtract", a -> arithmetic("subtract", a, '-'));
        f.put("multiply", a -> arithmetic("multiply", a, '*'));
        f.put("divide", a -> arithmetic("divide", a, '/'));
        f.put("modulo", a -> arithmetic("modulo", a, '%'));
        f.put("minimum", a -> arithmetic("minimum", a, 'm'));
        f.put("maximum", a -> arithmetic("maximum", a, 'M'));
        f.put("loop", CtMath::loop);
        f.put("sha256Hex", a -> CtFunctions.hex("SHA-256", CtFunctions.one(a, "sha256Hex")));
        f.put("md5sum", a -> CtFunctions.hex("MD5", CtFunctions.one(a, "md5sum")));
        f.put("base64Encode", a -> CtFunctions.base64(Base64.getEncoder(), CtFunctions.one(a, "base64Encode")));
        f.put("base64URLEncode", a -> CtFunctions.base64(Base64.getUrlEncoder(), CtFunctions.one(a, "base64URLEncode")));
        f.put("base64Decode", a -> decode("base64Decode", Base64.getDecoder(), CtFunctions.one(a, "base64Decode")));
        f.put("base64URLDecode", a -> decode("base64URLDecode", Base64.getUrlDecoder(),
                CtFunctions.one(a, "base64URLDecode")));
        f.put("parseBool", a -> {
            String s = CtFunctions.str(CtFunctions.one(a, "parseBool"));
            if (s.isEmpty()) {
                return false;
            }
            return switch (s) {
                case "1", "t", "T", "TRUE", "true", "True" -> true;
                case "0", "f", "F", "FALSE", "false", "False" -> false;
                default -> throw new IllegalArgumentException("parseBool: strconv.ParseBool: parsing "
                        + CtFunctions.quote(s) + ": invalid syntax");
            };
        });
        f.put("parseInt", a -> parseLong("parseInt", "ParseInt", CtFunctions.str(CtFunctions.one(a, "parseInt"))));
        f.put("parseUint", a -> {
            long v = parseLong("parseUint", "ParseUint", CtFunctions.str(CtFunctions.one(a, "parseUint")));
            if (v < 0) {
                throw new IllegalArgumentException("parseUint: strconv.ParseUint: parsing \"" + v + "\": invalid syntax");
            }
            return v;
        });
        f.put("parseFloat", a -> {
            String s = CtFunctions.str(CtFunctions.one(a, "parseFloat"));
            try {
                return s.isEmpty() ? 0.0 : Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parseFloat: strconv.ParseFloat: parsing " + CtFunctions.quote(s)
                        + ": invalid syntax");
            }
        });
    }

    private static long parseLong(String fn, String go, String s) {
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(fn + ": strconv." + go + ": parsing " + CtFunctions.quote(s)
                    + ": invalid syntax");
        }
    }

    private static Object decode(String fn, Base64.Decoder d, Object v) {
        try {
            return new String(d.decode(CtFunctions.str(v)), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(fn + ": illegal base64 data");
        }
    }

    /** {@code op b a} = a op b: the second (or piped) argument is the left operand. */
    private static Object arithmetic(String fn, List<Object> a, char op) {
        GoFunction.ArgumentException.requireCount(fn, a, 2);
        Object left = number(fn, a.get(1));
        Object right = number(fn, a.get(0));
        if (left instanceof Long x && right instanceof Long y) {
            return switch (op) {
                case '+' -> x + y;
                case '-' -> x - y;
                case '*' -> x * y;
                case '/' -> {
                    if (y == 0) {
                        throw new ArithmeticException("runtime error: integer divide by zero");
                    }
                    yield x / y;
                }
                case '%' -> {
                    if (y == 0) {
                        throw new ArithmeticException("runtime error: integer divide by zero");
                    }
                    yield x % y;
                }
                case 'm' -> Math.min(x, y);
                default -> Math.max(x, y);
            };
        }
        if (op == '%') {
            throw new IllegalArgumentException("modulo: unknown type for " + CtFunctions.quote(String.valueOf(left))
                    + " (float64)");
        }
        double x = ((Number) left).doubleValue();
        double y = ((Number) right).doubleValue();
        return switch (op) {
            case '+' -> x + y;
            case '-' -> x - y;
            case '*' -> x * y;
            case '/' -> x / y;
            case 'm' -> Math.min(x, y);
            default -> Math.max(x, y);
        };
    }

    private static Object number(String fn, Object v) {
        if (v instanceof Long || v instanceof Double) {
            return v;
        }
        throw new IllegalArgumentException(fn + ": unknown type for " + CtFunctions.quote(CtFunctions.str(v)) + " ("
                + (v == null ? "<nil>" : v instanceof CharSequence ? "string" : v.getClass().getSimpleName()) + ")");
    }

    /** {@code loop n} = 0..n-1, {@code loop a b} = a..b-1; ints or base-10 strings. */
    private static Object loop(List<Object> a) {
        if (a.isEmpty() || a.size() > 2) {
            throw new IllegalArgumentException("loop: wrong number of arguments, expected 1 or 2, but got " + a.size());
        }
        long start = a.size() == 2 ? bound(a.get(0)) : 0;
        long end = bound(a.get(a.size() - 1));
        List<Object> out = new ArrayList<>();
        for (long i = start; i < end && out.size() < 1_000_000; i++) {
            out.add(i);
        }
        return out;
    }

    private static long bound(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        try {
            return Long.parseLong(CtFunctions.str(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("loop: bad argument type: " + CtFunctions.str(v));
        }
    }
}
