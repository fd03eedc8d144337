package dev.muster.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link ChangeSignal} per index key that fires at the next change of that key — the Java form of
 * memdb watch channels. A signal exists only while somebody may wait on it. Thread-safe; readers take
 * signals under the state store's read lock and the writer detaches them under the write lock, so no
 * change can slip between a read and its signal.
 */
final class ChangeSignals {
    private final ConcurrentHashMap<String, ChangeSignal> signals = new ConcurrentHashMap<>();

    ChangeSignal signal(String key) {
        return signals.computeIfAbsent(key, k -> new ChangeSignal());
    }

    /** Detaches the signals of {@code keys}; the caller fires them after releasing the lock. */
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
}
