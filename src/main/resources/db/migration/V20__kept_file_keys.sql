-- issue 16 (leaks 2), rules.md R11, R5, R15: kept files (archive, quarantine) are sealed at rest with a data key
-- of their own claim, kept here wrapped (AES-GCM) under a content key. Deleting the row makes the claim's kept
-- files unreadable at once (crypto-shredding): a deleted document, a dossier deleted or purged, a kept file past
-- its feed's retention. rotate-key re-wraps the rows under the new content key; the files stay as they are.
CREATE TABLE dmp.kept_file_key (
    claim_token  text        PRIMARY KEY,
    feed         text        NOT NULL,
    key_id       text        NOT NULL,   -- the content key that wraps it
    wrapped      bytea       NOT NULL,   -- nonce, ciphertext, tag; bound to the claim token
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- which documents and dossiers a claim's kept file holds (one row per document of the file, stored, duplicate or
-- refused), so that deleting a document or a dossier finds the kept files to shred; no name, no content
CREATE TABLE dmp.kept_file_subject (
    claim_token   text   NOT NULL,
    document_uid  text   NOT NULL,
    dossier_id    bigint,
    CONSTRAINT kept_file_subject_once UNIQUE (claim_token, document_uid)
);
CREATE INDEX kept_file_subject_document ON dmp.kept_file_subject (document_uid);
CREATE INDEX kept_file_subject_dossier ON dmp.kept_file_subject (dossier_id);

-- the claims whose keys a deletion destroyed, kept so that a claim not yet sealed when its document was deleted (a crash
-- between its commit and its move, then an events run) is never sealed under a new key: its clear file is dropped instead
CREATE TABLE dmp.kept_file_shredded (
    claim_token  text        PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now()
);

-- the job makes and reads the keys (it seals and requeues), and destroys them when a deletion, a purge or a
-- retention says so; re-wrapping (rotate-key) is the owner's
GRANT SELECT, INSERT, DELETE ON dmp.kept_file_key TO dmp_ingest;
GRANT SELECT, INSERT, DELETE ON dmp.kept_file_subject TO dmp_ingest;
GRANT SELECT, INSERT ON dmp.kept_file_shredded TO dmp_ingest;

-- the audit trail records who opened a kept file (kept open) and which kept files a retention deleted; the
-- action list is extended as it stands (other migrations may have extended it too)
DO $$
DECLARE
    def text;
BEGIN
    SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint
     WHERE conrelid = 'dmp.audit_event'::regclass AND conname = 'audit_event_action_check';
    IF def IS NOT NULL AND position('KEPT_FILE_OPENED' IN def) = 0 THEN
        EXECUTE 'ALTER TABLE dmp.audit_event DROP CONSTRAINT audit_event_action_check';
        EXECUTE 'ALTER TABLE dmp.audit_event ADD CONSTRAINT audit_event_action_check '
            || replace(def, '''PURGED''::text', '''PURGED''::text, ''KEPT_FILE_OPENED''::text, ''KEPT_FILE_DELETED''::text');
    END IF;
END
$$;
