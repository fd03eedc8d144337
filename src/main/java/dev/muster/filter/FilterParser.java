package dev.muster.filter;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static dev.muster.filter.Expectation.AND;
import static dev.muster.filter.Expectation.BACKTICK;
import static dev.muster.filter.Expectation.CONTAINS;
import static dev.muster.filter.Expectation.DIGIT;
import static dev.muster.filter.Expectation.DOT;
import static dev.muster.filter.Expectation.DOUBLE_QUOTE;
import static dev.muster.filter.Expectation.EMPTY;
import static dev.muster.filter.Expectation.END_OF_INPUT;
import static dev.muster.filter.Expectation.EQUAL;
import static dev.muster.filter.Expectation.IDENTIFIER_START;
import static dev.muster.filter.Expectation.IN;
import static dev.muster.filter.Expectation.IS;
import static dev.muster.filter.Expectation.LEFT_BRACKET;
import static dev.muster.filter.Expectation.LEFT_PAREN;
import static dev.muster.filter.Expectation.MATCHES;
import static dev.muster.filter.Expectation.MINUS;
import static dev.muster.filter.Expectation.NOT;
import static dev.muster.filter.Expectation.NOT_EQUAL;
import static dev.muster.filter.Expectation.OR;
import static dev.muster.filter.Expectation.RIGHT_BRACKET;
import static dev.muster.filter.Expectation.RIGHT_PAREN;
import static dev.muster.filter.Expectation.WHITESPACE;

/**
 * Recursive-descent parser for the go-bexpr subset Consul accepts in {@code ?filter=}; precedence is
 * {@code not} over {@code and} over {@code or}, and nesting is capped so hostile input cannot overflow the stack.
 * Holds parse state, so an instance parses one expression on one thread.
 */
final class FilterParser {

    static final int MAX_NESTING_DEPTH = 64;

    private static final Set<Expectation> OPERAND_START =
            Set.of(LEFT_PAREN, MINUS, DOUBLE_QUOTE, BACKTICK, NOT, DIGIT, IDENTIFIER_START, WHITESPACE);
    private static final Set<Expectation> VALUE_START =
            Set.of(MINUS, DOUBLE_QUOTE, BACKTICK, DIGIT, IDENTIFIER_START, WHITESPACE);
    private static final Set<Expectation> SELECTOR_START = Set.of(IDENTIFIER_START, WHITESPACE);
    private static final Set<Expectation> INDEX_START = Set.of(DOUBLE_QUOTE, BACKTICK, WHITESPACE);

    private final FilterLexer lexer;
    private Token current;
    private int nestingDepth;
    private boolean endedWithSelector;

    FilterParser(String source) {
        this.lexer = new FilterLexer(source);
    }

    Expression parse() {
        current = lexer.next();
        Expression expression = parseOr();
        if (current.kind() != Token.Kind.END) {
            throw unexpected(afterOperand(END_OF_INPUT));
        }
        return expression;
    }

    private Expression parseOr() {
        List<Expression> operands = new ArrayList<>(List.of(parseAnd()));
        while (current.isWord("or")) {
            advance();
            operands.add(parseAnd());
        }
        return operands.size() == 1 ? operands.get(0) : new Expression.Or(operands);
    }

    private Expression parseAnd() {
        List<Expression> operands = new ArrayList<>(List.of(parseUnary()));
        while (current.isWord("and")) {
            advance();
            operands.add(parseUnary());
        }
        return operands.size() == 1 ? operands.get(0) : new Expression.And(operands);
    }

    private Expression parseUnary() {
        if (current.isWord("not")) {
            enterNesting();
            advance();
            Expression negated = new Expression.Not(parseUnary());
            nestingDepth--;
            return negated;
        }
        if (current.kind() == Token.Kind.LEFT_PAREN) {
            enterNesting();
            advance();
            Expression grouped = parseOr();
            expect(Token.Kind.RIGHT_PAREN, afterOperand(RIGHT_PAREN));
            endedWithSelector = false;
            nestingDepth--;
            return grouped;
        }
        return parseMatch();
    }

    private Expression parseMatch() {
        endedWithSelector = false;
        Token first = current;
        return switch (first.kind()) {
            case IDENTIFIER -> parseSelectorOperator(parseSelector());
            case STRING, NUMBER -> {
                advance();
                boolean negated = acceptWord("not");
                if (!current.isWord("in")) {
                    throw unexpected(negated ? Set.of(IN, WHITESPACE) : Set.of(IN, NOT, WHITESPACE));
                }
                yield parseInSelector(first.text(), negated);
            }
            default -> throw unexpected(OPERAND_START);
        };
    }

