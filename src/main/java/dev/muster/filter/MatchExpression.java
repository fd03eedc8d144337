package dev.muster.filter;

import java.util.stream.Stream;

/**
 * One comparison such as {@code Service.Tags contains "v1"}: true when the test holds for any value the selector
 * reaches, inverted for the {@code !=}/{@code not ...} forms. Immutable and thread-safe.
 */
record MatchExpression(Selector selector, FieldTest test, boolean negated) implements Expression {

    @Override
    public boolean matches(Object tree) {
        boolean anyValueHolds = selector.valuesIn(tree).stream().anyMatch(test::holdsFor);
        return anyValueHolds != negated;
    }

    @Override
    public Stream<Selector> selectors() {
        return Stream.of(selector);
    }
}
