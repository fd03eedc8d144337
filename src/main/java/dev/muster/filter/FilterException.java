package dev.muster.filter;

/**
 * Signals that a filter expression could not be parsed; the message says where and why (for example
 * {@code 1:6 (5): no match found, expected: ...}) and carries no API-specific prefix. Instances are immutable.
 */
public final class FilterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the human-readable description of the problem
     */
    public FilterException(String message) {
        super(message);
    }
}
