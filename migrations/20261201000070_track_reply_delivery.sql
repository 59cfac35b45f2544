-- A reply a channel sends after the turn is committed (Telegram, whose updates are confirmed
-- before the reply goes out) is kept until the Bot API took it, so that a crash in between
-- does not lose it: the next start sends it. `pending` holds when the reply was committed
-- (Unix milliseconds, the order of a chat's replies) and is emptied once it was delivered, or
-- once it cannot be any more; it stays NULL for a channel whose reply goes back in the
-- webhook's own answer. The reply itself is the row's sealed `reply`.
ALTER TABLE inbound ADD COLUMN pending BIGINT;
CREATE INDEX inbound_pending ON inbound (pending);
