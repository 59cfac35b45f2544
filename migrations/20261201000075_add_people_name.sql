-- The name reception noted for a person, when they know it: sealed, and found again by keyed
-- hashes of the whole name and of each word (space-separated hex), never in clear.
ALTER TABLE people ADD COLUMN name TEXT;
ALTER TABLE people ADD COLUMN name_keys TEXT;
