-- Sessions (Consul's sessions table) and the lock-delays their ends leave on KV keys. A session is never
-- updated in place; a NULL check list is Consul's nil list (printed null), an empty array is [].
CREATE TABLE sessions (
    id              VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    node            VARCHAR NOT NULL,
    lock_delay_ns   BIGINT NOT NULL,
    behavior        VARCHAR NOT NULL,
    ttl             VARCHAR NOT NULL,
    ttl_ns          BIGINT NOT NULL,
    node_checks     VARCHAR ARRAY,
    service_checks  VARCHAR ARRAY,
    checks          VARCHAR ARRAY,
    create_index    BIGINT NOT NULL,
    modify_index    BIGINT NOT NULL
);
CREATE TABLE kv_lock_delays (
    kv_key          VARCHAR PRIMARY KEY,
    until_ms        BIGINT NOT NULL
);
