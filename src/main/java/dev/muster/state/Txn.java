package dev.muster.state;

import dev.muster.store.Mutation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One write operation inside a group-commit batch, on the writer's private mirror of the tables.
 * Every change is applied at once (so later reads in the same operation see it) and its inverse kept, so
 * a rejected operation or a failed commit can be undone exactly. Confined to the writer thread.
 */
final class Txn {
    final Tables tables;
    /** The index this operation gets if it changes anything. */
    final long index;
    /** The wall clock when the operation runs (tombstones, lock-delays), read once per operation. */
    final long nowMillis;
    /** Canonical copies of repeated values, for the records this operation stores. */
    final Interner intern;
    private final List<Mutation> mutations = new ArrayList<>();
    private final List<Mutation> undo = new ArrayList<>();
    private final Set<String> touched = new LinkedHashSet<>();
    private final Set<String> notified = new LinkedHashSet<>();

    Txn(Tables tables, long index, long nowMillis, Interner intern) {
        this.tables = tables;
        this.index = index;
        this.nowMillis = nowMillis;
        this.intern = intern;
    }

    void put(Mutation m) {
        undo.add(tables.apply(m));
        mutations.add(m);
    }

    /** Marks an index key as changed by this operation. */
    void touch(String indexKey) {
        touched.add(indexKey);
    }

    /** Marks a watch-only key (no index entry) as changed, e.g. one node's or one check state's watchers. */
    void notify(String watchKey) {
        notified.add(watchKey);
    }

    /** Watch-only keys this operation changed; meaningful once it has mutations. */
    Set<String> notified() {
        return notified;
    }

    /** Index entries removed by this operation (e.g. a service name that has no instance left). */
    void removeIndex(String indexKey) {
        touched.remove(indexKey);
        put(new Mutation.SetIndex(indexKey, -1));
    }

    /** Adds the index entries and returns every mutation of this operation (empty when nothing changed). */
    List<Mutation> finish() {
        if (mutations.isEmpty()) {
            return List.of();
        }
        for (String key : touched) {
            put(new Mutation.SetIndex(key, index));
        }
        put(new Mutation.SetIndex(IndexTable.GLOBAL, index));
        return mutations;
    }

    void rollback() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            tables.apply(undo.get(i));
        }
        undo.clear();
        mutations.clear();
        notified.clear();
    }
}
