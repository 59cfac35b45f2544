-- Partners' own systems: the endpoints events go to (signed webhooks, France Travail's partner
-- API), the events (what changed, in order per resource, with nothing about the person: that
-- is read at delivery, and only if the person agreed to share it), one delivery per event and
-- endpoint with what became of it, and France Travail's id of each appointment pushed there.

CREATE TABLE partner_endpoints (
    id TEXT PRIMARY KEY,
    -- 'webhook' or 'france-travail'.
    kind TEXT NOT NULL,
    -- The partner whose events it takes; NULL: every partner's.
    partner TEXT,
    url TEXT NOT NULL,
    -- Sealed; empty for an endpoint set by the environment (its secret stays there).
    secret TEXT NOT NULL,
    -- Space-separated `Model.event` names, or `*`.
    events TEXT NOT NULL,
    active INTEGER NOT NULL,
    -- Why it is off: 'gone' (the receiver answered 410), 'staff', 'unset'.
    off_reason TEXT,
    created_by TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE partner_events (
    id TEXT PRIMARY KEY,
    -- 'Booking', 'Request', 'Orientation', 'Invitation', 'Person', 'Test'.
    model TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    -- 'created', 'updated', 'destroyed'.
    event TEXT NOT NULL,
    -- 'rgpd' for an erasure.
    reason TEXT,
    -- The resource's events in order: 1, 2, 3...
    version BIGINT NOT NULL,
    -- What changed, as codes, times and partners (JSON).
    snapshot TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX partner_events_resource ON partner_events (resource_id, version);
CREATE INDEX partner_events_at ON partner_events (at);

CREATE TABLE partner_deliveries (
    event_id TEXT NOT NULL REFERENCES partner_events (id) ON DELETE CASCADE,
    endpoint_id TEXT NOT NULL REFERENCES partner_endpoints (id) ON DELETE CASCADE,
    resource_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    -- 'pending', 'delivered', 'failed' (given up), 'dropped' (endpoint gone), 'skipped' (not
    -- for this endpoint after all), 'refused' (the partner's API said no, for good).
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_at BIGINT NOT NULL,
    claimed_until BIGINT,
    created_at BIGINT NOT NULL,
    last_at BIGINT,
    -- The receiver's HTTP status, or NULL (no answer).
    last_code BIGINT,
    -- Short and never personal: 'timeout', 'connect', 'S002', 'R001'...
    last_error TEXT,
    PRIMARY KEY (event_id, endpoint_id)
);
CREATE INDEX partner_deliveries_due ON partner_deliveries (next_at) WHERE state = 'pending';
CREATE INDEX partner_deliveries_order ON partner_deliveries (endpoint_id, resource_id, version) WHERE state = 'pending';
CREATE INDEX partner_deliveries_endpoint ON partner_deliveries (endpoint_id, created_at);
CREATE INDEX partner_deliveries_resource ON partner_deliveries (resource_id);

CREATE TABLE france_travail_rdv (
    booking_id TEXT PRIMARY KEY,
    -- France Travail's id of the appointment, for the updates and the deletion.
    ft_id TEXT NOT NULL,
    -- The person's France Travail number (sealed): an erasure must still find them there to
    -- delete the appointment. The row goes once France Travail deleted it.
    usager TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
