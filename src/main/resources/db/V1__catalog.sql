-- Durable copy of the catalog. Read once at start-up; every write lands here before it is acknowledged.
-- *_key columns hold case-folded names (Consul matches node, service and check IDs case-insensitively).
CREATE TABLE nodes (
    node_key       VARCHAR PRIMARY KEY,
    id             VARCHAR NOT NULL,
    name           VARCHAR NOT NULL,
    address        VARCHAR NOT NULL,
    datacenter     VARCHAR NOT NULL,
    tagged_keys    VARCHAR ARRAY NOT NULL,
    tagged_values  VARCHAR ARRAY NOT NULL,
    meta_keys      VARCHAR ARRAY NOT NULL,
    meta_values    VARCHAR ARRAY NOT NULL,
    create_index   BIGINT NOT NULL,
    modify_index   BIGINT NOT NULL
);

CREATE TABLE services (
    node_key       VARCHAR NOT NULL,
    service_key    VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    id             VARCHAR NOT NULL,
    name           VARCHAR NOT NULL,
    tags           VARCHAR ARRAY NOT NULL,
    address        VARCHAR NOT NULL,
    tagged_keys    VARCHAR ARRAY NOT NULL,
    tagged_addrs   VARCHAR ARRAY NOT NULL,
    tagged_ports   INTEGER ARRAY NOT NULL,
    meta_keys      VARCHAR ARRAY NOT NULL,
    meta_values    VARCHAR ARRAY NOT NULL,
    port           INTEGER NOT NULL,
    weight_passing INTEGER NOT NULL,
    weight_warning INTEGER NOT NULL,
    tag_override   BOOLEAN NOT NULL,
    create_index   BIGINT NOT NULL,
    modify_index   BIGINT NOT NULL,
    PRIMARY KEY (node_key, service_key)
);

CREATE TABLE checks (
    node_key       VARCHAR NOT NULL,
    check_key      VARCHAR NOT NULL,
    node           VARCHAR NOT NULL,
    check_id       VARCHAR NOT NULL,
    name           VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,
    notes          VARCHAR NOT NULL,
    output         VARCHAR NOT NULL,
    service_id     VARCHAR NOT NULL,
    service_name   VARCHAR NOT NULL,
    service_tags   VARCHAR ARRAY NOT NULL,
    type           VARCHAR NOT NULL,
    def_http       VARCHAR NOT NULL,
    def_tcp        VARCHAR NOT NULL,
    def_udp        VARCHAR NOT NULL,
    def_grpc       VARCHAR NOT NULL,
    def_method     VARCHAR NOT NULL,
    def_body       VARCHAR NOT NULL,
    def_tls_skip   BOOLEAN NOT NULL,
    def_header     VARCHAR ARRAY NOT NULL,
    def_interval   BIGINT,
    def_timeout    BIGINT,
    def_ttl        BIGINT,
    def_dcsa       BIGINT,
    create_index   BIGINT NOT NULL,
    modify_index   BIGINT NOT NULL,
    PRIMARY KEY (node_key, check_key)
);

-- Consul's index table: the last index at which each table/key changed, plus the global index.
CREATE TABLE index_entries (
    name           VARCHAR PRIMARY KEY,
    idx            BIGINT NOT NULL
);
