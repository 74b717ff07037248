-- Issue 16: the public id of a job on the Kyuubi batch surface, a UUID. New jobs get a random one, or the
-- client's kyuubi.batch.id; jobs stored before get one made from their seq (valid UUID text, version 8).
ALTER TABLE jobs ADD COLUMN batch_id VARCHAR(36);
UPDATE jobs SET batch_id = '00000000-0000-8000-8000-' || LPAD(CAST(seq AS VARCHAR(12)), 12, '0');
CREATE UNIQUE INDEX jobs_batch_id ON jobs (batch_id);
