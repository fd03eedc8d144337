package dev.muster.state;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fires once, at the next change of one key, running every subscribed listener. Unlike a
 * CompletableFuture, a listener can unsubscribe (a blocking query that timed out), so thousands of
 * watchers re-polling a quiet key leave nothing behind. Thread-safe.
 */
final class ChangeSignal {
    private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
    private volatile boolean fired;

    /** Adds a listener; runs it at once when the signal has already fired. */
    void subscribe(Runnable listener) {
        listeners.add(listener);
        if (fired && listeners.remove(listener)) {
            listener.run();
        }
    }

    void unsubscribe(Runnable listener) {
        listeners.remove(listener);
    }

    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    void fire() {
        fired = true;
        for (Runnable listener : listeners) {
            if (listeners.remove(listener)) {
                listener.run();
            }
        }
    }
}
