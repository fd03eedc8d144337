package dev.muster.hcl;

import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent parser for {@link Hcl}'s subset, working on the characters directly (the grammar is small
 * enough that a separate lexer would only add code). Not thread-safe: one per parse.
 */
final class HclParser {
    private final String src;
    private final String where;
    private int pos;

    HclParser(String src, String where) {
        this.src = src;
        this.where = where;
    }

    Hcl.Body file() {
        Hcl.Body body = body(false);
        skipSpace();
        if (pos < src.length()) {
            throw error("unexpected " + describe());
        }
        return body;
    }

    /** Entries until EOF, or until '}' when {@code nested}. */
    private Hcl.Body body(boolean nested) {
        List<Hcl.Entry> entries = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= src.length()) {
                if (nested) {
                    throw error("unclosed block: expected '}'");
                }
                return new Hcl.Body(entries);
            }
            char c = src.charAt(pos);
            if (c == '}' && nested) {
                return new Hcl.Body(entries);
            }
            if (c == ',') {
                pos++;
                continue;
            }
            entries.add(entry());
        }
    }

    private Hcl.Entry entry() {
        int line = line();
        String key = src.charAt(pos) == '"' ? string() : identifier();
        List<String> labels = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= src.length()) {
                throw error("expected '=' or '{' after \"" + key + "\"");
            }
            char c = src.charAt(pos);
            if (c == '=') {
                if (!labels.isEmpty()) {
                    throw error("an attribute takes no labels: \"" + key + "\"");
                }
                pos++;
                return new Hcl.Entry(key, labels, value(), line);
            }
            if (c == '{') {
                pos++;
                Hcl.Body body = body(true);
                pos++; // '}'
                return new Hcl.Entry(key, labels, body, line);
            }
            if (c == '"') {
                labels.add(string());
            } else if (isIdentStart(c)) {
                labels.add(identifier());
            } else {
                throw error("unexpected " + describe() + " after \"" + key + "\"");
            }
        }
    }

    private Object value() {
        skipSpace();
        if (pos >= src.length()) {
            throw error("expected a value");
        }
        char c = src.charAt(pos);
        if (c == '"') {
            return string();
        }
        if (c == '<' && src.startsWith("<<", pos)) {
            return heredoc();
        }
        if (c == '[') {
            pos++;
            List<Object> list = new ArrayList<>();
            while (true) {
                skipSpace();
                if (pos >= src.length()) {
                    throw error("unclosed list: expected ']'");
                }
                if (src.charAt(pos) == ']') {
                    pos++;
                    return list;
                }
                if (src.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                list.add(value());
            }
        }
        if (c == '{') {
            pos++;
            Hcl.Body body = body(true);
            pos++;
            return body;
        }
        if (c == '-' || c == '+' || Character.isDigit(c)) {
            return number();
        }
        if (isIdentStart(c)) {
            String word = identifier();
            return switch (word) {
                case "true" -> true;
                case "false" -> false;
                default -> throw error("unexpected " + word + ": a value is a string, number, bool, list or object");
            };
        }
        throw error("unexpected " + describe() + ": expected a value");
    }

    private Object number() {
        int start = pos;
        if (src.charAt(pos) == '-' || src.charAt(pos) == '+') {
            pos++;
        }
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
            pos++;
        }
        String text = src.substring(start, pos);
        try {
            if (text.matches("[-+]?0[xX][0-9a-fA-F]+")) {
                return Long.parseLong(text.replaceFirst("0[xX]", ""), 16) * (text.startsWith("-") ? -1 : 1);
            }
            if (text.matches("[-+]?[0-9]+")) {
                return Long.parseLong(text);
            }
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("bad number \"" + text + "\"");
        }
    }

    private String string() {
        int start = pos;
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                pos = start;
                throw error("unterminated string");
            }
            char c = src.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= src.length()) {
                throw error("unterminated string");
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case 'u' -> {
                    if (pos + 4 > src.length()) {
                        throw error("bad \\u escape");
                    }
                    out.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> throw error("unknown escape \\" + e);
            }
        }
    }

    /** {@code <<EOF … EOF}, or {@code <<-EOF} whose lines lose their common indentation. */
    private String heredoc() {
        pos += 2;
        boolean indented = pos < src.length() && src.charAt(pos) == '-';
        if (indented) {
            pos++;
        }
        int start = pos;
        while (pos < src.length() && isIdentPart(src.charAt(pos))) {
            pos++;
        }
        String marker = src.substring(start, pos);
        if (marker.isEmpty() || pos >= src.length() || src.charAt(pos) != '\n') {
            throw error("a heredoc needs a marker and a newline: <<EOF");
        }
        pos++;
        List<String> lines = new ArrayList<>();
        while (true) {
            if (pos >= src.length()) {
                throw error("unterminated heredoc: no line \"" + marker + "\"");
            }
            int end = src.indexOf('\n', pos);
            String line = end < 0 ? src.substring(pos) : src.substring(pos, end);
            pos = end < 0 ? src.length() : end + 1;
            if (line.strip().equals(marker)) {
                break;
            }
            lines.add(line);
        }
        if (indented) {
            int common = lines.stream().filter(l -> !l.isBlank())
                    .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
            lines.replaceAll(l -> l.length() >= common ? l.substring(common) : l.stripLeading());
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    private String identifier() {
        int start = pos;
        if (!isIdentStart(src.charAt(pos))) {
            throw error("unexpected " + describe() + ": expected a key");
        }
        while (pos < src.length() && isIdentPart(src.charAt(pos))) {
            pos++;
        }
        return src.substring(start, pos);
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    private void skipSpace() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#' || src.startsWith("//", pos)) {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw error("unclosed comment");
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private String describe() {
        return pos >= src.length() ? "end of file" : "'" + src.charAt(pos) + "'";
    }

    private int line() {
        int n = 1;
        for (int i = 0; i < pos; i++) {
            if (src.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private HclException error(String message) {
        int line = line();
        int col = pos - src.lastIndexOf('\n', pos - 1);
        return new HclException(where + ":" + line + ":" + col + ": " + message);
    }
}
