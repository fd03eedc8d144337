package dev.muster.store;

/** What "committed" means before a write is acknowledged. */
public enum Durability {
    /** The commit is written to the file and fsynced: survives kill -9 and power loss. */
    FSYNC,
    /** The commit is written to the file (the OS page cache): survives kill -9, not power loss. */
    WRITE,
    /** In-memory database ({@code -dev}): nothing survives the process. */
    MEMORY
}
