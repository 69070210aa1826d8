-- The registry's health facts (FactStore, issue 19). A fact is kept by its
-- source's identifier (system|value); a person's facts are found by IIN. The
-- registry table stays: it is each person's recorded colour, the one passes
-- are issued against, locked by every change of a person's facts.

CREATE TABLE facts (
	key      text PRIMARY KEY,  -- identifier system|value
	iin      text NOT NULL,
	digest   bytea NOT NULL,    -- SHA-256 of the content: duplicate or correction
	feeder   text NOT NULL,
	received timestamptz NOT NULL,
	body     jsonb NOT NULL     -- registry.Fact
);
CREATE INDEX facts_iin ON facts (iin);

-- A database from before facts keeps its colours: every colour that is not
-- blue becomes a fact set by hand, now.
INSERT INTO facts (key, iin, digest, feeder, received, body)
SELECT 'manual|' || iin, iin, '\x00'::bytea, 'cli', now(),
	jsonb_build_object('system', 'manual', 'value', iin, 'iin', iin, 'kind', 'manual', 'colour', status,
		'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
FROM registry WHERE status <> 'blue';
