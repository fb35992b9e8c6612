-- rules.md R5, R7, R10, R15 with V16: the kept files' keys (V20) are destroyed, and their openings and deletions
-- audited, only through functions owned by the schema owner, as every other change of state: the job's role may
-- make a claim's key (it seals) and read the keys, never delete or rewrite one, nor write a KEPT_FILE_* audit row
-- itself. A deletion (R5), a dossier's deletion (R15) or purge (R3/R14) destroys the keys of the kept files that
-- hold its documents inside the very call that drops them, so no caller can drop one without the other.

-- marks the claims shredded (never sealed again under a new key) and deletes their keys; returns how many keys
-- existed. Only the functions below call it (not granted to anyone)
CREATE FUNCTION dmp.kept_file_shred(p_claims text[]) RETURNS integer
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    n integer;
BEGIN
    INSERT INTO dmp.kept_file_shredded (claim_token) SELECT DISTINCT c FROM unnest(p_claims) c WHERE c IS NOT NULL
    ON CONFLICT DO NOTHING;
    DELETE FROM dmp.kept_file_key WHERE claim_token = ANY (p_claims);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION dmp.kept_file_shred(text[]) FROM PUBLIC;

-- V16's drop_documents, and the kept files holding the documents given shredded in the same call (R5)
CREATE OR REPLACE FUNCTION dmp.drop_documents(p_ids bigint[]) RETURNS integer
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    dropped bigint[];
BEGIN
    PERFORM dmp.kept_file_shred(ARRAY(SELECT s.claim_token FROM dmp.kept_file_subject s
                                      WHERE s.document_uid IN (SELECT x.document_uid FROM dmp.document x WHERE x.id = ANY (p_ids))));
    WITH d AS (UPDATE dmp.document SET status = 'DELETED', status_changed_at = now(), title = NULL,
                                       classification = jsonb_build_object('deleted', true)
               WHERE id = ANY (p_ids) AND status <> 'DELETED' RETURNING id)
    SELECT coalesce(array_agg(id), '{}') INTO dropped FROM d;
    DELETE FROM dmp.document_text WHERE document_id = ANY (dropped);
    DELETE FROM dmp.observation WHERE document_id = ANY (dropped);
    UPDATE dmp.content c SET data = NULL, dropped_at = now()
    WHERE c.dropped_at IS NULL
      AND c.sha256 IN (SELECT x.content_sha256 FROM dmp.document x WHERE x.id = ANY (dropped))
      AND NOT EXISTS (SELECT 1 FROM dmp.document x WHERE x.content_sha256 = c.sha256 AND x.status <> 'DELETED');
    RETURN cardinality(dropped);
END
$$;
REVOKE ALL ON FUNCTION dmp.drop_documents(bigint[]) FROM PUBLIC;

-- a dossier deleted (R15) or purged (R3/R14) also shreds the kept files naming it without one of its documents
-- (a document refused after linking): the trigger runs inside delete_dossier's and purge_dossier's own call
CREATE FUNCTION dmp.kept_file_shred_dossier() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    PERFORM dmp.kept_file_shred(ARRAY(SELECT s.claim_token FROM dmp.kept_file_subject s WHERE s.dossier_id = NEW.dossier_id));
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION dmp.kept_file_shred_dossier() FROM PUBLIC;
CREATE TRIGGER audit_event_shreds_kept_files AFTER INSERT ON dmp.audit_event
    FOR EACH ROW WHEN (NEW.action IN ('DOSSIER_DELETED', 'PURGED') AND NEW.dossier_id IS NOT NULL)
    EXECUTE FUNCTION dmp.kept_file_shred_dossier();

-- one audit row per dossier the claim's kept file holds, or one without dossier (so audit --ins shows it)
CREATE FUNCTION dmp.kept_file_audit(p_action text, p_token text, p_feed text, p_detail text) RETURNS integer
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    n integer := 0;
    d bigint;
BEGIN
    FOR d IN SELECT DISTINCT s.dossier_id FROM dmp.kept_file_subject s WHERE s.claim_token = p_token AND s.dossier_id IS NOT NULL
             ORDER BY 1
        LOOP
            PERFORM dmp.audit_write(p_action, p_feed, NULL, NULL, d, NULL, NULL, p_detail, NULL);
            n := n + 1;
        END LOOP;
    IF n = 0 THEN
        PERFORM dmp.audit_write(p_action, p_feed, NULL, NULL, NULL, NULL, NULL, p_detail, NULL);
        n := 1;
    END IF;
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION dmp.kept_file_audit(text, text, text, text) FROM PUBLIC;

-- R7: kept open records the opening before a byte is given (also an attempt its destroyed key then refuses); only a
-- claim that was decided
CREATE FUNCTION dmp.kept_file_opened(p_token text, p_detail text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    f text;
BEGIN
    SELECT x.feed INTO f FROM dmp.disposition x WHERE x.claim_token = p_token;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such claim' USING ERRCODE = '42501';
    END IF;
    RETURN dmp.kept_file_audit('KEPT_FILE_OPENED', p_token, f, p_detail);
END
$$;

-- R14: a claim's kept files deleted (past their feed's retention, or unreadable): its key destroyed and the
-- deletion audited in one call; only a claim that was decided
CREATE FUNCTION dmp.kept_file_deleted(p_token text, p_detail text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    f text;
BEGIN
    SELECT x.feed INTO f FROM dmp.disposition x WHERE x.claim_token = p_token;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such claim' USING ERRCODE = '42501';
    END IF;
    PERFORM dmp.kept_file_shred(ARRAY[p_token]);
    RETURN dmp.kept_file_audit('KEPT_FILE_DELETED', p_token, f, p_detail);
END
$$;

REVOKE ALL ON FUNCTION dmp.kept_file_opened(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dmp.kept_file_deleted(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dmp.kept_file_opened(text, text) TO dmp_ingest;
GRANT EXECUTE ON FUNCTION dmp.kept_file_deleted(text, text) TO dmp_ingest;

-- the direct rights the functions stand in for: the job makes a claim's key (it seals) and reads the keys, records
-- which documents a claim holds (in the chunk's transaction) and reads which claims are shredded; nothing else
REVOKE ALL ON dmp.kept_file_key, dmp.kept_file_subject, dmp.kept_file_shredded FROM dmp_ingest;
GRANT SELECT, INSERT ON dmp.kept_file_key TO dmp_ingest;
GRANT SELECT, INSERT ON dmp.kept_file_subject TO dmp_ingest;
GRANT SELECT ON dmp.kept_file_shredded TO dmp_ingest;

-- not about kept files, needed by main as merged: DocumentRows inserts a migrated document's legacy_record_id in the
-- chunk's transaction (issue 14 part 3), while V16 granted only its UPDATE; inserting it is as harmless (traceability)
GRANT INSERT (legacy_record_id) ON dmp.document TO dmp_ingest;
