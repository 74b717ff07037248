-- Idempotency keys are forgotten after sparkport.idempotency.retention: the prune finds them by age.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
