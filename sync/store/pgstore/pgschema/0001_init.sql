-- The first schema of the PostgreSQL store. Every identity below the venue
-- is scoped by it: events and devices have (venue, ...) primary keys.

CREATE TABLE registry (
	iin    text PRIMARY KEY,
	status text NOT NULL
);

-- A venue row is also the lock that orders a venue's ingest: each batch
-- takes it FOR UPDATE, so the venue's receive numbers (log_seq) are handed
-- out in commit order and a listing cursor never skips a late commit.
CREATE TABLE venues (
	name     text PRIMARY KEY,
	capacity integer NOT NULL DEFAULT 0,
	created  timestamptz NOT NULL,
	entries  bigint NOT NULL DEFAULT 0,
	exits    bigint NOT NULL DEFAULT 0,
	refusals bigint NOT NULL DEFAULT 0,
	lookups  bigint NOT NULL DEFAULT 0,
	log_seq  bigint NOT NULL DEFAULT 0
);

CREATE TABLE events (
	venue    text NOT NULL REFERENCES venues (name),
	id       text NOT NULL,
	n        bigint NOT NULL, -- receive order within the venue
	digest   bytea NOT NULL,  -- SHA-256 of the event: duplicate or conflict
	device   text NOT NULL,
	seq      bigint NOT NULL,
	kind     text NOT NULL,
	received timestamptz NOT NULL,
	body     jsonb NOT NULL,
	PRIMARY KEY (venue, id)
);
CREATE UNIQUE INDEX events_venue_n ON events (venue, n);

CREATE TABLE devices (
	venue     text NOT NULL REFERENCES venues (name),
	device    text NOT NULL,
	received  bigint NOT NULL DEFAULT 0,
	reused    bigint NOT NULL DEFAULT 0,
	lookups   bigint NOT NULL DEFAULT 0,
	last_seen timestamptz NOT NULL,
	have      jsonb NOT NULL, -- received seqs as sorted ranges [{"from":1,"to":9}]
	PRIMARY KEY (venue, device)
);

CREATE TABLE credentials (
	id      text PRIMARY KEY,
	kind    text NOT NULL,
	hash    bytea NOT NULL UNIQUE, -- SHA-256 of the secret, never the secret
	venue   text,
	label   text NOT NULL DEFAULT '',
	created timestamptz NOT NULL,
	revoked timestamptz
);
