-- The append-only audit trail (sync/audit, issue 19). Entries are numbered
-- under the audit_counter row's lock, taken by the writing transaction just
-- before it commits, so they become visible in order and "after N" never
-- skips one; nothing but retention (oldest first) ever deletes a row.

CREATE TABLE audit_counter (
	id  integer PRIMARY KEY CHECK (id = 1),
	seq bigint NOT NULL
);
INSERT INTO audit_counter VALUES (1, 0);

CREATE TABLE audit (
	seq     bigint PRIMARY KEY,
	at      timestamptz NOT NULL,
	kind    text NOT NULL,
	actor   text NOT NULL,
	subject text NOT NULL DEFAULT '',
	iin     text NOT NULL DEFAULT '',
	detail  text NOT NULL DEFAULT ''
);
CREATE INDEX audit_iin ON audit (iin, seq) WHERE iin <> '';
CREATE INDEX audit_at ON audit (at);
