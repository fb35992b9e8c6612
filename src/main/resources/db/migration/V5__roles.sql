-- rules.md R10: least privilege. The migrations run as the schema owner; the job runs as dmp_ingest.
--   dmp_ingest  writes documents, reads only what deduplication, versions and linking need, never contents
--   dmp_reader  reads contents for care systems, writes nothing
--   dmp_audit   reads the audit trail (and the dossier keys to find it), nothing else
-- Roles are cluster-wide: created once, granted again by every migration that adds a table.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dmp_ingest') THEN CREATE ROLE dmp_ingest LOGIN; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dmp_reader') THEN CREATE ROLE dmp_reader LOGIN; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dmp_audit') THEN CREATE ROLE dmp_audit LOGIN; END IF;
END
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA dmp FROM PUBLIC;
GRANT USAGE ON SCHEMA dmp, batch TO dmp_ingest;
GRANT USAGE ON SCHEMA dmp TO dmp_reader, dmp_audit;

-- the job: Spring Batch's repository in full
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA batch TO dmp_ingest;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA batch TO dmp_ingest;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA dmp TO dmp_ingest;

-- dossiers: found by INS, opened, their state changed by events
GRANT SELECT, INSERT, UPDATE ON dmp.dossier, dmp.dossier_opposition TO dmp_ingest;
-- documents: metadata for deduplication and versions; no column holds content
GRANT SELECT, INSERT, UPDATE ON dmp.document TO dmp_ingest;
-- contents: written, never read back (only the hash, to deduplicate and to drop a deleted one's bytes)
GRANT INSERT ON dmp.content TO dmp_ingest;
GRANT SELECT (sha256, key_id, dropped_at) ON dmp.content TO dmp_ingest;
GRANT UPDATE (data, dropped_at) ON dmp.content TO dmp_ingest;
GRANT INSERT, DELETE ON dmp.document_text, dmp.observation TO dmp_ingest;
GRANT SELECT (document_id) ON dmp.document_text TO dmp_ingest;
GRANT SELECT (document_id) ON dmp.observation TO dmp_ingest;
-- the audit trail is append-only: no UPDATE, no DELETE, no reading back
GRANT INSERT ON dmp.audit_event TO dmp_ingest;
GRANT INSERT ON dmp.quarantine_entry TO dmp_ingest;
GRANT SELECT (claim_token, item_index) ON dmp.quarantine_entry TO dmp_ingest;
GRANT SELECT, INSERT, UPDATE ON dmp.disposition, dmp.run_report, dmp.dossier_event TO dmp_ingest;
GRANT SELECT ON dmp.reason_code TO dmp_ingest;

-- care systems read contents; they write nothing
GRANT SELECT ON dmp.dossier, dmp.document, dmp.content, dmp.document_text, dmp.observation TO dmp_reader;

-- the audit role reads the trail, and finds a dossier by INS; never a document's content or metadata text
GRANT SELECT ON dmp.audit_event TO dmp_audit;
GRANT SELECT (id, ins, ins_oid, status, retention_until, emergency_access_opposed, merged_into) ON dmp.dossier TO dmp_audit;
GRANT SELECT (document_uid, confidentiality) ON dmp.document TO dmp_audit;
