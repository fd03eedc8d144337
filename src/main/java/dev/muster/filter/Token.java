package dev.muster.filter;

/**
 * One lexical unit of a filter expression: its kind, its decoded text, where it starts, and where the
 * whitespace before it started ({@code gapStart == offset} when none). Immutable.
 */
record Token(Kind kind, String text, int offset, int gapStart) {

    /** The lexical categories; {@link #UNEXPECTED} holds a single character no rule accepts. */
    enum Kind {
        IDENTIFIER,
        STRING,
        NUMBER,
        LEFT_PAREN,
        RIGHT_PAREN,
        DOT,
        LEFT_BRACKET,
        RIGHT_BRACKET,
        EQUAL,
        NOT_EQUAL,
        UNEXPECTED,
        END
    }

    boolean afterWhitespace() {
        return gapStart < offset;
    }

    boolean isWord(String word) {
        return kind == Kind.IDENTIFIER && text.equals(word);
    }
}
