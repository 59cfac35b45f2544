-- The staff queue: upcoming bookings of a territory, urgent first, new before confirmed, by
-- time, read in index order; counts per status and per page from the index alone.
CREATE INDEX bookings_queue ON bookings (territory, urgent DESC, status DESC, starts_at, id);
CREATE INDEX bookings_territory_status ON bookings (territory, status, ends_at);
