package dev.muster.filter;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The positive form of a match operator, applied to one resolved field value ({@code null} means the field is
 * missing); negated operators invert the combined result. Implementations are immutable and thread-safe.
 */
sealed interface FieldTest {

    boolean holdsFor(Object value);

    /**
     * {@code ==}: strings compare as text, numbers numerically, booleans against {@code true}/{@code false}
     * (any case); lists, maps and missing values never match.
     */
    record EqualTo(String text) implements FieldTest {

        @Override
        public boolean holdsFor(Object value) {
            if (value instanceof String string) {
                return string.equals(text);
            }
            if (value instanceof Number number) {
                return numericallyEqual(number);
            }
            if (value instanceof Boolean bool) {
                return bool ? text.equalsIgnoreCase("true") : text.equalsIgnoreCase("false");
            }
            return false;
        }

        private boolean numericallyEqual(Number number) {
            try {
                return new BigDecimal(number.toString()).compareTo(new BigDecimal(text)) == 0;
            } catch (NumberFormatException notNumeric) {
                return false;
            }
        }
    }

    /** {@code is empty}: missing, {@code ""}, an empty list or an empty map. */
    record Empty() implements FieldTest {

        @Override
        public boolean holdsFor(Object value) {
            return value == null
                    || (value instanceof String string && string.isEmpty())
                    || (value instanceof List<?> list && list.isEmpty())
                    || (value instanceof Map<?, ?> map && map.isEmpty());
        }
    }

    /**
     * {@code in} and {@code contains}: a list element equal to the value (as {@link EqualTo} decides), a map
     * key, or a substring of a string.
     */
    record Contains(String element) implements FieldTest {

        @Override
        public boolean holdsFor(Object value) {
            if (value instanceof List<?> list) {
                EqualTo equalToElement = new EqualTo(element);
                return list.stream().anyMatch(equalToElement::holdsFor);
            }
            if (value instanceof Map<?, ?> map) {
                return map.containsKey(element);
            }
            return value instanceof String string && string.contains(element);
        }
    }

    /** {@code matches}: the regex is found (unanchored) in a string, or in some string element of a list. */
    record MatchesPattern(Pattern pattern) implements FieldTest {

        @Override
        public boolean holdsFor(Object value) {
            if (value instanceof List<?> list) {
                return list.stream().anyMatch(this::foundIn);
            }
            return foundIn(value);
        }

        private boolean foundIn(Object value) {
            return value instanceof String string && pattern.matcher(new BoundedText(string)).find();
        }
    }
}
