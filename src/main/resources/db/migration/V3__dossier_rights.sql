-- The dossier and the patient's rights (rules.md R3-R13).

-- R3/R4: a small state machine; closing keeps the dossier 10 years (retention_until); R12: break-glass
ALTER TABLE dmp.dossier
    ADD COLUMN state_changed_at timestamptz,
    ADD COLUMN closed_at timestamptz,
    ADD COLUMN retention_until date,
    ADD COLUMN deceased_at timestamptz,
    ADD COLUMN emergency_access_opposed boolean NOT NULL DEFAULT false,
    ADD COLUMN merged_into bigint REFERENCES dmp.dossier (id),
    ADD CONSTRAINT dossier_closed_has_retention CHECK (status <> 'CLOSED' OR retention_until IS NOT NULL),
    ADD CONSTRAINT dossier_deceased_has_date CHECK (status <> 'DECEASED' OR deceased_at IS NOT NULL);

-- R9: the patient's opposition to being fed, by one source organisation (FINESS) or by all ('*');
-- a withdrawal keeps the row (active = false) so that an older event arriving late cannot undo a newer one
CREATE TABLE dmp.dossier_opposition (
    dossier_id  bigint      NOT NULL REFERENCES dmp.dossier (id),
    source      text        NOT NULL CHECK (source = '*' OR source ~ '^[0-9]{2}[0-9AB][0-9]{6}$'),
    active      boolean     NOT NULL,
    changed_at  timestamptz NOT NULL,
    PRIMARY KEY (dossier_id, source)
);

-- R13: versions. One current version per document set; the replaced one stays, marked REPLACED.
-- R5: a deleted document is a state; its content is dropped (content.data set to null).
UPDATE dmp.document SET set_id = document_uid WHERE set_id IS NULL; -- rows stored before versions existed
ALTER TABLE dmp.document ALTER COLUMN set_id SET NOT NULL;
CREATE UNIQUE INDEX document_one_current_per_set ON dmp.document (set_id) WHERE status = 'CURRENT';
ALTER TABLE dmp.document ADD COLUMN status_changed_at timestamptz;
ALTER TABLE dmp.content ALTER COLUMN data DROP NOT NULL;
ALTER TABLE dmp.content ADD COLUMN dropped_at timestamptz;
ALTER TABLE dmp.content ADD CONSTRAINT content_dropped_has_no_data CHECK (dropped_at IS NULL OR data IS NULL);

-- R6: confidentiality codes from the source, never dropped; the allowed codes (codes.md)
ALTER TABLE dmp.document ADD CONSTRAINT document_confidentiality_known CHECK (
    confidentiality <@ ARRAY['N', 'R', 'V', 'MASQUE_PS', 'INVISIBLE_PATIENT', 'INVISIBLE_REPRESENTANTS_LEGAUX']::text[]);

-- Dossier events (patient-events feed: ADT and CSV), applied in the order of their time; a second copy
-- of an event (same key) changes nothing.
CREATE TABLE dmp.dossier_event (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_key         char(64)    NOT NULL UNIQUE,
    ins               varchar(15) NOT NULL,
    ins_oid           text        NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('close', 'reopen', 'death', 'oppose', 'withdraw-opposition',
                                                           'mask', 'unmask', 'delete-document', 'identity',
                                                           'emergency-opposition', 'emergency-authorisation', 'merge')),
    at                timestamptz NOT NULL,
    detail            text,
    feed              text        NOT NULL,
    claim_token       text        NOT NULL,
    job_execution_id  bigint      NOT NULL,
    state             text        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'APPLIED', 'SUPERSEDED', 'REFUSED')),
    outcome           text,
    applied_at        timestamptz
);
CREATE INDEX dossier_event_pending_idx ON dmp.dossier_event (at, id) WHERE state = 'PENDING';

ALTER TABLE dmp.audit_event ADD COLUMN at_source timestamptz;
ALTER TABLE dmp.audit_event DROP CONSTRAINT audit_event_action_check;
ALTER TABLE dmp.audit_event ADD CONSTRAINT audit_event_action_check CHECK (action IN ('STORED', 'DUPLICATE', 'REJECTED',
    'REPLACED', 'MASKED', 'UNMASKED', 'DELETED', 'CLOSED', 'REOPENED', 'DEATH', 'OPPOSITION', 'OPPOSITION_WITHDRAWN',
    'MERGED', 'IDENTITY_UPDATED', 'CREATED', 'EMERGENCY_ACCESS'));
