-- The wallet's one-time enrolment codes (issue 21): one per IIN, only the
-- hash of the code; a new code replaces the old and starts its attempts
-- again. RedeemEnrolCode locks the row (SELECT ... FOR UPDATE), so one
-- redemption of a code wins across every replica.
CREATE TABLE enrol_codes (
    iin          TEXT PRIMARY KEY,
    hash         BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    max_attempts INTEGER NOT NULL CHECK (max_attempts > 0),
    attempts     INTEGER NOT NULL DEFAULT 0,
    used_at      TIMESTAMPTZ
);
