-- Statistics kept up to date with each turn and each staff action: how many, per day and per
-- dimension that names no one (channel, language, partner, parcours, lead body, and a detail:
-- the step, the status, a delay in whole units). Never a person's id, an address or an answer:
-- an erasure leaves these counts as they are. `day` is days since 1970-01-01 (UTC); `n` is
-- moved by +1/-1 in the transaction that writes what it counts.
CREATE TABLE stats_counts (
    metric TEXT NOT NULL,
    day BIGINT NOT NULL,
    territory TEXT NOT NULL,
    partner TEXT NOT NULL,
    channel TEXT NOT NULL,
    locale TEXT NOT NULL,
    parcours TEXT NOT NULL,
    lead TEXT NOT NULL,
    detail TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (metric, day, territory, partner, channel, locale, parcours, lead, detail)
);

-- A booking keeps the channel and language it was made in, when the person first wrote (their
-- consent), and whether reminders were planned: what its counts are split by, once the person
-- is erased too.
ALTER TABLE bookings ADD COLUMN channel TEXT;
ALTER TABLE bookings ADD COLUMN locale TEXT;
ALTER TABLE bookings ADD COLUMN first_contact_at BIGINT;
ALTER TABLE bookings ADD COLUMN reminded BIGINT NOT NULL DEFAULT 0;
