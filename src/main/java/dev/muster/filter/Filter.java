package dev.muster.filter;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A parsed Consul {@code ?filter=} expression (the go-bexpr subset Consul documents) that tests JSON-like trees
 * built from {@code Map<String, Object>}, {@code List<Object>}, {@code String}, {@code Number}, {@code Boolean}
 * and {@code null}. A parsed filter is immutable and safe to share between threads.
 */
public final class Filter {

    static final int MAX_EXPRESSION_LENGTH = 4096;

    private final String expression;
    private final Expression root;
    private final Set<String> selectorRoots;

    private Filter(String expression, Expression root) {
        this.expression = expression;
        this.root = root;
        Set<String> roots = root.selectors()
                .map(Selector::root)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        this.selectorRoots = Collections.unmodifiableSet(roots);
    }

    /**
     * Parses a filter expression such as {@code Service.Meta["version"] == "2" and "primary" in ServiceTags}.
     *
     * @param expression the raw expression, at most 4096 characters
     * @return the parsed filter
     * @throws FilterException if the expression is blank, too long, nested deeper than 64 levels, or not valid;
     *     the message starts with {@code line:column (offset): } for syntax errors
     */
    public static Filter parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            throw new FilterException("expression is " + expression.length()
                    + " characters long, the maximum is " + MAX_EXPRESSION_LENGTH);
        }
        return new Filter(expression, new FilterParser(expression).parse());
    }

    /**
     * Tests one item, for example one element of a JSON response array converted to plain Java objects.
     *
     * @param tree the item; lists met along a selector path are searched element by element
     * @return whether the item satisfies the expression
     * @throws FilterException when a {@code matches} pattern exceeds its evaluation budget
     */
    public boolean matches(Object tree) {
        return root.matches(tree);
    }

    /**
     * Returns the first segment of every selector in the expression, in order of appearance, so a caller can
     * reject fields the endpoint does not expose.
     *
     * @return an unmodifiable set such as {@code [Service, Node]}
     */
    public Set<String> selectorRoots() {
        return selectorRoots;
    }

    @Override
    public String toString() {
        return expression;
    }
}
