-- The data key's check value: a MAC of a constant under the key the data is sealed with, and
-- that key's public id. A start with another key, or without the key while sealed data exists,
-- is refused instead of greeting known people as strangers. One row.
CREATE TABLE data_key_check (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    key_id TEXT NOT NULL,
    check_value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
