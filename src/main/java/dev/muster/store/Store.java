package dev.muster.store;

/**
 * The durable copy of the registry, below the state layer: read once at start, then written by the state
 * store's single writer thread, one group-committed batch at a time. The state layer, blocking queries, the
 * agent and the renderer do not know which implementation they run on.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #load()} returns everything committed before, as one consistent snapshot; its global index
 *       ({@link Snapshot#index()}) is never below any index a committed batch carried.</li>
 *   <li>{@link #commit(Batch)} returns only once the whole batch is durable as the store was opened to
 *       promise ({@link Durability}); if it throws, nothing of the batch is durable, unless the exception is
 *       {@linkplain StoreException#fatal() fatal} (the durable state is unknown and the caller must stop
 *       writing). Batches are applied in the order committed; a batch's mutations in list order.</li>
 *   <li>Applying the same mutation twice leaves the same state as once (upserts and deletes by key), so a
 *       replay after a crash can never double anything.</li>
 * </ul>
 *
 * <p>Today's implementation is {@link H2Store} (embedded H2, one node). The multi-node PostgreSQL store of
 * the HA design will add tailing other nodes' commits and a leader lease here; see src/docs/design.md.
 * Not thread-safe: one writer after start-up.
 */
public interface Store extends AutoCloseable {
    /** Everything committed so far (start-up only). */
    Snapshot load();

    /** Makes the batch durable, all or nothing, before returning. An empty batch is a no-op. */
    void commit(Batch batch);

    /**
     * Housekeeping that no write waits for (H2: folding its change log into its tables), called by the writer
     * after it has answered a batch, and with {@code idle} when no write is pending. Bounded in time; never
     * throws for a failure that loses nothing (it reports it and retries at the next call).
     */
    void maintain(boolean idle);

    @Override
    void close();
}
