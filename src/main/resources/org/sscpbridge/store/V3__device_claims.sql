-- Schema 3: which bridge instance a device is registered with (docs/DEPLOYMENT.md, scale-out).
--
-- One row per device: the instance that accepted its latest Register, and when. A phone that
-- registers with another instance (its secondary call manager) is claimed by that one; the instance
-- it left reads the row, sees the claim is no longer its own, and ends its session there (removing
-- only its own SIP contacts). The row is overwritten on every claim, so it always names the newest.
-- Idempotent (H2 commits each DDL statement by itself): a failed run can simply run again.
CREATE TABLE IF NOT EXISTS device_claim (
    device      VARCHAR(64) ${collate_c} NOT NULL,
    instance    VARCHAR(255) NOT NULL,
    claimed_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT device_claim_pk PRIMARY KEY (device)
);
