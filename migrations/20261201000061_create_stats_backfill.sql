-- The statistics' counts (`stats_counts`, migration 60) began with the version that created
-- them: the consented conversations, bookings and call-back requests stored before are added
-- once, by the first start of `tremplin serve` after this migration, which writes this row in
-- the same transaction: it is never done twice, even when several instances start together.
-- From this version on, a count's `day` is the day in Paris (Europe/Paris), not in UTC.
CREATE TABLE stats_backfill (
    id BIGINT PRIMARY KEY,
    -- What was stored before this time (Unix seconds: when migration 60 was applied) was
    -- counted by the back-fill; what came after was counted as it happened.
    before_at BIGINT NOT NULL,
    -- When it was done (on a database that held nothing yet, marked done by the migration run,
    -- with the time the counts began).
    done_at BIGINT NOT NULL,
    -- How many consented conversations, bookings and requests it added (no one named).
    conversations BIGINT NOT NULL,
    bookings BIGINT NOT NULL,
    requests BIGINT NOT NULL
);
