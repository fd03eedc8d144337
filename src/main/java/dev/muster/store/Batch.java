package dev.muster.store;

import java.util.List;

/**
 * The row changes of one group commit: every write of the batch that changed something, in order, each
 * ending with the index entries it set (the global index among them). Immutable.
 */
public record Batch(List<Mutation> mutations) {
    public Batch {
        mutations = List.copyOf(mutations);
    }

    public boolean isEmpty() {
        return mutations.isEmpty();
    }
}
