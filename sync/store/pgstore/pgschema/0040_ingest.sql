-- Ingest's usual way (pgstore's ingestFast) plans a batch's rows from a
-- read without a lock, then writes them in one pipeline, each write on
-- condition that the rows it read are unchanged. expect_rows aborts that
-- transaction when a write touched other than the rows planned: SQLSTATE
-- 40001 (serialization_failure), on which Ingest takes the venue's lock
-- and plans again. Nothing is written in part.
CREATE OR REPLACE FUNCTION expect_rows(got bigint, want bigint, what text) RETURNS bigint
LANGUAGE plpgsql AS $$
BEGIN
	IF got <> want THEN
		RAISE EXCEPTION 'ingest: % changed since it was read (% of % rows)', what, got, want
			USING ERRCODE = 'serialization_failure';
	END IF;
	RETURN got;
END
$$;

-- The rows a batch writes name their venue without a foreign key: a check
-- per row (a trigger and a query each, a quarter of a batch's work) for
-- what Ingest already guarantees, since every batch first updates its
-- venue's row in the same transaction (or creates it), and venues are never
-- deleted. The other tables keep theirs.
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_venue_fkey;
ALTER TABLE devices DROP CONSTRAINT IF EXISTS devices_venue_fkey;
ALTER TABLE presence DROP CONSTRAINT IF EXISTS presence_venue_fkey;
ALTER TABLE venue_hours DROP CONSTRAINT IF EXISTS venue_hours_venue_fkey;
