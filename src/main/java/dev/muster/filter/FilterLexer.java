package dev.muster.filter;

import java.util.Collection;
import java.util.Set;

/**
 * Splits a filter expression into {@link Token}s on demand and reports malformed literals with their
 * {@code line:column (offset)} position. Holds a read cursor, so an instance serves one parse on one thread.
 */
final class FilterLexer {

    private static final String INVALID_NUMBER = "rule \"number\": Invalid number literal";
    private static final String UNTERMINATED_STRING = "rule \"string\": Unterminated string literal";
    private static final int UNICODE_ESCAPE_DIGITS = 4;

    private final String source;
    private int position;

    FilterLexer(String source) {
        this.source = source;
    }

    /** Returns the next token, or an {@link Token.Kind#END} token once the input is exhausted. */
    Token next() {
        int gapStart = position;
        while (position < source.length() && isWhitespace(source.charAt(position))) {
            position++;
        }
        int start = position;
        if (start == source.length()) {
            return new Token(Token.Kind.END, "", start, gapStart);
        }
        char first = source.charAt(start);
        if (isIdentifierStart(first)) {
            while (position < source.length() && isIdentifierPart(source.charAt(position))) {
                position++;
            }
            return new Token(Token.Kind.IDENTIFIER, source.substring(start, position), start, gapStart);
        }
        if (first == '-' || isDigit(first)) {
            return number(start, gapStart);
        }
        if (first == '"') {
            return new Token(Token.Kind.STRING, quotedString(start), start, gapStart);
        }
        if (first == '`') {
            return new Token(Token.Kind.STRING, rawString(start), start, gapStart);
        }
        return punctuation(first, start, gapStart);
    }

    /** Builds an exception whose message is {@code line:column (offset): detail}. */
    FilterException error(int offset, String detail) {
        int line = 1;
        int lineStart = 0;
        for (int index = 0; index < offset; index++) {
            if (source.charAt(index) == '\n') {
                line++;
                lineStart = index + 1;
            }
        }
        return new FilterException(line + ":" + (offset - lineStart + 1) + " (" + offset + "): " + detail);
    }

    FilterException noMatch(int offset, Collection<Expectation> expected) {
        return error(offset, "no match found, expected: " + Expectation.describe(expected));
    }

    private Token punctuation(char first, int start, int gapStart) {
        position++;
        Token.Kind kind = switch (first) {
            case '(' -> Token.Kind.LEFT_PAREN;
            case ')' -> Token.Kind.RIGHT_PAREN;
            case '.' -> Token.Kind.DOT;
            case '[' -> Token.Kind.LEFT_BRACKET;
            case ']' -> Token.Kind.RIGHT_BRACKET;
            case '=' -> followedBy('=') ? Token.Kind.EQUAL : Token.Kind.UNEXPECTED;
            case '!' -> followedBy('=') ? Token.Kind.NOT_EQUAL : Token.Kind.UNEXPECTED;
            default -> Token.Kind.UNEXPECTED;
        };
        return new Token(kind, source.substring(start, position), start, gapStart);
    }

    private boolean followedBy(char expected) {
        if (position < source.length() && source.charAt(position) == expected) {
            position++;
            return true;
        }
        return false;
    }

    private Token number(int start, int gapStart) {
        if (source.charAt(position) == '-') {
            position++;
        }
        if (!isDigitAt(position)) {
            throw noMatch(position, Set.of(Expectation.DIGIT));
        }
        skipDigits();
        if (position < source.length() && source.charAt(position) == '.' && isDigitAt(position + 1)) {
            position++;
            skipDigits();
        }
        if (position < source.length() && continuesNumberIllegally(source.charAt(position))) {
            throw error(position, INVALID_NUMBER);
        }
        return new Token(Token.Kind.NUMBER, source.substring(start, position), start, gapStart);
    }

    private String quotedString(int start) {
        StringBuilder text = new StringBuilder();
        position = start + 1;
        while (position < source.length()) {
            char next = source.charAt(position++);
            if (next == '"') {
                return text.toString();
            }
            if (next != '\\') {
                text.append(next);
            } else if (position < source.length()) {
                text.append(escapedCharacter(position - 1));
            }
        }
        throw error(start, UNTERMINATED_STRING);
    }

    /** Decodes the Go-style escape whose backslash is at {@code backslash} and moves past it. */
    private char escapedCharacter(int backslash) {
        char code = source.charAt(position++);
        return switch (code) {
            case '"' -> '"';
            case '\\' -> '\\';
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'a' -> '\u0007';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'v' -> '\u000B';
            case 'u' -> unicodeEscape(backslash);
            default -> throw invalidEscape(backslash, 2);
        };
    }

    private char unicodeEscape(int backslash) {
        int codePoint = 0;
        for (int digits = 0; digits < UNICODE_ESCAPE_DIGITS; digits++) {
            int digit = position < source.length() ? Character.digit(source.charAt(position), 16) : -1;
            if (digit < 0) {
                throw invalidEscape(backslash, position - backslash);
            }
            codePoint = codePoint * 16 + digit;
            position++;
        }
        return (char) codePoint;
    }

    private FilterException invalidEscape(int backslash, int length) {
        String escape = source.substring(backslash, backslash + length);
        return error(backslash, "rule \"string\": Invalid escape sequence \"" + escape + "\"");
    }

    private String rawString(int start) {
        int closing = source.indexOf('`', start + 1);
        if (closing < 0) {
            throw error(start, UNTERMINATED_STRING);
        }
        position = closing + 1;
        return source.substring(start + 1, closing);
    }

    private void skipDigits() {
        while (isDigitAt(position)) {
            position++;
        }
    }

    private boolean isDigitAt(int index) {
        return index < source.length() && isDigit(source.charAt(index));
    }

    private static boolean continuesNumberIllegally(char next) {
        return isIdentifierPart(next) || next == '.' || next == '-';
    }

    private static boolean isWhitespace(char candidate) {
        return candidate == ' ' || candidate == '\t' || candidate == '\r' || candidate == '\n';
    }

    private static boolean isDigit(char candidate) {
        return candidate >= '0' && candidate <= '9';
    }

    private static boolean isIdentifierStart(char candidate) {
        return (candidate >= 'A' && candidate <= 'Z') || (candidate >= 'a' && candidate <= 'z') || candidate == '_';
    }

    private static boolean isIdentifierPart(char candidate) {
        return isIdentifierStart(candidate) || isDigit(candidate);
    }
}
