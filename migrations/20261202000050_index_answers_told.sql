-- The staff queue shows what each listed person said they need, and the kinds of urgency of
-- the urgent ones, from their answers' codes (`Store::people_codes`): their sensitive answers
-- and the ordinary ones with a need's or an urgency's code, a few of the 24 or so answers of
-- a person. This index holds only those answers, with what is read of them, so that a page
-- reads it alone and never the answers' rows (each holding a sealed value), one lookup for each
-- answer of each person listed. Both databases use a partial index only for a query whose
-- condition contains the index's: `people_codes` writes it the same way
-- (`storage::staff::told::TOLD_ANSWERS`).
CREATE INDEX answers_told ON answers (person_id, step, sensitive, codes)
    WHERE sensitive = 1 OR codes LIKE '%besoin:%' OR codes LIKE '%urgent:%';
