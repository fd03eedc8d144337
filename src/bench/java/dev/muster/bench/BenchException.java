package dev.muster.bench;

/** A benchmark step that cannot go on (a process did not start, a tool failed); ends the scenario. */
final class BenchException extends RuntimeException {
    BenchException(String message) {
        super(message);
    }

    BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
