-- Web sessions (the operator's console, the owners' pages), shared by every
-- replica: by the SHA-256 of the session id, never the id itself.
CREATE TABLE sessions (
	hash            bytea PRIMARY KEY,
	credential      text NOT NULL,
	credential_hash bytea NOT NULL,
	kind            text NOT NULL,
	venue           text NOT NULL DEFAULT '',
	created         timestamptz NOT NULL,
	expires         timestamptz NOT NULL,
	last_seen       timestamptz NOT NULL,
	client          text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_credential ON sessions (credential);
CREATE INDEX sessions_expires ON sessions (expires);
