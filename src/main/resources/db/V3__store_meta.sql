-- The change log lives in write-ahead log files beside the database (<data-dir>/wal/*.log, one record per
-- group-committed batch); these tables hold the state as of the last checkpoint, and this row says up to which
-- log record: start-up = these tables + the log records after checkpoint_seq.
CREATE TABLE store_meta (
    name   VARCHAR PRIMARY KEY,
    num    BIGINT NOT NULL
);
INSERT INTO store_meta (name, num) VALUES ('checkpoint_seq', 0);
