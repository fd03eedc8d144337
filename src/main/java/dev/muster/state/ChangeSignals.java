package dev.muster.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link ChangeSignal} per watch key that fires at the next change of that key — the Java form of
 * memdb watch channels. Thread-safe; readers take and subscribe to signals under the state store's read
 * lock, and the writer detaches and sweeps them under the write lock, so no change can slip between a
 * read and its signal, and signals nobody listens to any more (timed-out queries on quiet or missing
 * keys) do not pile up.
 */
final class ChangeSignals {
    private static final int SWEEP_FLOOR = 1024;

    private final ConcurrentHashMap<String, ChangeSignal> signals = new ConcurrentHashMap<>();
    private int sweepAt = SWEEP_FLOOR;

    /** Call under the read (or write) lock. */
    ChangeSignal signal(String key) {
        return signals.computeIfAbsent(key, k -> new ChangeSignal());
    }

    /** Detaches the signals of {@code keys}; the caller fires them after releasing the write lock. */
    List<ChangeSignal> detach(Collection<String> keys) {
        List<ChangeSignal> fired = new ArrayList<>();
        for (String key : keys) {
            ChangeSignal s = signals.remove(key);
            if (s != null) {
                fired.add(s);
            }
        }
        return fired;
    }

    List<ChangeSignal> detachAll() {
        return detach(List.copyOf(signals.keySet()));
    }

    /** Under the write lock: drops signals without listeners once the map has doubled since the last sweep. */
    void sweepIfGrown() {
        if (signals.size() < sweepAt) {
            return;
        }
        signals.values().removeIf(s -> !s.hasListeners());
        sweepAt = Math.max(SWEEP_FLOOR, signals.size() * 2);
    }

    int size() {
        return signals.size();
    }
}
