-- A receipt for each erasure asked from the chat: the reference given to the person, the
-- channel and the time. Nothing about the person: it proves the erasure was done, not who.
CREATE TABLE erasure_receipts (
    reference TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    at BIGINT NOT NULL
);
