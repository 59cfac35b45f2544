-- A staff message that can still be withdrawn names its booking, so that undoing a
-- cancellation or a no-show within its window removes the message before it is sent.
ALTER TABLE outbox ADD COLUMN booking_id TEXT;
CREATE INDEX outbox_booking ON outbox (booking_id);
-- The status a cancellation or no-show recorded by staff replaced, kept while it can be undone
-- (`updated_at` says since when); emptied by the undo.
ALTER TABLE bookings ADD COLUMN previous_status TEXT;

-- When reception called back a person with an urgent situation; the note is in the audit log
-- and, for a booking, in its history.
ALTER TABLE bookings ADD COLUMN called_back_at BIGINT;
ALTER TABLE booking_requests ADD COLUMN called_back_at BIGINT;
