-- issue 17: the operator's actions on quarantined files (requeue, handled), append-only, and who did them
-- (the OS user running the command). A quarantined file's history is its dispositions (one per claim,
-- found again by name or SHA-256 when a requeued file comes back under a new claim token) and these rows.
CREATE TABLE dmp.quarantine_action (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    feed         text        NOT NULL,
    claim_token  text        NOT NULL,
    action       text        NOT NULL CHECK (action IN ('REQUEUED', 'HANDLED')),
    os_user      text        NOT NULL,
    comment      text
);
CREATE INDEX quarantine_action_token ON dmp.quarantine_action (claim_token);

-- a quarantine row is closed when its file is requeued or handled
ALTER TABLE dmp.quarantine_entry ADD COLUMN closed_at timestamptz;
ALTER TABLE dmp.quarantine_entry ADD COLUMN closed_as text CHECK (closed_as IN ('REQUEUED', 'HANDLED'));

-- the operator's commands run as the job's role (rules.md R10): they read what the job wrote about a file
-- (reason, detail: never a content) and append actions, never change or delete one
GRANT SELECT, INSERT ON dmp.quarantine_action TO dmp_ingest;
GRANT SELECT ON dmp.quarantine_entry TO dmp_ingest;
GRANT UPDATE (closed_at, closed_as) ON dmp.quarantine_entry TO dmp_ingest;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA dmp TO dmp_ingest;

-- audit --ins names each document by type, date and source file (issue 17): the audit role reads those
-- columns too, still never a title, a content or the classification's evidence
GRANT SELECT (document_uid, type_code, creation_time, source_file) ON dmp.document TO dmp_audit;
