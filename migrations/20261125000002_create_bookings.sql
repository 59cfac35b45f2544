-- Bookings of first appointments, the slots they hold, their history, waiting requests when
-- no slot fits, and the closures and one-off slots staff add. Slots themselves are computed
-- from the territory's opening patterns; a slot is identified by its key
-- (site/appointment/start/seat) and can be held by one active booking only.

CREATE TABLE bookings (
    id TEXT PRIMARY KEY,
    -- Short reference given to the person, without 0/O or 1/I.
    reference TEXT NOT NULL,
    -- NULL once the person's data is erased (past bookings stay as anonymous counts).
    person_id TEXT REFERENCES people (id) ON DELETE SET NULL,
    -- One booking per question the person answered: a replayed turn finds the same booking.
    request_key TEXT,
    territory TEXT NOT NULL,
    partner TEXT NOT NULL,
    site TEXT NOT NULL,
    with_partner TEXT,
    with_site TEXT,
    appointment TEXT NOT NULL,
    format TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    parcours TEXT,
    lead TEXT,
    urgent BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX bookings_reference ON bookings (reference);
CREATE UNIQUE INDEX bookings_request ON bookings (request_key);
CREATE INDEX bookings_person ON bookings (person_id);
CREATE INDEX bookings_partner_status ON bookings (partner, status, starts_at);

CREATE TABLE booking_slots (
    booking_id TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    slot_key TEXT NOT NULL,
    active BIGINT NOT NULL,
    PRIMARY KEY (booking_id, slot_key)
);
-- No double booking, ever: one active booking per slot.
CREATE UNIQUE INDEX booking_slots_active ON booking_slots (slot_key) WHERE active = 1;

CREATE TABLE booking_events (
    id TEXT PRIMARY KEY,
    booking_id TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    -- 'person', 'system' or a staff account id.
    actor TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX booking_events_booking ON booking_events (booking_id, at);

CREATE TABLE booking_requests (
    id TEXT PRIMARY KEY,
    person_id TEXT REFERENCES people (id) ON DELETE CASCADE,
    territory TEXT NOT NULL,
    partner TEXT NOT NULL,
    parcours TEXT,
    lead TEXT,
    urgent BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX booking_requests_status ON booking_requests (status, created_at);

CREATE TABLE slot_closures (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    reason TEXT,
    created_by TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX slot_closures_site ON slot_closures (site, starts_at);

CREATE TABLE slot_extras (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    appointment TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    seats BIGINT NOT NULL,
    created_by TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX slot_extras_site ON slot_extras (site, starts_at);

-- The outbox worker leases a row while it sends it, so that several workers (or a restarted
-- one) never send the same message twice.
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
