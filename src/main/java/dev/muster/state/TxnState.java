package dev.muster.state;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code /v1/txn}: a list of KV, node, service and check operations applied all or nothing ({@link TxnOps}). A
 * transaction of read verbs only never writes and reads one consistent view; any other is one durable write at
 * one index. Thread-safe.
 */
public final class TxnState {
    private final StateStore store;

    TxnState(StateStore store) {
        this.store = store;
    }

    /** True when every operation only reads (the read path: no index, no write, no blocking). */
    public static boolean readOnly(List<TxnOp> ops) {
        return ops.stream().allMatch(TxnOp::reads);
    }

    /** Runs a read-only transaction on the published tables. */
    public TxnOutcome read(List<TxnOp> ops) {
        long now = store.now();
        return store.read(null, v -> TxnOps.read(v.tables, ops, now));
    }

    /** Runs a write transaction; completes with its results, or with its errors when it changed nothing. */
    public CompletableFuture<TxnOutcome> write(List<TxnOp> ops) {
        return store.write(txn -> new TxnOutcome(TxnOps.write(txn, ops), null)).exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TxnOps.Rejected r) {
                return new TxnOutcome(null, r.errors);
            }
            throw e instanceof CompletionException c ? c : new CompletionException(cause);
        });
    }
}
