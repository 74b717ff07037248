-- Issue 8: where an SQL job runs (WARM: the pool's SQL engine, BATCH: a driver of its own).
-- Versioned 3.8 so that it sorts between other branches' V3 and V4.
ALTER TABLE jobs ADD COLUMN engine VARCHAR(16);
