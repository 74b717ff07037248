-- Issue 8: where an SQL job runs (WARM: the pool's SQL engine, BATCH: a driver of its own).
-- Versioned 20.8: after main's V20 (pool timeline), before any V21 of another branch.
ALTER TABLE jobs ADD COLUMN engine VARCHAR(16);
