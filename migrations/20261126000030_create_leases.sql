-- What several instances of the service share beside the data itself.
--
-- leases: a named job (a daily purge, the one Telegram poller) is held by one instance at a
-- time until `held_until` (Unix seconds); taking it is one conditional upsert, so two
-- instances never both win.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    held_until BIGINT NOT NULL
);

-- pre_consent: where a conversation stands before the person agreed that their answers be
-- kept, when several instances answer the same person. Keyed by a SHA-256 of the channel and
-- the address (never the address itself); the state is the step, the language, the turn
-- counter and the ids of the last messages with the replies they got: no answer. Deleted at
-- consent, at erasure, and after the idle timeout.
CREATE TABLE pre_consent (
    conv_hash TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX pre_consent_updated ON pre_consent (updated_at);
