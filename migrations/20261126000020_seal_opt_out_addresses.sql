-- Opt-outs keep the address sealed beside its keyed hash, so that a new data key can hash it
-- again (`tremplin rotate-key`). Rows written before have no sealed address.
ALTER TABLE sms_opt_outs ADD COLUMN address TEXT;
