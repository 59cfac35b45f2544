-- Which older versions may still run against this database. Migrations add (tables, columns
-- with a default or NULL, indexes) and so leave the previous version working: a version that
-- finds migrations it does not know, applied by a newer one, starts anyway. A migration that
-- removes or changes what an older version reads or writes (a "contract" migration, shipped
-- once no supported version uses it) inserts here the oldest migration a version must know to
-- run with it; a version that does not know that migration refuses to start and says so.
CREATE TABLE schema_floor (
    -- A version must know this migration (its number) to run against the database.
    version BIGINT PRIMARY KEY,
    -- What changed, for the message of a refused start (no personal data).
    reason TEXT NOT NULL
);
