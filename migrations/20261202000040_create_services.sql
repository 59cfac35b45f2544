-- Local services (data·inclusion) a territory imported with `tremplin services import`: what
-- the closing message of the diagnostic proposes near the person for their barriers, and staff
-- see on the person's page. Nothing here is about a person: which services a person was
-- proposed is computed again from their stored barriers, never stored.
CREATE TABLE services (
    -- Who publishes it and its id there: the key of a re-import.
    source TEXT NOT NULL,
    id TEXT NOT NULL,
    -- Where it is, for the search near a person: the commune's INSEE code, the département.
    code_insee TEXT,
    departement TEXT,
    -- 1 when it receives from a distance (`a-distance`).
    remote INTEGER NOT NULL DEFAULT 0,
    -- The service as kept (name, thématiques, address, contact), JSON.
    body TEXT NOT NULL,
    -- When it was imported or last changed (Unix seconds).
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (source, id)
);

CREATE INDEX services_by_commune ON services (code_insee);
CREATE INDEX services_by_departement ON services (departement);
