package dev.muster.gotemplate;

/**
 * One lexical item of a template (Go's {@code parse.item}): its kind, its text as written and its byte offset
 * in the source, from which positions in error messages are computed. Immutable.
 */
record Token(Kind kind, String text, int pos) {
    enum Kind {
        ERROR, EOF, TEXT, COMMENT, LEFT_DELIM, RIGHT_DELIM, SPACE, PIPE, LEFT_PAREN, RIGHT_PAREN, DECLARE, ASSIGN,
        CHAR, STRING, RAW_STRING, CHAR_CONSTANT, NUMBER, BOOL, NIL, DOT, FIELD, VARIABLE, IDENTIFIER,
        // keywords
        BLOCK, BREAK, CONTINUE, DEFINE, ELSE, END, IF, RANGE, TEMPLATE, WITH
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EOF -> "EOF";
            case ERROR -> text;
            default -> kind.ordinal() >= Kind.BLOCK.ordinal() ? "<" + text + ">" : "\"" + text + "\"";
        };
    }
}
