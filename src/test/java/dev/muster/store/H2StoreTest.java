package dev.muster.store;

import java.nio.file.Path;

/** The {@link Store} contract on the embedded H2 store, fsynced as shipped. */
class H2StoreTest extends StoreContractTest {
    @Override
    Store open(Path dir) {
        return H2Store.open(dir, Durability.FSYNC);
    }
}
