-- A venue's events counted per UTC hour of their scan time, kept by Ingest
-- under the venue row lock in the batch's transaction: the owner's "today"
-- and an inspector's export read these instead of counting events.
-- unchecked counts the events of people nobody could check, of any kind.

CREATE TABLE IF NOT EXISTS venue_hours (
	venue     text NOT NULL REFERENCES venues (name),
	hour      timestamptz NOT NULL,
	entries   bigint NOT NULL DEFAULT 0,
	exits     bigint NOT NULL DEFAULT 0,
	refusals  bigint NOT NULL DEFAULT 0,
	overrides bigint NOT NULL DEFAULT 0,
	unchecked bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (venue, hour)
);

-- The events stored before this version, counted once.
INSERT INTO venue_hours (venue, hour, entries, exits, refusals, overrides, unchecked)
SELECT venue, date_trunc('hour', (body->>'scanned_at')::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
	count(*) FILTER (WHERE kind = 'entry'), count(*) FILTER (WHERE kind = 'exit'),
	count(*) FILTER (WHERE kind = 'refusal'), count(*) FILTER (WHERE kind = 'override'),
	count(*) FILTER (WHERE body->>'source' IN ('none', 'unchecked'))
FROM events GROUP BY 1, 2
ON CONFLICT (venue, hour) DO NOTHING;
