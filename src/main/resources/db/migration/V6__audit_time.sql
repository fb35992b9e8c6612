-- The audit trail's time is when the row was written, not when its transaction began: two partitions'
-- transactions interleave, and the patient reads the history in the order things happened (R7).
ALTER TABLE dmp.audit_event ALTER COLUMN at SET DEFAULT clock_timestamp();
