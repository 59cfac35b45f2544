-- People who consented to their answers being kept, their consents, sessions and answers,
-- inbound message ids (dedupe) and the outbox. Portable SQL for SQLite and PostgreSQL:
-- ids are made by the application, times are integer Unix seconds (UTC), flags are 0/1.

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    -- The lookup key of the address (channel user id or phone number).
    address_key TEXT NOT NULL,
    -- The address itself, for sending.
    address TEXT NOT NULL,
    locale TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_contact_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX people_address ON people (channel, address_key);
CREATE INDEX people_last_contact ON people (last_contact_at);

CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    granted BIGINT NOT NULL,
    -- The Fluent id of the text shown, its locale and the SHA-256 of the exact text.
    text_id TEXT NOT NULL,
    text_locale TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    channel TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX consents_person ON consents (person_id, scope, at);

CREATE TABLE sessions (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    dialogue TEXT NOT NULL,
    revision BIGINT NOT NULL,
    step TEXT NOT NULL,
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX sessions_updated ON sessions (updated_at);

CREATE TABLE answers (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    dialogue TEXT NOT NULL,
    step TEXT NOT NULL,
    value TEXT NOT NULL,
    -- The field's codes, space separated (e.g. "ft-contrainte:23 ft-situation:6").
    codes TEXT NOT NULL,
    sensitive BIGINT NOT NULL,
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (person_id, dialogue, step)
);

CREATE TABLE inbound (
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    person_id TEXT REFERENCES people (id) ON DELETE CASCADE,
    -- The reply sent, so that a redelivery is answered the same way.
    reply TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (channel, external_id)
);
CREATE INDEX inbound_received ON inbound (received_at);
CREATE INDEX inbound_person ON inbound (person_id);

CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    not_before BIGINT NOT NULL,
    sent_at BIGINT,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, not_before);
CREATE INDEX outbox_person ON outbox (person_id);
