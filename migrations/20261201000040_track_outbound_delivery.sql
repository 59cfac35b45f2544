-- What became of each message the outbox sent, as the provider reports it in its status
-- callbacks, and the numbers staff must check. None of it is personal: the provider's message
-- id, a status word, a numeric error code and times.
--
-- outbox.message: the Fluent message a text was written from (its id and arguments, JSON),
--   so that it can go as an approved WhatsApp template outside the 24-hour window.
-- outbox.provider_sid: the provider's id of the message sent (MessageSid), which the status
--   callbacks name.
-- outbox.delivery: queued, sent, delivered, read, undelivered, failed, or no-template (a
--   WhatsApp message that needed a template the deployment does not declare).
-- outbox.delivery_code: the provider's error code of a failure (ErrorCode).
ALTER TABLE outbox ADD COLUMN message TEXT;
ALTER TABLE outbox ADD COLUMN provider_sid TEXT;
ALTER TABLE outbox ADD COLUMN delivery TEXT;
ALTER TABLE outbox ADD COLUMN delivery_code BIGINT;
ALTER TABLE outbox ADD COLUMN delivery_at BIGINT;
CREATE INDEX outbox_provider_sid ON outbox (provider_sid);

-- A number the provider reported as unknown or unreachable for good: nothing more is sent to
-- it until the person writes again, and staff see the flag on the person's bookings.
ALTER TABLE people ADD COLUMN unreachable_at BIGINT;
ALTER TABLE people ADD COLUMN unreachable_code BIGINT;
