-- Who is inside each venue (PresenceStore) and the limits that close
-- forgotten visits. Ingest keeps the presence rows and venues.inside under
-- the venue row lock, in the batch's transaction.

ALTER TABLE venues
	ADD COLUMN IF NOT EXISTS inside bigint NOT NULL DEFAULT 0,
	ADD COLUMN IF NOT EXISTS closing_time text NOT NULL DEFAULT '', -- 'HH:MM' in time_zone, '' for none
	ADD COLUMN IF NOT EXISTS time_zone text NOT NULL DEFAULT '',    -- IANA name, '' for UTC
	ADD COLUMN IF NOT EXISTS max_stay_seconds bigint NOT NULL DEFAULT 0;

-- One row per (venue, IIN) ever seen entering or leaving: inside since at,
-- or left at at. A "left" row stays so that a late entry scanned before the
-- exit does not put the person back inside. at_ns is the part of the scan
-- time below PostgreSQL's microsecond, so the order of scans is exact.
CREATE TABLE presence (
	venue    text NOT NULL REFERENCES venues (name),
	iin      text NOT NULL,
	inside   boolean NOT NULL,
	at       timestamptz NOT NULL,
	at_ns    smallint NOT NULL DEFAULT 0,
	entry_id text NOT NULL DEFAULT '',
	PRIMARY KEY (venue, iin)
);
CREATE INDEX presence_open ON presence (venue, at, at_ns) WHERE inside;

-- A database with events from before this version: each person's latest
-- entry or exit by scan time says where they are (a close approximation of
-- replaying every event through the rule).
INSERT INTO presence (venue, iin, inside, at, entry_id)
SELECT venue, iin, kind = 'entry', scanned, CASE WHEN kind = 'entry' THEN id ELSE '' END
FROM (
	SELECT DISTINCT ON (venue, body->>'iin') venue, body->>'iin' AS iin, kind, id,
		(body->>'scanned_at')::timestamptz AS scanned
	FROM events WHERE kind IN ('entry', 'exit')
	ORDER BY venue, body->>'iin', (body->>'scanned_at')::timestamptz DESC, n DESC
) AS latest;
UPDATE venues SET inside = (SELECT count(*) FROM presence p WHERE p.venue = venues.name AND p.inside);
