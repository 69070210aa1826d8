-- An event's scan time as a column with an index, for the owner's visits
-- and an inspector's export of a period (EventsBetween). Ingest fills it.

ALTER TABLE events ADD COLUMN IF NOT EXISTS scanned timestamptz;
UPDATE events SET scanned = (body->>'scanned_at')::timestamptz WHERE scanned IS NULL;
ALTER TABLE events ALTER COLUMN scanned SET NOT NULL;
CREATE INDEX IF NOT EXISTS events_venue_scanned ON events (venue, scanned, n);
