-- Issue 14: a migrated document takes its legacy record id in the chunk's own INSERT (traceability from the old
-- system, written in the same transaction as the document). V16 re-granted INSERT on dmp.document column by
-- column to the job's role; the legacy record id is metadata like the others, not a state column.
GRANT INSERT (legacy_record_id) ON dmp.document TO dmp_ingest;
