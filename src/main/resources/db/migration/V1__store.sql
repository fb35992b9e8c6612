-- dmp-ingest store. Spring Batch's job repository lives in schema "batch", the documents in "dmp".
-- Constraints sit in the database where they belong: a bug in the pipeline must not be able to store
-- a malformed INS, an unknown reason code or a second dossier for one INS (rules.md R1).

-- both schemas are created by Flyway (spring.flyway.schemas)

-- ins.md: 13-character number + key = 97 - (N mod 97), 2A -> 19 and 2B -> 18 in positions 6-7
CREATE FUNCTION dmp.ins_is_valid(m text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$
SELECT CASE
           WHEN m ~ '^[0-9]{5}([0-9]{2}|2A|2B)[0-9]{8}$' THEN
               97 - (overlay(substr(m, 1, 13) placing
                             CASE substr(m, 6, 2) WHEN '2A' THEN '19' WHEN '2B' THEN '18' ELSE substr(m, 6, 2) END
                             from 6 for 2)::bigint % 97) = substr(m, 14, 2)::int
           ELSE false
           END
$$;

CREATE TABLE dmp.dossier (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ins              varchar(15) NOT NULL CHECK (dmp.ins_is_valid(ins)),
    ins_oid          text        NOT NULL CHECK (ins_oid IN ('1.2.250.1.213.1.4.8', '1.2.250.1.213.1.4.9',
                                                             '1.2.250.1.213.1.4.10', '1.2.250.1.213.1.4.11')),
    birth_name       text,
    first_names      text,        -- space-separated, the usual first name first (ins.md)
    sex              char(1) CHECK (sex IN ('M', 'F', 'U')),
    birth_date       date,
    birth_place      varchar(5),  -- INSEE code of the birth place
    identity_status  text CHECK (identity_status IN ('PROV', 'RECUP', 'VALI', 'QUAL')),
    status           text        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED', 'DECEASED')),
    created_by_feed  text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dossier_one_per_ins UNIQUE (ins, ins_oid) -- rules.md R1
);

-- document contents, once per SHA-256: a document and its embedded copy are one blob
CREATE TABLE dmp.content (
    sha256      char(64)    PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    media_type  text        NOT NULL,
    size_bytes  bigint      NOT NULL CHECK (size_bytes >= 0),
    data        bytea       NOT NULL,
    stored_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dmp.document (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_uid        text        NOT NULL,
    dossier_id          bigint      NOT NULL REFERENCES dmp.dossier (id),
    set_id              text,
    version_number      integer CHECK (version_number > 0),
    replaces_id         bigint REFERENCES dmp.document (id),
    status              text        NOT NULL DEFAULT 'CURRENT' CHECK (status IN ('CURRENT', 'REPLACED', 'DELETED')),
    type_code           text        NOT NULL,
    type_code_system    text        NOT NULL,
    class_code          text        NOT NULL CHECK (class_code ~ '^[0-9]{2}$'),
    format_code         text,       -- null when no CI-SIS formatCode applies (HL7 v2 / HPRIM kept as such, codes.md)
    source_format       text        NOT NULL CHECK (source_format IN ('hl7v2', 'cda', 'pdf', 'hprim')),
    mime_type           text        NOT NULL,
    title               text,
    author_institution  text        NOT NULL,
    creation_time       timestamptz NOT NULL,
    confidentiality     text[]      NOT NULL DEFAULT '{N}',
    source_feed         text        NOT NULL,
    source_file         text        NOT NULL,
    source_item         integer     NOT NULL CHECK (source_item > 0),
    sender_app          text,
    sender_facility     text,
    message_control_id  text,
    identity_status     text CHECK (identity_status IN ('PROV', 'RECUP', 'VALI', 'QUAL')),
    content_sha256      char(64)    NOT NULL REFERENCES dmp.content (sha256) DEFERRABLE INITIALLY DEFERRED,
    size_bytes          bigint      NOT NULL CHECK (size_bytes >= 0),
    classification      jsonb       NOT NULL,
    job_execution_id    bigint      NOT NULL,
    stored_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT document_uid_unique UNIQUE (document_uid)
);
CREATE INDEX document_dossier_idx ON dmp.document (dossier_id);
CREATE INDEX document_content_idx ON dmp.document (content_sha256);

CREATE TABLE dmp.document_text (
    document_id  bigint PRIMARY KEY REFERENCES dmp.document (id),
    text         text NOT NULL
);

-- one row per OBX (HL7 v2) or HPRIM result line
CREATE TABLE dmp.observation (
    document_id      bigint  NOT NULL REFERENCES dmp.document (id),
    seq              integer NOT NULL CHECK (seq > 0),
    value_type       text,
    code             text,
    code_system      text,
    display          text,
    value            text,
    numeric_value    numeric,
    unit             text,
    reference_range  text,
    abnormal_flags   text,
    result_status    text,
    observed_at      timestamptz,
    PRIMARY KEY (document_id, seq)
);

-- rules.md R7: every action on a dossier, append-only, never the document's content
CREATE TABLE dmp.audit_event (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at                timestamptz NOT NULL DEFAULT now(),
    action            text        NOT NULL CHECK (action IN ('STORED', 'DUPLICATE', 'REJECTED', 'REPLACED', 'MASKED',
                                                             'UNMASKED', 'DELETED', 'CLOSED', 'REOPENED', 'DEATH',
                                                             'OPPOSITION', 'OPPOSITION_WITHDRAWN', 'MERGED',
                                                             'IDENTITY_UPDATED', 'CREATED')),
    feed              text,
    sender_org        text,
    job_execution_id  bigint,
    dossier_id        bigint,
    document_uid      text,
    reason            text,
    detail            text
);
CREATE INDEX audit_event_dossier_idx ON dmp.audit_event (dossier_id, at);

CREATE FUNCTION dmp.refuse_change() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON dmp.audit_event
    FOR EACH ROW EXECUTE FUNCTION dmp.refuse_change();

-- reasons.md: codes are an API; this list only grows
CREATE TABLE dmp.reason_code (
    code text PRIMARY KEY
);
INSERT INTO dmp.reason_code (code)
VALUES ('FORMAT_UNSUPPORTED'), ('FORMAT_CORRUPT'), ('PDF_ENCRYPTED'), ('TOO_LARGE'), ('UNSAFE_CONTENT'),
       ('ENCODING_INVALID'), ('INS_MISSING'), ('INS_INVALID'), ('INS_UNKNOWN_OID'), ('IDENTITY_NOT_QUALIFIED'),
       ('IDENTITY_MISMATCH'), ('DOSSIER_UNKNOWN'), ('DOSSIER_CLOSED'), ('PATIENT_DECEASED'), ('DOSSIER_OPPOSITION'),
       ('METADATA_MISSING'), ('DATE_INVALID'), ('TYPE_UNKNOWN'), ('VERSION_CONFLICT'), ('INTERNAL_ERROR');

CREATE TABLE dmp.quarantine_entry (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feed              text        NOT NULL,
    claim_token       text        NOT NULL,
    file_name         text        NOT NULL,
    sha256            char(64),
    item_index        integer     NOT NULL CHECK (item_index >= 0),
    reason            text        NOT NULL REFERENCES dmp.reason_code (code),
    detail            text        NOT NULL,
    job_execution_id  bigint      NOT NULL,
    at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT quarantine_entry_once UNIQUE (claim_token, item_index)
);

-- shared/design.md: the outcome of each claimed file, committed with its documents; after a crash a
-- claimed file with a disposition is only moved, one without is processed again
CREATE TABLE dmp.disposition (
    claim_token       text        PRIMARY KEY,
    feed              text        NOT NULL,
    original_name     text        NOT NULL,
    companion_name    text,
    sha256            char(64),
    size_bytes        bigint      NOT NULL CHECK (size_bytes >= 0),
    outcome           text        NOT NULL CHECK (outcome IN ('STORED', 'DUPLICATE', 'QUARANTINED')),
    primary_reason    text REFERENCES dmp.reason_code (code),
    items             jsonb       NOT NULL,
    job_execution_id  bigint      NOT NULL,
    decided_at        timestamptz NOT NULL,
    reported_in       bigint,     -- the job execution whose report counted this file
    CHECK ((outcome = 'QUARANTINED') = (primary_reason IS NOT NULL))
);
CREATE INDEX disposition_unreported_idx ON dmp.disposition (feed) WHERE reported_in IS NULL;

-- one report per job execution, kept so that a run killed before writing its file is still counted
CREATE TABLE dmp.run_report (
    job_execution_id  bigint PRIMARY KEY,
    feed              text        NOT NULL,
    report            jsonb       NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- Spring Batch 6 job repository (schema-postgresql.sql of spring-batch-core 6.0), in its own schema
CREATE TABLE batch.BATCH_JOB_INSTANCE (
    JOB_INSTANCE_ID BIGINT NOT NULL PRIMARY KEY,
    VERSION BIGINT,
    JOB_NAME VARCHAR(100) NOT NULL,
    JOB_KEY VARCHAR(32) NOT NULL,
    constraint JOB_INST_UN unique (JOB_NAME, JOB_KEY)
);

CREATE TABLE batch.BATCH_JOB_EXECUTION (
    JOB_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY,
    VERSION BIGINT,
    JOB_INSTANCE_ID BIGINT NOT NULL,
    CREATE_TIME TIMESTAMP NOT NULL,
    START_TIME TIMESTAMP DEFAULT NULL,
    END_TIME TIMESTAMP DEFAULT NULL,
    STATUS VARCHAR(10),
    EXIT_CODE VARCHAR(2500),
    EXIT_MESSAGE VARCHAR(2500),
    LAST_UPDATED TIMESTAMP,
    constraint JOB_INST_EXEC_FK foreign key (JOB_INSTANCE_ID) references batch.BATCH_JOB_INSTANCE (JOB_INSTANCE_ID)
);

CREATE TABLE batch.BATCH_JOB_EXECUTION_PARAMS (
    JOB_EXECUTION_ID BIGINT NOT NULL,
    PARAMETER_NAME VARCHAR(100) NOT NULL,
    PARAMETER_TYPE VARCHAR(100) NOT NULL,
    PARAMETER_VALUE VARCHAR(2500),
    IDENTIFYING CHAR(1) NOT NULL,
    constraint JOB_EXEC_PARAMS_FK foreign key (JOB_EXECUTION_ID) references batch.BATCH_JOB_EXECUTION (JOB_EXECUTION_ID)
);

CREATE TABLE batch.BATCH_STEP_EXECUTION (
    STEP_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY,
    VERSION BIGINT NOT NULL,
    STEP_NAME VARCHAR(100) NOT NULL,
    JOB_EXECUTION_ID BIGINT NOT NULL,
    CREATE_TIME TIMESTAMP NOT NULL,
    START_TIME TIMESTAMP DEFAULT NULL,
    END_TIME TIMESTAMP DEFAULT NULL,
    STATUS VARCHAR(10),
    COMMIT_COUNT BIGINT,
    READ_COUNT BIGINT,
    FILTER_COUNT BIGINT,
    WRITE_COUNT BIGINT,
    READ_SKIP_COUNT BIGINT,
    WRITE_SKIP_COUNT BIGINT,
    PROCESS_SKIP_COUNT BIGINT,
    ROLLBACK_COUNT BIGINT,
    EXIT_CODE VARCHAR(2500),
    EXIT_MESSAGE VARCHAR(2500),
    LAST_UPDATED TIMESTAMP,
    constraint JOB_EXEC_STEP_FK foreign key (JOB_EXECUTION_ID) references batch.BATCH_JOB_EXECUTION (JOB_EXECUTION_ID)
);

CREATE TABLE batch.BATCH_STEP_EXECUTION_CONTEXT (
    STEP_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY,
    SHORT_CONTEXT VARCHAR(2500) NOT NULL,
    SERIALIZED_CONTEXT TEXT,
    constraint STEP_EXEC_CTX_FK foreign key (STEP_EXECUTION_ID) references batch.BATCH_STEP_EXECUTION (STEP_EXECUTION_ID)
);

CREATE TABLE batch.BATCH_JOB_EXECUTION_CONTEXT (
    JOB_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY,
    SHORT_CONTEXT VARCHAR(2500) NOT NULL,
    SERIALIZED_CONTEXT TEXT,
    constraint JOB_EXEC_CTX_FK foreign key (JOB_EXECUTION_ID) references batch.BATCH_JOB_EXECUTION (JOB_EXECUTION_ID)
);

CREATE SEQUENCE batch.BATCH_STEP_EXECUTION_SEQ MAXVALUE 9223372036854775807 NO CYCLE;
CREATE SEQUENCE batch.BATCH_JOB_EXECUTION_SEQ MAXVALUE 9223372036854775807 NO CYCLE;
CREATE SEQUENCE batch.BATCH_JOB_INSTANCE_SEQ MAXVALUE 9223372036854775807 NO CYCLE;
