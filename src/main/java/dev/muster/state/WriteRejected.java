package dev.muster.state;

/**
 * A write the state store refused because of what is already stored (e.g. a check for a missing service).
 * Nothing was changed. The message is Consul's text for the same case.
 */
public final class WriteRejected extends RuntimeException {
    public WriteRejected(String message) {
        super(message);
    }
}
