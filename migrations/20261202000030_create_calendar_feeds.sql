-- Private calendar feeds: the coming appointments of a staff account's scope, or of a site,
-- read by calendar clients (Outlook, Thunderbird, phones) at /calendar/<token>.ics without a
-- login. The token is kept only as a keyed hash (HMAC under the data key): a copy of the table
-- opens no feed. Nothing here describes a person.

CREATE TABLE calendar_feeds (
    id TEXT PRIMARY KEY,
    -- The staff account whose appointments the feed holds; NULL for a site's feed.
    account_id TEXT REFERENCES staff_accounts (id) ON DELETE CASCADE,
    -- The site whose appointments the feed holds (as lead or joint site), with its territory;
    -- NULL for an account's feed.
    territory TEXT,
    site TEXT,
    -- The keyed hash of the token in the feed's address.
    token_key TEXT NOT NULL,
    -- The staff account that created (or last renewed) the feed.
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    renewed_at BIGINT,
    last_fetched_at BIGINT
);
CREATE UNIQUE INDEX calendar_feeds_token ON calendar_feeds (token_key);
-- One feed per account and one per site: renewing replaces its token.
CREATE UNIQUE INDEX calendar_feeds_account ON calendar_feeds (account_id) WHERE account_id IS NOT NULL;
CREATE UNIQUE INDEX calendar_feeds_site ON calendar_feeds (territory, site) WHERE site IS NOT NULL;

-- A feed reads the bookings of a site as lead or joint site.
CREATE INDEX bookings_site_start ON bookings (site, starts_at);
CREATE INDEX bookings_with_site ON bookings (with_site, starts_at);
