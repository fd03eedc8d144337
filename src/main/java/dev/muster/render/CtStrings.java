package dev.muster.render;

import dev.muster.gotemplate.GoFunction;
import dev.muster.gotemplate.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * consul-template's string and membership functions (go-template spec §4.6–4.7), each taking its subject last so
 * it ends a pipe. A tainted subject gives a tainted result with the same origin; predicates answer plain bools.
 * Stateless.
 */
final class CtStrings {
    private CtStrings() {
    }

    static void register(Map<String, GoFunction> f) {
        f.put("contains", a -> {
            GoFunction.ArgumentException.requireCount("contains", a, 2);
            return in(a.get(1), a.get(0));
        });
        f.put("in", a -> {
            GoFunction.ArgumentException.requireCount("in", a, 2);
            return in(a.get(0), a.get(1));
        });
        f.put("containsAll", a -> count(a, "containsAll") == needles(a).size());
        f.put("containsAny", a -> count(a, "containsAny") > 0);
        f.put("containsNone", a -> count(a, "containsNone") == 0);
        f.put("containsNotAll", a -> count(a, "containsNotAll") < needles(a).size());
        f.put("join", a -> {
            GoFunction.ArgumentException.requireCount("join", a, 2);
            if (!(a.get(1) instanceof List<?> list)) {
                throw new IllegalArgumentException("join: wrong type for value; expected []string");
            }
            List<Object> parts = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    parts.add(a.get(0));
                }
                parts.add(list.get(i));
            }
            return concat(parts);
        });
        f.put("split", a -> {
            GoFunction.ArgumentException.requireCount("split", a, 2);
            String s = CtFunctions.str(a.get(1)).strip();
            List<Object> out = new ArrayList<>();
            if (s.isEmpty()) {
                return out;
            }
            for (String part : s.split(Pattern.quote(CtFunctions.str(a.get(0))), -1)) {
                out.add(CtFunctions.retaint(a.get(1), part));
            }
            return out;
        });
        f.put("splitToMap", a -> {
            GoFunction.ArgumentException.requireCount("splitToMap", a, 3);
            Map<String, Object> out = new TreeMap<>();
            for (String piece : CtFunctions.str(a.get(2)).split(Pattern.quote(CtFunctions.str(a.get(0))), -1)) {
                String[] kv = piece.split(Pattern.quote(CtFunctions.str(a.get(1))), 2);
                if (kv.length == 2) {
                    out.put(kv[0], CtFunctions.retaint(a.get(2), kv[1]));
                }
            }
            return out;
        });
        f.put("trim", a -> {
            GoFunction.ArgumentException.requireCount("trim", a, 2);
            String cut = CtFunctions.str(a.get(0));
            String s = CtFunctions.str(a.get(1));
            int start = 0;
            int end = s.length();
            while (start < end && cut.indexOf(s.charAt(start)) >= 0) {
                start++;
            }
            while (end > start && cut.indexOf(s.charAt(end - 1)) >= 0) {
                end--;
            }
            return CtFunctions.retaint(a.get(1), s.substring(start, end));
        });
        f.put("trimPrefix", a -> {
            GoFunction.ArgumentException.requireCount("trimPrefix", a, 2);
            String p = CtFunctions.str(a.get(0));
            String s = CtFunctions.str(a.get(1));
            return CtFunctions.retaint(a.get(1), s.startsWith(p) ? s.substring(p.length()) : s);
        });
        f.put("trimSuffix", a -> {
            GoFunction.ArgumentException.requireCount("trimSuffix", a, 2);
            String x = CtFunctions.str(a.get(0));
            String s = CtFunctions.str(a.get(1));
            return CtFunctions.retaint(a.get(1), s.endsWith(x) ? s.substring(0, s.length() - x.length()) : s);
        });
        f.put("trimSpace", a -> map(a, "trimSpace", String::strip));
        f.put("toLower", a -> map(a, "toLower", s -> s.toLowerCase(java.util.Locale.ROOT)));
        f.put("toUpper", a -> map(a, "toUpper", s -> s.toUpperCase(java.util.Locale.ROOT)));
        f.put("toTitle", a -> map(a, "toTitle", CtStrings::title));
        f.put("replaceAll", a -> {
            GoFunction.ArgumentException.requireCount("replaceAll", a, 3);
            return CtFunctions.retaint(a.get(2), CtFunctions.str(a.get(2)).replace(CtFunctions.str(a.get(0)),
                    CtFunctions.str(a.get(1))));
        });
        f.put("regexMatch", a -> {
            GoFunction.ArgumentException.requireCount("regexMatch", a, 2);
            return regex(a.get(0)).matcher(CtFunctions.str(a.get(1))).find();
        });
        f.put("regexReplaceAll", a -> {
            GoFunction.ArgumentException.requireCount("regexReplaceAll", a, 3);
            Matcher m = regex(a.get(0)).matcher(CtFunctions.str(a.get(2)));
            return CtFunctions.retaint(a.get(2), m.replaceAll(goReplacement(CtFunctions.str(a.get(1)))));
        });
        f.put("indent", a -> {
            GoFunction.ArgumentException.requireCount("indent", a, 2);
            if (!(a.get(0) instanceof Long n) || n < 0) {
                throw new IllegalArgumentException("indent value must be a positive integer");
            }
            String pad = " ".repeat((int) (long) n);
            StringBuilder out = new StringBuilder();
            for (String line : CtFunctions.str(a.get(1)).split("(?<=\n)", -1)) {
                out.append(line.isEmpty() || line.equals("\n") || line.equals("\r\n") ? "" : pad).append(line);
            }
            return CtFunctions.retaint(a.get(1), out.toString());
        });
    }

    /** {@code in list v}: an element of the list, or a substring of a string. */
    private static boolean in(Object haystack, Object needle) {
        if (haystack instanceof List<?> list) {
            return list.stream().anyMatch(e -> same(e, needle));
        }
        if (haystack instanceof CharSequence s && needle instanceof CharSequence n) {
            return s.toString().contains(n.toString());
        }
        return false;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof CharSequence x && b instanceof CharSequence y) {
            return x.toString().equals(y.toString());
        }
        return a != null && a.equals(b);
    }

    private static List<?> needles(List<Object> a) {
        return a.get(0) instanceof List<?> l ? l : List.of();
    }

    private static long count(List<Object> a, String fn) {
        GoFunction.ArgumentException.requireCount(fn, a, 2);
        return needles(a).stream().filter(n -> in(a.get(1), n)).count();
    }

    private static Object map(List<Object> a, String fn, java.util.function.UnaryOperator<String> op) {
        GoFunction.ArgumentException.requireCount(fn, a, 1);
        return CtFunctions.retaint(a.get(0), op.apply(CtFunctions.str(a.get(0))));
    }

    /** A concatenation that keeps each part's origin. */
    private static Object concat(List<Object> parts) {
        return Text.concat(parts);
    }

    /** cases.Title(NoLower): the first letter of each word upper-cased, the rest left alone. */
    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (char c : s.toCharArray()) {
            out.append(start && Character.isLetter(c) ? Character.toUpperCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '\'';
        }
        return out.toString();
    }

    private static Pattern regex(Object re) {
        String p = CtFunctions.str(re);
        if (p.matches(".*(\\(\\?[=!<]|\\\\[1-9]).*")) {
            throw new IllegalArgumentException("error parsing regexp: lookaround and backreferences are not RE2: "
                    + CtFunctions.quote(p));
        }
        return Pattern.compile(p);
    }

    /** Go's {@code $1}, {@code ${1}}, {@code ${name}} in a replacement, as Java's {@code $1}, {@code ${name}}. */
    private static String goReplacement(String repl) {
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("\\$(\\{(\\w+)}|(\\w+))|\\\\").matcher(repl);
        int last = 0;
        while (m.find()) {
            out.append(Matcher.quoteReplacement(repl.substring(last, m.start())));
            if (m.group().equals("\\")) {
                out.append("\\\\");
            } else {
                String name = m.group(2) != null ? m.group(2) : m.group(3);
                out.append(name.chars().allMatch(Character::isDigit) ? "$" + name : "${" + name + "}");
            }
            last = m.end();
        }
        out.append(Matcher.quoteReplacement(repl.substring(last)));
        return out.toString();
    }
}
