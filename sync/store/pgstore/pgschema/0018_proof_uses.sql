-- The used holder proofs (ProofStore, docs/pass-format.md "A live code works
-- once"): each proof id with the first device that used it, remembered
-- until "until" and then pruned. Unlogged: a use is a signal for the doors,
-- not a record, and a status lookup must not wait for the WAL. A crash
-- empties the table and a standby does not have it: for at most one
-- window, a relayed code is then refused only by the kiosk that saw it.

CREATE UNLOGGED TABLE IF NOT EXISTS proof_uses (
	id     bytea PRIMARY KEY CHECK (length(id) = 16),
	venue  text NOT NULL,
	device text NOT NULL DEFAULT '',
	door   text NOT NULL DEFAULT '',
	at     timestamptz NOT NULL,
	until  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS proof_uses_until ON proof_uses (until);
