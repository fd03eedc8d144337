package dev.muster.gotemplate;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code strconv.Quote} and {@code strconv.Unquote} for the literals templates use: double-quoted strings
 * with Go's escapes, raw strings, and character constants (which become their code point). Stateless.
 */
final class Quoting {
    private Quoting() {
    }

    /** Go's {@code strconv.Quote}: double quotes, {@code \" \\ \n \t \r}, {@code \xNN} for other controls. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case 7 -> out.append("\\a");
                case 8 -> out.append("\\b");
                case 12 -> out.append("\\f");
                case 11 -> out.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else if (!Character.isDefined(c) || Character.getType(c) == Character.FORMAT
                            || (c >= 0x80 && c < 0xa0)) {
                        out.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** The value of a string literal as written (quoted with escapes, or raw in backquotes). */
    static String unquote(String literal) {
        if (literal.startsWith("`")) {
            return literal.substring(1, literal.length() - 1).replace("\r", "");
        }
        return unescape(literal.substring(1, literal.length() - 1), '"');
    }

    /** The code point of a character constant such as {@code 'a'} or {@code '\n'}. */
    static int unquoteChar(String literal) {
        String body = unescape(literal.substring(1, literal.length() - 1), '\'');
        if (body.codePointCount(0, body.length()) != 1) {
            throw new IllegalArgumentException("malformed character constant: " + literal);
        }
        return body.codePointAt(0);
    }

    private static String unescape(String s, char quote) {
        StringBuilder out = new StringBuilder();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                flush(bytes, out);
                out.append(c);
                continue;
            }
            if (++i >= s.length()) {
                throw new IllegalArgumentException("invalid syntax");
            }
            char e = s.charAt(i);
            switch (e) {
                case 'n' -> append(out, bytes, '\n');
                case 't' -> append(out, bytes, '\t');
                case 'r' -> append(out, bytes, '\r');
                case 'a' -> append(out, bytes, 7);
                case 'b' -> append(out, bytes, 8);
                case 'f' -> append(out, bytes, 12);
                case 'v' -> append(out, bytes, 11);
                case '\\' -> append(out, bytes, '\\');
                case '\'', '"' -> {
                    if (e != quote) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    append(out, bytes, e);
                }
                case 'x' -> {
                    bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    append(out, bytes, Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'U' -> {
                    append(out, bytes, Integer.parseInt(s.substring(i + 1, i + 9), 16));
                    i += 8;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        bytes.write(Integer.parseInt(s.substring(i, i + 3), 8));
                        i += 2;
                    } else {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                }
            }
        }
        flush(bytes, out);
        return out.toString();
    }

    private static void append(StringBuilder out, java.io.ByteArrayOutputStream bytes, int codePoint) {
        flush(bytes, out);
        out.appendCodePoint(codePoint);
    }

    /** Raw {@code \xNN} bytes form UTF-8 text (Go strings are bytes; Java's are UTF-16). */
    private static void flush(java.io.ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() > 0) {
            out.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.reset();
        }
    }
}
