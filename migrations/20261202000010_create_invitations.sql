-- Invitations: the lists a Département imports of the people it must orient, each person
-- invited by SMS (or WhatsApp), reminded, and followed to the first appointment.
--
-- What identifies or describes a person is sealed (their number, the Département's reference,
-- the row's data, a reason staff typed) and found again by keyed hashes; only statuses, codes,
-- partner ids, counts and times stay in clear.

-- One import of a list: who, when, and what became of its rows (line numbers and reasons of the
-- refused rows, never their values).
CREATE TABLE invitation_imports (
    id TEXT PRIMARY KEY,
    -- 'cli', or the staff account that uploaded the file.
    by_staff TEXT,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    -- running, done, failed
    status TEXT NOT NULL,
    rows_read BIGINT NOT NULL DEFAULT 0,
    rows_added BIGINT NOT NULL DEFAULT 0,
    rows_updated BIGINT NOT NULL DEFAULT 0,
    rows_unchanged BIGINT NOT NULL DEFAULT 0,
    rows_refused BIGINT NOT NULL DEFAULT 0,
    -- The first refused rows, JSON [[line, "code"], ...].
    refused TEXT,
    -- Why the file as a whole could not be read.
    error TEXT
);
CREATE INDEX invitation_imports_started ON invitation_imports (started_at);

CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    -- The keyed hash of the Département's reference: a re-import finds the same person.
    reference_key TEXT NOT NULL,
    channel TEXT NOT NULL,
    -- The keyed hash of the number, as people.address_key: an answer finds its invitation.
    address_key TEXT NOT NULL,
    address TEXT NOT NULL,
    -- The row as imported (JSON), sealed.
    data TEXT NOT NULL,
    -- A keyed hash of the row as imported: the same row imported again changes nothing.
    data_key TEXT NOT NULL,
    locale TEXT,
    -- The organisation the list names, and the partner the person is likely to be proposed.
    partner TEXT,
    lead TEXT,
    import_id TEXT NOT NULL,
    -- The code of the Telegram link (https://t.me/<bot>?start=<code>).
    code TEXT NOT NULL,
    -- pending, held, invited, reminded, expired, unreachable, started, diagnosed, booked,
    -- seen, noshow, excused, declined, closed
    status TEXT NOT NULL,
    status_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Messages sent: 1 the invitation, then one per reminder.
    sends BIGINT NOT NULL DEFAULT 0,
    first_sent_at BIGINT,
    -- When the next message (or the expiry) is due; NULL: nothing is.
    next_at BIGINT,
    -- A sender claimed it until then (several instances send each message once).
    claimed_until BIGINT,
    -- The person, once they consented (their conversation is theirs from then on).
    person_id TEXT REFERENCES people (id) ON DELETE SET NULL,
    -- Why staff closed it, sealed.
    closed_reason TEXT
);
CREATE UNIQUE INDEX invitations_reference ON invitations (reference_key);
CREATE INDEX invitations_address ON invitations (channel, address_key);
CREATE UNIQUE INDEX invitations_code ON invitations (code);
CREATE INDEX invitations_due ON invitations (next_at);
CREATE INDEX invitations_status ON invitations (status, partner);
CREATE INDEX invitations_import ON invitations (import_id);
CREATE INDEX invitations_person ON invitations (person_id);

-- What happened to an invitation, in order: imported, updated, invited, reminded, expired,
-- failed, started, diagnosed, booked, seen, noshow, excused, declined, held, released,
-- sent-again, stopped, closed. A message sent carries the provider's id and what became of it.
CREATE TABLE invitation_events (
    id TEXT PRIMARY KEY,
    invitation_id TEXT NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    -- The staff account that did it, if staff did.
    by_staff TEXT,
    provider_sid TEXT,
    delivery TEXT,
    delivery_code BIGINT,
    delivery_at BIGINT
);
CREATE INDEX invitation_events_invitation ON invitation_events (invitation_id, at);
CREATE INDEX invitation_events_sid ON invitation_events (provider_sid);
