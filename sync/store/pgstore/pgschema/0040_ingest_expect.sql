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
