package dev.muster.store;

/**
 * A failed read or write of the durable store, naming the operation. After an ordinary failure nothing
 * was changed. A {@linkplain #fatal() fatal} one (fsync failed after a commit) leaves the durable state
 * unknown, so the caller must stop writing, like PostgreSQL and etcd do.
 */
public final class StoreException extends RuntimeException {
    private final boolean fatal;

    public StoreException(String operation, Throwable cause) {
        this(operation, cause, false);
    }

    public StoreException(String operation, Throwable cause, boolean fatal) {
        super("store: " + operation + " failed: " + cause.getMessage(), cause);
        this.fatal = fatal;
    }

    public boolean fatal() {
        return fatal;
    }
}
