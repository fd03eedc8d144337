package dev.muster.gotemplate;

import java.math.BigInteger;
import java.util.function.Function;

/**
 * Go's number literals as template constants (go-template spec §1.5): decimal, {@code 0x}, {@code 0o}, {@code 0b}
 * and legacy octal integers with underscores become {@code Long} ({@code int}); decimals, exponents and hex floats
 * become {@code Double} ({@code float64}). Imaginary numbers are refused. Stateless.
 */
final class Numbers {
    private Numbers() {
    }

    /** The constant {@code text} denotes; {@code error} builds the exception for a malformed one. */
    static Object parse(String text, Function<String, RuntimeException> error) {
        if (text.endsWith("i")) {
            String real = text.substring(0, text.length() - 1);
            if (real.isEmpty() || real.equals("+") || real.equals("-")) {
                throw error.apply("bad number syntax: \"" + text + "\"");
            }
            parse(real, m -> error.apply("bad number syntax: \"" + text + "\""));
            throw error.apply("complex numbers are not supported: " + text);
        }
        String t = text.replace("_", "");
        boolean negative = t.startsWith("-");
        String digits = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        try {
            BigInteger integer = integer(digits);
            if (integer != null) {
                BigInteger value = negative ? integer.negate() : integer;
                if (value.bitLength() > 63) {
                    throw error.apply("integer overflow: " + text);
                }
                return value.longValue();
            }
            if (digits.isEmpty() || digits.equals(".")) {
                throw error.apply("bad number syntax: \"" + text + "\"");
            }
            boolean hex = digits.startsWith("0x") || digits.startsWith("0X");
            if (hex && !digits.contains("p") && !digits.contains("P")) {
                throw error.apply("bad number syntax: \"" + text + "\"");
            }
            double d = Double.parseDouble(digits);
            return negative ? -d : d;
        } catch (NumberFormatException e) {
            throw error.apply("bad number syntax: \"" + text + "\"");
        }
    }

    /** The integer value of an unsigned integer literal, or null when the literal is a float. */
    private static BigInteger integer(String d) {
        if (d.matches("0[xX][0-9a-fA-F]+")) {
            return new BigInteger(d.substring(2), 16);
        }
        if (d.matches("0[bB][01]+")) {
            return new BigInteger(d.substring(2), 2);
        }
        if (d.matches("0[oO][0-7]+")) {
            return new BigInteger(d.substring(2), 8);
        }
        if (d.matches("0[0-7]+")) {
            return new BigInteger(d.substring(1), 8);
        }
        if (d.matches("[0-9]+")) {
            if (d.length() > 1 && d.startsWith("0")) {
                throw new NumberFormatException(d); // 08, 09: not octal
            }
            return new BigInteger(d);
        }
        return null;
    }
}
