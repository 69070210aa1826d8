-- A venue may take only passes whose holder proof names it
-- (docs/pass-format.md); its kiosks learn it with the occupancy.

ALTER TABLE venues ADD COLUMN IF NOT EXISTS require_venue_proof boolean NOT NULL DEFAULT false;
