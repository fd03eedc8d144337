package dev.muster.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One kind of input the parser would have accepted at a failure point, rendered the way go-bexpr's
 * PEG parser names it ({@code "=="}, {@code [0-9]}, {@code EOF}); constants are immutable.
 */
enum Expectation {
    AND("\"and\""),
    OR("\"or\""),
    NOT("\"not\""),
    IN("\"in\""),
    IS("\"is\""),
    EMPTY("\"empty\""),
    CONTAINS("\"contains\""),
    MATCHES("\"matches\""),
    EQUAL("\"==\""),
    NOT_EQUAL("\"!=\""),
    DOT("\".\""),
    LEFT_BRACKET("\"[\""),
    RIGHT_BRACKET("\"]\""),
    LEFT_PAREN("\"(\""),
    RIGHT_PAREN("\")\""),
    MINUS("\"-\""),
    DOUBLE_QUOTE("\"\\\"\""),
    BACKTICK("\"`\""),
    DIGIT("[0-9]"),
    IDENTIFIER_START("[A-Za-z_]"),
    WHITESPACE("[ \\t\\r\\n]"),
    END_OF_INPUT("EOF");

    private final String display;

    Expectation(String display) {
        this.display = display;
    }

    /**
     * Renders expectations as a sorted human list, e.g. {@code "and", "or", [ \t\r\n] or EOF};
     * {@code EOF} always comes last.
     */
    static String describe(Collection<Expectation> expectations) {
        List<String> names = new ArrayList<>();
        expectations.stream()
                .filter(expectation -> expectation != END_OF_INPUT)
                .map(expectation -> expectation.display)
                .sorted()
                .forEach(names::add);
        if (expectations.contains(END_OF_INPUT)) {
            names.add(END_OF_INPUT.display);
        }
        int last = names.size() - 1;
        if (last <= 0) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, last)) + " or " + names.get(last);
    }
}
