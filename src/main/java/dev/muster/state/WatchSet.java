package dev.muster.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The change signals of everything one query read (Consul's {@code memdb.WatchSet}). Filled by the state
 * store's read methods. Not thread-safe: one query run fills it, then awaits it once.
 */
public final class WatchSet {
    private final List<ChangeSignal> signals = new ArrayList<>(4);
    private final CompletableFuture<Void> changed = new CompletableFuture<>();
    private final Runnable listener = () -> changed.complete(null);

    void add(ChangeSignal signal) {
        if (!signals.contains(signal)) {
            signals.add(signal);
        }
    }

    /** Completes when any watched key changes. */
    public CompletableFuture<Void> anyChange() {
        for (ChangeSignal s : signals) {
            s.subscribe(listener);
        }
        return changed;
    }

    /** Stops listening (e.g. after a timeout), releasing the subscriptions. */
    public void cancel() {
        for (ChangeSignal s : signals) {
            s.unsubscribe(listener);
        }
    }
}
