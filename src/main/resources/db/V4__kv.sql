-- The KV store (Consul's kvs table) and its graveyard. Keys are case-sensitive and compared as strings;
-- flags hold Consul's unsigned 64-bit value in a signed BIGINT (read back with the same bits).
CREATE TABLE kv (
    kv_key         VARCHAR PRIMARY KEY,
    kv_value       VARBINARY,
    flags          BIGINT NOT NULL,
    session        VARCHAR NOT NULL,
    lock_index     BIGINT NOT NULL,
    create_index   BIGINT NOT NULL,
    modify_index   BIGINT NOT NULL
);
CREATE TABLE kv_tombstones (
    kv_key         VARCHAR PRIMARY KEY,
    delete_index   BIGINT NOT NULL,
    deleted_at_ms  BIGINT NOT NULL
);
