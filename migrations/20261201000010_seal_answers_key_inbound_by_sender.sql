-- Every answer's value is sealed now, and so are the codes of sensitive answers: the data key
-- does it, so rows written before are marked here and sealed at the next start with the key
-- (`tremplin serve`, `chat`, or `tremplin migrate` when the key is set).
--
-- A redelivered message is recognised by its channel, its sender and the provider's id
-- together (the same id from two numbers are two messages): `message_key` is a keyed hash of
-- the three (never the address). Rows written before get a placeholder key, filled in at the
-- same start for messages of stored people; the others (before consent, after an erasure)
-- are only kept for their 30 days.
CREATE TABLE inbound_keyed (
    channel TEXT NOT NULL,
    message_key TEXT NOT NULL,
    external_id TEXT NOT NULL,
    person_id TEXT REFERENCES people (id) ON DELETE CASCADE,
    -- The reply sent (sealed), so that a redelivery is answered the same way.
    reply TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (channel, message_key)
);
INSERT INTO inbound_keyed (channel, message_key, external_id, person_id, reply, received_at)
    SELECT channel, 'old.' || external_id, external_id, person_id, reply, received_at FROM inbound;
DROP TABLE inbound;
ALTER TABLE inbound_keyed RENAME TO inbound;
CREATE INDEX inbound_received ON inbound (received_at);
CREATE INDEX inbound_person ON inbound (person_id);

-- What the data key must seal again at the next start ('answers', 'inbound'); emptied by it.
CREATE TABLE reseal_pending (
    what TEXT PRIMARY KEY
);
INSERT INTO reseal_pending (what) VALUES ('answers');
INSERT INTO reseal_pending (what) VALUES ('inbound');
