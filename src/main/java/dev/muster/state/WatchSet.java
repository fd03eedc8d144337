package dev.muster.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The change signals of everything one query read (Consul's {@code memdb.WatchSet}). Filled by the state
 * store's read methods, which subscribe while they still hold the read lock, so a signal can never be
 * swept away between the read and the subscription. Not thread-safe: one query run fills it, then awaits
 * or cancels it.
 */
public final class WatchSet {
    private final List<ChangeSignal> signals = new ArrayList<>(4);
    private final List<String> keys = new ArrayList<>(4);
    private final CompletableFuture<Void> changed = new CompletableFuture<>();
    private final Runnable listener = () -> changed.complete(null);

    void add(String key, ChangeSignal signal) {
        if (!signals.contains(signal)) {
            signals.add(signal);
            keys.add(key);
            signal.subscribe(listener);
        }
    }

    /** The keys watched, to watch them again after a change ({@link CatalogState#rewatch}). */
    List<String> keys() {
        return keys;
    }

    /** Completes when any watched key changes. */
    public CompletableFuture<Void> anyChange() {
        return changed;
    }

    /** Stops listening (an answer was sent, or the wait ran out), releasing the subscriptions. */
    public void cancel() {
        for (ChangeSignal s : signals) {
            s.unsubscribe(listener);
        }
    }
}
