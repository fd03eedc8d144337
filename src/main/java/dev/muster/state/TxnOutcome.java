package dev.muster.state;

import java.util.List;

/**
 * What a transaction did: its results (success) or its errors (nothing applied), never both. Immutable.
 *
 * @param results null when the transaction was rolled back
 * @param errors  null on success; else every failing operation, by its 0-based position
 */
public record TxnOutcome(List<TxnResult> results, List<Error> errors) {
    /** Consul's {@code TxnError}: which operation failed and why. */
    public record Error(int opIndex, String what) {
    }

    public boolean failed() {
        return errors != null;
    }
}
