-- Numbers that answered STOP: nothing is sent to them until they answer START. Kept even
-- for people who never consented to anything else, as the opt-out itself must be honoured.
CREATE TABLE sms_opt_outs (
    channel TEXT NOT NULL,
    address_key TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (channel, address_key)
);
