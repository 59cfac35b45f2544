-- Staff accounts of the dashboard, their sessions, login throttling, the audit log, and the
-- opening patterns staff add to (or remove from) a site's weekly openings.

CREATE TABLE staff_accounts (
    id TEXT PRIMARY KEY,
    -- Lower-cased.
    email TEXT NOT NULL,
    -- 'admin', 'reception' or 'advisor'.
    role TEXT NOT NULL,
    -- The territory file id (reception, advisor) and partner id (advisor).
    territory TEXT,
    partner TEXT,
    -- Argon2id PHC string; NULL until the account is set up.
    password_hash TEXT,
    -- SHA-256 of the one-time setup token, and until when it works.
    setup_hash TEXT,
    setup_expires_at BIGINT,
    locale TEXT NOT NULL DEFAULT 'fr',
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX staff_accounts_email ON staff_accounts (email);
CREATE UNIQUE INDEX staff_accounts_setup ON staff_accounts (setup_hash);

CREATE TABLE staff_sessions (
    -- SHA-256 of the cookie value: a copy of the table opens no session.
    id_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX staff_sessions_account ON staff_sessions (account_id);

-- Failed logins per client address, in a sliding window.
CREATE TABLE staff_login_failures (
    ip TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    window_start BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    -- The staff account id ('system' for the command line).
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    booking_id TEXT,
    person_id TEXT,
    -- What else says what happened (a reason, a filter): never a contact address.
    detail TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, at);
CREATE INDEX audit_log_person ON audit_log (person_id, at);

-- Opening patterns added from the dashboard ('add') and patterns of the territory file
-- switched off ('remove', with the pattern's position in the file).
CREATE TABLE site_openings (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    op TEXT NOT NULL,
    file_index BIGINT,
    -- Space-separated day names: 'mon tue'.
    days TEXT NOT NULL,
    from_time TEXT NOT NULL,
    to_time TEXT NOT NULL,
    appointment TEXT NOT NULL,
    seats BIGINT NOT NULL,
    created_by TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX site_openings_site ON site_openings (site);

-- The queue reads bookings by territory and start, and waiting requests by partner.
CREATE INDEX bookings_territory_start ON bookings (territory, starts_at);
CREATE INDEX bookings_with_partner ON bookings (with_partner, status);
CREATE INDEX booking_requests_partner ON booking_requests (partner, status);
