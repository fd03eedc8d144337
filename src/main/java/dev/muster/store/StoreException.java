package dev.muster.store;

/** A failed read or write of the durable store, naming the operation. Nothing was changed. */
public final class StoreException extends RuntimeException {
    public StoreException(String operation, Throwable cause) {
        super("store: " + operation + " failed: " + cause.getMessage(), cause);
    }
}
