package dev.muster.render;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * consul-template's {@code timestamp([layout])}: UTC now, RFC 3339 by default, {@code "unix"} for epoch seconds,
 * else a Go reference-time layout ({@code 2006-01-02 15:04:05}) translated token by token. Stateless.
 */
final class CtTime {
    /** Go layout tokens, longest first, and how each prints. */
    private static final String[][] TOKENS = {
        {"2006", "yyyy"}, {"January", "MMMM"}, {"Monday", "EEEE"}, {"MST", "zzz"}, {"Jan", "MMM"}, {"Mon", "EEE"},
        {"-07:00", "xxx"}, {"-0700", "xx"}, {"Z07:00", "XXX"}, {"01", "MM"}, {"02", "dd"}, {"15", "HH"}, {"03", "hh"},
        {"04", "mm"}, {"05", "ss"}, {"06", "yy"}, {"PM", "a"}, {"_2", "ppd"}, {"1", "M"}, {"2", "d"}, {"3", "h"},
        {"4", "m"}, {"5", "s"},
    };

    private CtTime() {
    }

    static Object timestamp(List<Object> a, Clock clock) {
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC);
        if (a.isEmpty()) {
            return now.withNano(0).format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME).replace("+00:00", "Z");
        }
        if (a.size() > 1) {
            throw new IllegalArgumentException("timestamp: wrong number of arguments, expected 0 or 1, but got "
                    + a.size());
        }
        String layout = CtFunctions.str(a.get(0));
        if (layout.equals("unix")) {
            return Long.toString(now.toEpochSecond());
        }
        return now.format(java.time.format.DateTimeFormatter.ofPattern(javaPattern(layout), java.util.Locale.ROOT));
    }

    /** A Go layout as a java.time pattern; other letters are quoted so they print as themselves. */
    static String javaPattern(String layout) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        outer:
        while (i < layout.length()) {
            for (String[] t : TOKENS) {
                if (layout.startsWith(t[0], i)) {
                    out.append(t[1]);
                    i += t[0].length();
                    continue outer;
                }
            }
            char c = layout.charAt(i++);
            if (Character.isLetter(c) || c == '\'') {
                out.append('\'').append(c == '\'' ? "''" : String.valueOf(c)).append('\'');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