    /** Parses what follows a selector; a one-segment selector may turn out to be the value of {@code in}. */
    private Expression parseSelectorOperator(Selector selector) {
        boolean mayBeValue = selector.path().size() == 1;
        if (current.kind() == Token.Kind.EQUAL || current.kind() == Token.Kind.NOT_EQUAL) {
            boolean negated = current.kind() == Token.Kind.NOT_EQUAL;
            advance();
            return new MatchExpression(selector, new FieldTest.EqualTo(parseValue().text()), negated);
        }
        if (acceptWord("is")) {
            boolean negated = acceptWord("not");
            expectWord("empty", negated ? Set.of(EMPTY, WHITESPACE) : Set.of(EMPTY, NOT, WHITESPACE));
            return new MatchExpression(selector, new FieldTest.Empty(), negated);
        }
        boolean negated = acceptWord("not");
        if (acceptWord("contains")) {
            return new MatchExpression(selector, new FieldTest.Contains(parseValue().text()), negated);
        }
        if (acceptWord("matches")) {
            return new MatchExpression(selector, new FieldTest.MatchesPattern(parsePattern()), negated);
        }
        if (mayBeValue && current.isWord("in")) {
            return parseInSelector(selector.root(), negated);
        }
        Set<Expectation> expected = negated
                ? EnumSet.of(CONTAINS, MATCHES, WHITESPACE)
                : EnumSet.of(EQUAL, NOT_EQUAL, DOT, LEFT_BRACKET, CONTAINS, IS, MATCHES, NOT, WHITESPACE);
        if (mayBeValue) {
            expected.add(IN);
        }
        throw unexpected(expected);
    }

    /** Parses {@code in Selector} (the current token is {@code in}) for an already-read value. */
    private Expression parseInSelector(String value, boolean negated) {
        advance();
        if (current.kind() != Token.Kind.IDENTIFIER) {
            throw unexpected(SELECTOR_START);
        }
        Selector selector = parseSelector();
        endedWithSelector = true;
        return new MatchExpression(selector, new FieldTest.Contains(value), negated);
    }

    private Selector parseSelector() {
        List<String> path = new ArrayList<>(List.of(current.text()));
        advance();
        while (!current.afterWhitespace()) {
            if (acceptKind(Token.Kind.DOT)) {
                if (current.kind() != Token.Kind.IDENTIFIER || current.afterWhitespace()) {
                    throw lexer.noMatch(current.gapStart(), Set.of(IDENTIFIER_START));
                }
                path.add(current.text());
                advance();
            } else if (acceptKind(Token.Kind.LEFT_BRACKET)) {
                if (current.kind() != Token.Kind.STRING) {
                    throw unexpected(INDEX_START);
                }
                path.add(current.text());
                advance();
                expect(Token.Kind.RIGHT_BRACKET, Set.of(RIGHT_BRACKET, WHITESPACE));
            } else {
                break;
            }
        }
        return new Selector(path);
    }

    private Token parseValue() {
        Token value = current;
        if (value.kind() != Token.Kind.STRING && value.kind() != Token.Kind.NUMBER
                && value.kind() != Token.Kind.IDENTIFIER) {
            throw unexpected(VALUE_START);
        }
        advance();
        return value;
    }

    private Pattern parsePattern() {
        Token value = parseValue();
        try {
            return Pattern.compile(value.text());
        } catch (PatternSyntaxException invalid) {
            throw lexer.error(value.offset(),
                    "rule \"match\": Invalid regular expression: " + invalid.getDescription());
        }
    }

    /** What may follow a complete operand: a combinator, the closing token, or more of a trailing selector. */
    private Set<Expectation> afterOperand(Expectation closing) {
        Set<Expectation> expected = EnumSet.of(AND, OR, WHITESPACE, closing);
        if (endedWithSelector) {
            expected.add(DOT);
            expected.add(LEFT_BRACKET);
        }
        return expected;
    }

    private void enterNesting() {
        if (nestingDepth == MAX_NESTING_DEPTH) {
            throw lexer.error(current.offset(),
                    "expression is nested too deeply, the maximum depth is " + MAX_NESTING_DEPTH);
        }
        nestingDepth++;
    }

    private boolean acceptWord(String word) {
        if (current.isWord(word)) {
            advance();
            return true;
        }
        return false;
    }

    private boolean acceptKind(Token.Kind kind) {
        if (current.kind() == kind) {
            advance();
            return true;
        }
        return false;
    }

    private void expectWord(String word, Set<Expectation> expected) {
        if (!acceptWord(word)) {
            throw unexpected(expected);
        }
    }

    private void expect(Token.Kind kind, Set<Expectation> expected) {
        if (!acceptKind(kind)) {
            throw unexpected(expected);
        }
    }

    private FilterException unexpected(Set<Expectation> expected) {
        return lexer.noMatch(current.offset(), expected);
    }

    private void advance() {
        current = lexer.next();
    }
}
