-- issue 14 part 3: a legacy migration proves that every record of the export reached the record or was
-- refused for a reason. The manifest beside the export is kept line by line with the state the last
-- reconciliation gave it (built from the dispositions, so it survives a kill -9 and spans runs).
CREATE TABLE dmp.migration_manifest_line (
    feed               text        NOT NULL,
    file_name          text        NOT NULL,
    line_no            integer     NOT NULL CHECK (line_no > 1),   -- line 1 is the header
    legacy_record_id   text        NOT NULL CHECK (length(legacy_record_id) BETWEEN 1 AND 200),
    sha256             char(64)    NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    ins                varchar(15) CHECK (ins IS NULL OR dmp.ins_is_valid(ins)),
    expected_documents integer     CHECK (expected_documents IS NULL OR expected_documents >= 0),
    loaded_at          timestamptz NOT NULL DEFAULT now(),
    state              text        NOT NULL DEFAULT 'missing'
        CHECK (state IN ('stored', 'duplicate', 'quarantined', 'missing', 'checksum-mismatch')),
    reason             text        REFERENCES dmp.reason_code (code),
    claim_token        text,       -- the disposition the state comes from
    documents          integer,
    reconciled_in      bigint,     -- the job execution whose reconciliation set the state
    PRIMARY KEY (feed, file_name),
    CONSTRAINT migration_manifest_record_once UNIQUE (feed, legacy_record_id),
    CHECK ((state = 'quarantined') = (reason IS NOT NULL))
);

-- traceability from the old system to the stored document; set by the reconciliation
ALTER TABLE dmp.document ADD COLUMN legacy_record_id text;

-- rules.md R10: the job writes and reads the manifest and the legacy id; the audit role reads the legacy
-- id beside the document id it already reads (audit --ins shows it), nothing else of the manifest
GRANT SELECT, INSERT, UPDATE ON dmp.migration_manifest_line TO dmp_ingest;
GRANT SELECT (legacy_record_id), UPDATE (legacy_record_id) ON dmp.document TO dmp_ingest;
GRANT SELECT (legacy_record_id) ON dmp.document TO dmp_audit;
