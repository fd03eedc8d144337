package dev.muster.gotemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's template lexer ({@code text/template/parse/lex.go}) as a single pass over the source: text outside
 * actions verbatim, trim markers ({@code {{- } and {@code  -}}}, one white-space character required), comments
 * {@code {{/* … *&#47;}}} dropped, and inside actions Go's items, with the right delimiter recognised before anything
 * else. The first error ends the token list with an {@code ERROR} token carrying Go's message. Not thread-safe.
 */
final class Lexer {
    private static final Map<String, Token.Kind> KEYWORDS = Map.ofEntries(
            Map.entry("block", Token.Kind.BLOCK), Map.entry("break", Token.Kind.BREAK),
            Map.entry("continue", Token.Kind.CONTINUE), Map.entry("define", Token.Kind.DEFINE),
            Map.entry("else", Token.Kind.ELSE), Map.entry("end", Token.Kind.END), Map.entry("if", Token.Kind.IF),
            Map.entry("range", Token.Kind.RANGE), Map.entry("nil", Token.Kind.NIL),
            Map.entry("template", Token.Kind.TEMPLATE), Map.entry("with", Token.Kind.WITH));
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:0[xX][0-9a-fA-F_]*(?:\\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?"
            + "|0[bB][01_]+|0[oO][0-7_]+|(?:[0-9][0-9_]*)?\\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?)i?");

    private final String name;
    private final String src;
    private final String left;
    private final String right;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int parenDepth;

    private Lexer(String name, String src, String left, String right) {
        this.name = name;
        this.src = src;
        this.left = left;
        this.right = right;
    }

    static List<Token> lex(String name, String src, String left, String right) {
        Lexer l = new Lexer(name, src, left, right);
        l.run();
        return l.tokens;
    }

    private void run() {
        boolean trimNextText = false;
        while (true) {
            int at = src.indexOf(left, pos);
            int end = at < 0 ? src.length() : at;
            boolean trimLeft = at >= 0 && isTrimMarker(at + left.length());
            int start = pos;
            if (trimNextText) {
                while (start < end && isSpace(src.charAt(start))) {
                    start++;
                }
            }
            int stop = end;
            if (trimLeft) {
                while (stop > start && isSpace(src.charAt(stop - 1))) {
                    stop--;
                }
            }
            if (stop > start) {
                tokens.add(new Token(Token.Kind.TEXT, src.substring(start, stop), start));
            }
            if (at < 0) {
                tokens.add(new Token(Token.Kind.EOF, "", src.length()));
                return;
            }
            int inside = at + left.length() + (trimLeft ? 2 : 0);
            Boolean trimmed = src.startsWith("/*", inside) ? comment(at, inside) : action(at, inside);
            if (trimmed == null) {
                return; // an error token ends the list
            }
            trimNextText = trimmed;
        }
    }

    /** A '-' then one white-space character: the left trim marker. */
    private boolean isTrimMarker(int at) {
        return at + 1 < src.length() && src.charAt(at) == '-' && isSpace(src.charAt(at + 1));
    }

    /** One white-space character, '-' and the right delimiter: the right trim marker. */
    private boolean atRightTrim(int at) {
        return at + 1 < src.length() && isSpace(src.charAt(at)) && src.charAt(at + 1) == '-'
                && src.startsWith(right, at + 2);
    }

    /** A comment; returns whether it ends with a trim marker, or null after an error. */
    private Boolean comment(int actionStart, int inside) {
        int close = src.indexOf("*/", inside + 2);
        if (close < 0) {
            return error("unclosed comment", actionStart);
        }
        int after = close + 2;
        if (atRightTrim(after)) {
            pos = after + 2 + right.length();
            return true;
        }
        if (!src.startsWith(right, after)) {
            return error("comment ends before closing delimiter", actionStart);
        }
        pos = after + right.length();
        return false;
    }

    /** The items of one action; returns whether it ends with a trim marker, or null after an error. */
    private Boolean action(int actionStart, int inside) {
        tokens.add(new Token(Token.Kind.LEFT_DELIM, left, actionStart));
        pos = inside;
        parenDepth = 0;
        while (true) {
            if (atRightTrim(pos)) {
                return closeAction(actionStart, pos + 2 + right.length(), true);
            }
            if (src.startsWith(right, pos)) {
                return closeAction(actionStart, pos + right.length(), false);
            }
            if (pos >= src.length()) {
                return error(unclosedAction(actionStart), src.length());
            }
            char c = src.charAt(pos);
            int start = pos;
            if (isSpace(c)) {
                int p = pos;
                while (p < src.length() && isSpace(src.charAt(p))) {
                    p++;
                }
                // the last space of a run that ends in "-}}" belongs to the trim marker
                if (p > pos && atRightTrim(p - 1)) {
                    p--;
                }
                if (p > pos) {
                    tokens.add(new Token(Token.Kind.SPACE, src.substring(pos, p), pos));
                }
                pos = p;
                if (atRightTrim(pos)) {
                    continue;
                }
            } else if (c == '=') {
                emit(Token.Kind.ASSIGN, start, ++pos);
            } else if (c == ':') {
                if (pos + 1 >= src.length() || src.charAt(pos + 1) != '=') {
                    return error("expected :=", pos);
                }
                pos += 2;
                emit(Token.Kind.DECLARE, start, pos);
            } else if (c == '|') {
                emit(Token.Kind.PIPE, start, ++pos);
            } else if (c == '"') {
                if (!quoted('"', "unterminated quoted string")) {
                    return null;
                }
                emit(Token.Kind.STRING, start, pos);
            } else if (c == '`') {
                int close = src.indexOf('`', pos + 1);
                if (close < 0) {
                    return error("unterminated raw quoted string", pos);
                }
                pos = close + 1;
                emit(Token.Kind.RAW_STRING, start, pos);
            } else if (c == '\'') {
                if (!quoted('\'', "unterminated character constant")) {
                    return null;
                }
                emit(Token.Kind.CHAR_CONSTANT, start, pos);
            } else if (c == '$') {
                pos++;
                alphanumeric();
                emit(Token.Kind.VARIABLE, start, pos);
                if (!terminator()) {
                    return null;
                }
            } else if (c == '.') {
                if (pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
                    if (!number()) {
                        return null;
                    }
                } else {
                    pos++;
                    if (pos < src.length() && isAlphaNumeric(src.charAt(pos))) {
                        alphanumeric();
                        emit(Token.Kind.FIELD, start, pos);
                        if (!terminator()) {
                            return null;
                        }
                    } else {
                        emit(Token.Kind.DOT, start, pos);
                    }
                }
            } else if (c == '+' || c == '-' || Character.isDigit(c)) {
                if (!number()) {
                    return null;
                }
            } else if (isAlphaNumeric(c)) {
                alphanumeric();
                String word = src.substring(start, pos);
                Token.Kind kind = word.equals("true") || word.equals("false") ? Token.Kind.BOOL
                        : KEYWORDS.getOrDefault(word, Token.Kind.IDENTIFIER);
                emit(kind, start, pos);
                if (!terminator()) {
                    return null;
                }
            } else if (c == '(') {
                parenDepth++;
                emit(Token.Kind.LEFT_PAREN, start, ++pos);
            } else if (c == ')') {
                parenDepth--;
                if (parenDepth < 0) {
                    return error("unexpected right paren", pos);
                }
                emit(Token.Kind.RIGHT_PAREN, start, ++pos);
            } else if (c < 0x7f && c > ' ') {
                emit(Token.Kind.CHAR, start, ++pos);
            } else {
                return error(String.format("unrecognized character in action: U+%04X", (int) c), pos);
            }
        }
    }

    private Boolean closeAction(int actionStart, int after, boolean trim) {
        if (parenDepth > 0) {
            return error("unclosed left paren", pos);
        }
        tokens.add(new Token(Token.Kind.RIGHT_DELIM, right, pos));
        pos = after;
        return trim;
    }

    private String unclosedAction(int actionStart) {
        int startLine = line(actionStart);
        return startLine == line(src.length()) ? "unclosed action"
                : "unclosed action started at " + name + ":" + startLine;
    }

    private int line(int offset) {
        int n = 1;
        for (int i = 0; i < offset && i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** A quoted string or character constant with backslash escapes; no newline inside. */
    private boolean quoted(char quote, String unterminated) {
        int p = pos + 1;
        while (true) {
            if (p >= src.length() || src.charAt(p) == '\n') {
                error(unterminated, pos);
                return false;
            }
            char c = src.charAt(p);
            if (c == '\\') {
                p += 2;
                continue;
            }
            p++;
            if (c == quote) {
                pos = p;
                return true;
            }
        }
    }

    private boolean number() {
        int start = pos;
        Matcher m = NUMBER.matcher(src).region(pos, src.length());
        int end = m.lookingAt() ? m.end() : pos + 1;
        if (end == start || (end == start + 1 && (src.charAt(start) == '+' || src.charAt(start) == '-'))) {
            // a lone sign: Go lexes it as a number and fails
            end = start + 1;
        }
        if (end < src.length() && isAlphaNumeric(src.charAt(end))) {
            int bad = end;
            while (bad < src.length() && isAlphaNumeric(src.charAt(bad))) {
                bad++;
            }
            error("bad number syntax: \"" + src.substring(start, bad) + "\"", start);
            return false;
        }
        pos = end;
        emit(Token.Kind.NUMBER, start, pos);
        return true;
    }

    private void alphanumeric() {
        while (pos < src.length() && isAlphaNumeric(src.charAt(pos))) {
            pos++;
        }
    }

    /** After an identifier, field or variable: white space, EOF, . , | : ( ) or the right delimiter. */
    private boolean terminator() {
        if (pos >= src.length() || src.startsWith(right, pos)) {
            return true;
        }
        char c = src.charAt(pos);
        if (isSpace(c) || ".,|:()".indexOf(c) >= 0) {
            return true;
        }
        error(String.format("bad character U+%04X '%c'", (int) c, c), pos);
        return false;
    }

    private void emit(Token.Kind kind, int start, int end) {
        tokens.add(new Token(kind, src.substring(start, end), start));
    }

    private Boolean error(String message, int at) {
        tokens.add(new Token(Token.Kind.ERROR, message, at));
        return null;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isAlphaNumeric(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }
}
