package dev.muster.render;

import io.pebbletemplates.pebble.extension.escaper.EscapingStrategy;
import java.util.regex.Pattern;

/**
 * The renderer's only escaping strategy: a registry value may reach an nginx config only if it cannot
 * end a word, a directive or a block, start a comment or a variable, or leave a quoted string — in any
 * position, quoted or not. Anything else is refused (the render fails and the last good file stays),
 * because no escaping is safe in every nginx context. Stateless.
 */
final class NginxEscaping implements EscapingStrategy {
    static final String NAME = "nginx";
    private static final Pattern UNSAFE = Pattern.compile("[\\s\\p{Z}\\p{Cntrl}\\x{80}-\\x{9F}\\p{Cf};{}'\"#$\\\\]");

    /** True when the value may be printed into an nginx config. */
    static boolean safe(String value) {
        return !UNSAFE.matcher(value).find();
    }

    @Override
    public String escape(String input) {
        if (UNSAFE.matcher(input).find()) {
            throw new UnsafeValueException(input);
        }
        return input;
    }

    /** A registry value that cannot be placed in an nginx config. */
    static final class UnsafeValueException extends RuntimeException {
        UnsafeValueException(String value) {
            super("refused to write " + quote(value) + " into an nginx config: it holds whitespace, a control "
                    + "character or one of ;{}'\"#$\\");
        }

        private static String quote(String value) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : value.toCharArray()) {
                sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
            return sb.append('"').toString();
        }
    }
}
