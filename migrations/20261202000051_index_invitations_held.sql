-- Every reception page of the queue says how many invitations are held for want of a free
-- first appointment, by partner (`Store::held_invitation_leads`). That count read every
-- invitation not sent yet, a whole imported list (100,000 rows: more than 100 ms a page);
-- this index holds only the held ones, with all the query reads. Its condition is the query's,
-- word for word (`storage::invitations::send::HELD`): both databases use a partial index
-- only for a query whose condition contains the index's.
CREATE INDEX invitations_held ON invitations (lead, status, sends)
    WHERE status = 'held' AND sends = 0 AND lead IS NOT NULL;
