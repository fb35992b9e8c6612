-- rules.md R3, R7, R9: an event applied that changed nothing (a reopening of an open dossier, a withdrawal with no
-- opposition to withdraw, a masking already held) still supersedes older events of its kind, yet it left no row: a later
-- "superseded: older than the dossier's last change of state" pointed at nothing the trail showed (round 35, a tester).
-- It is recorded UNCHANGED, through the chunk's function, as a refusal is REJECTED.
DO $$
DECLARE
    def text;
BEGIN
    SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint
     WHERE conrelid = 'dmp.audit_event'::regclass AND conname = 'audit_event_action_check';
    IF def IS NOT NULL AND position('UNCHANGED' IN def) = 0 THEN
        EXECUTE 'ALTER TABLE dmp.audit_event DROP CONSTRAINT audit_event_action_check';
        EXECUTE 'ALTER TABLE dmp.audit_event ADD CONSTRAINT audit_event_action_check '
            || replace(def, '''REJECTED''::text', '''REJECTED''::text, ''UNCHANGED''::text');
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION dmp.record_outcomes(p_feed text, p_sender text, p_job bigint, p_actions text[], p_dossiers bigint[],
                                               p_uids text[], p_reasons text[], p_details text[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    n integer;
BEGIN
    IF EXISTS (SELECT 1 FROM unnest(p_actions) a
               WHERE a IS NULL OR a NOT IN ('STORED', 'DUPLICATE', 'REJECTED', 'CREATED', 'UNCHANGED')) THEN
        RAISE EXCEPTION 'an outcome is STORED, DUPLICATE, REJECTED, CREATED or UNCHANGED; a change of state has its own function'
            USING ERRCODE = '42501';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_actions, p_dossiers, p_uids) u(a, d, uid)
               WHERE (a = 'STORED' AND NOT EXISTS (SELECT 1 FROM dmp.document x WHERE x.document_uid = u.uid
                                                    AND x.dossier_id = u.d AND x.job_execution_id = p_job))
                  OR (a IN ('CREATED', 'UNCHANGED') AND NOT EXISTS (SELECT 1 FROM dmp.dossier x WHERE x.id = u.d))) THEN
        RAISE EXCEPTION 'an outcome names a document or a dossier that is not stored' USING ERRCODE = '42501';
    END IF;
    INSERT INTO dmp.audit_event (action, feed, sender_org, job_execution_id, dossier_id, document_uid, reason, detail)
    SELECT u.a, p_feed, p_sender, p_job, u.d, u.uid, u.r, u.det
    FROM unnest(p_actions, p_dossiers, p_uids, p_reasons, p_details) AS u(a, d, uid, r, det);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
