-- The owner's pages (issue 25): what an owner sets for the venue's kiosks,
-- what each kiosk last reported about itself, and the one-time codes that
-- enrol a new kiosk. Only a code's SHA-256 is stored, never the code.

ALTER TABLE venues ADD COLUMN IF NOT EXISTS offline_policy text NOT NULL DEFAULT ''; -- '' leaves it to the kiosks

CREATE TABLE IF NOT EXISTS doors (
	venue       text NOT NULL REFERENCES venues (name),
	device      text NOT NULL,
	mode        text NOT NULL DEFAULT '', -- '' leaves it to the kiosk
	mode_set_by text NOT NULL DEFAULT '',
	mode_set_at timestamptz,
	report      jsonb,                    -- store.DoorReport, the kiosk's latest
	report_at   timestamptz,
	PRIMARY KEY (venue, device)
);

CREATE TABLE IF NOT EXISTS device_enrolments (
	hash       bytea PRIMARY KEY CHECK (length(hash) = 32),
	id         text NOT NULL,
	venue      text NOT NULL REFERENCES venues (name),
	device     text NOT NULL,
	door       text NOT NULL,
	mode       text NOT NULL,
	created_by text NOT NULL,
	created    timestamptz NOT NULL,
	expires    timestamptz NOT NULL,
	used       timestamptz,
	used_by    text NOT NULL DEFAULT '',
	credential text NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS device_enrolments_venue ON device_enrolments (venue, created);
