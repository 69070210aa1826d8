-- The pass issuer (PassStore): signing keys, issued passes, the deny list.
-- The private key seeds are the issuer's secret: guard the database.

CREATE TABLE issuer_keys (
	kid        text PRIMARY KEY,
	seed       bytea NOT NULL,
	not_before timestamptz NOT NULL,
	not_after  timestamptz -- NULL while the key is current
);

CREATE TABLE passes (
	id          text PRIMARY KEY,
	iin         text NOT NULL,
	kid         text NOT NULL,
	status      text NOT NULL,
	issued_at   timestamptz NOT NULL,
	valid_until timestamptz NOT NULL,
	revoked     text -- a wire.Deny* reason once revoked
);
CREATE INDEX passes_iin ON passes (iin) WHERE revoked IS NULL;

-- One row: the deny list's last sequence number. A revoking transaction
-- takes it FOR UPDATE (by updating it), so deny entries are numbered in
-- commit order across replicas and an incremental reader never skips one.
CREATE TABLE deny_counter (
	id  integer PRIMARY KEY CHECK (id = 1),
	seq bigint NOT NULL
);
INSERT INTO deny_counter VALUES (1, 0);

CREATE TABLE denylist (
	seq     bigint PRIMARY KEY,
	pass_id text NOT NULL,
	reason  text NOT NULL,
	at      timestamptz NOT NULL
);
