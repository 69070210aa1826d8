-- Issue 20: a person nobody could check is recorded with source 'unchecked'
-- (kiosks before it wrote 'none', with a blue nobody had checked), and door
-- staff can let a refused person in: kind 'override'. Both are counted apart.
-- unchecked counts events of any kind from either source; overrides are not
-- entries.

ALTER TABLE venues
	ADD COLUMN IF NOT EXISTS overrides bigint NOT NULL DEFAULT 0,
	ADD COLUMN IF NOT EXISTS unchecked bigint NOT NULL DEFAULT 0;

-- The events stored before this version: their unchecked ones (an older
-- kiosk's 'none') are counted now, once.
UPDATE venues v SET
	overrides = (SELECT count(*) FROM events e WHERE e.venue = v.name AND e.kind = 'override'),
	unchecked = (SELECT count(*) FROM events e WHERE e.venue = v.name AND e.body->>'source' IN ('none', 'unchecked'));
