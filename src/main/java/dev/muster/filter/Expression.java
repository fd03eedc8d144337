package dev.muster.filter;

import java.util.List;
import java.util.stream.Stream;

/**
 * A node of a parsed filter that decides whether a JSON-like tree matches and reports the selectors it reads.
 * Nodes are immutable and thread-safe; {@code and}/{@code or} short-circuit.
 */
sealed interface Expression permits Expression.And, Expression.Or, Expression.Not, MatchExpression {

    boolean matches(Object tree);

    Stream<Selector> selectors();

    /** True when every operand matches. */
    record And(List<Expression> operands) implements Expression {

        public And {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean matches(Object tree) {
            return operands.stream().allMatch(operand -> operand.matches(tree));
        }

        @Override
        public Stream<Selector> selectors() {
            return operands.stream().flatMap(Expression::selectors);
        }
    }

    /** True when at least one operand matches. */
    record Or(List<Expression> operands) implements Expression {

        public Or {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean matches(Object tree) {
            return operands.stream().anyMatch(operand -> operand.matches(tree));
        }

        @Override
        public Stream<Selector> selectors() {
            return operands.stream().flatMap(Expression::selectors);
        }
    }

    /** True when the operand does not match. */
    record Not(Expression operand) implements Expression {

        @Override
        public boolean matches(Object tree) {
            return !operand.matches(tree);
        }

        @Override
        public Stream<Selector> selectors() {
            return operand.selectors();
        }
    }
}
