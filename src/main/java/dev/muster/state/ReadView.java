package dev.muster.state;

/** What a read method sees under the read lock: the tables, plus index lookups that also register watches. */
final class ReadView {
    final Tables tables;
    private final WatchSet watchSet;
    private final ChangeSignals signals;

    ReadView(Tables tables, WatchSet watchSet, ChangeSignals signals) {
        this.tables = tables;
        this.watchSet = watchSet;
        this.signals = signals;
    }

    /** The index of {@code key}, watching it when the caller blocks. */
    long watch(String key) {
        if (watchSet != null) {
            watchSet.add(key, signals.signal(key));
        }
        return tables.index(key);
    }
}
