-- issue 15: the patient's rights to the end (rules.md R3, R4, R14, R15).

-- R15: a dossier deleted at the patient's request is a state of its own, DELETED, final: it refuses every
-- document and is never reopened (CLOSED could be reopened and is purged after ten years). The deletion's
-- time is state_changed_at; no new column (R8: nothing more about the patient than needed).
ALTER TABLE dmp.dossier DROP CONSTRAINT dossier_status_check;
ALTER TABLE dmp.dossier ADD CONSTRAINT dossier_status_check CHECK (status IN ('OPEN', 'CLOSED', 'DECEASED', 'DELETED'));

-- the new events: delete-dossier (R15), annul-death (R4: a death recorded in error, never a plain reopen)
ALTER TABLE dmp.dossier_event DROP CONSTRAINT dossier_event_kind_check;
ALTER TABLE dmp.dossier_event ADD CONSTRAINT dossier_event_kind_check CHECK (kind IN ('close', 'reopen', 'death', 'oppose',
    'withdraw-opposition', 'mask', 'unmask', 'delete-document', 'identity', 'emergency-opposition',
    'emergency-authorisation', 'merge', 'delete-dossier', 'annul-death'));

-- R7: what the patient sees of them in the history; PURGED: the retention of R3/R14 ran out
ALTER TABLE dmp.audit_event DROP CONSTRAINT audit_event_action_check;
ALTER TABLE dmp.audit_event ADD CONSTRAINT audit_event_action_check CHECK (action IN ('STORED', 'DUPLICATE', 'REJECTED',
    'REPLACED', 'MASKED', 'UNMASKED', 'DELETED', 'CLOSED', 'REOPENED', 'DEATH', 'OPPOSITION', 'OPPOSITION_WITHDRAWN',
    'MERGED', 'IDENTITY_UPDATED', 'CREATED', 'EMERGENCY_ACCESS', 'DOSSIER_DELETED', 'DEATH_ANNULLED', 'PURGED'));
