-- issue 15 item 7, rules.md R16, R17 (with R3, R4, R6, R7): the read side obeys the patient's rights.
-- dmp_reader is the care systems' reader, a health professional's access. It no longer reads any table: it calls
-- the functions below, which read through one security-barrier view and write, for every document they return,
-- an ACCESSED row in the audit trail (who read which document, when), in the same call. The patient sees those
-- rows in the dossier's history (audit --ins); the trail is chained (V11), so a trace cannot be removed unseen.
--
-- What the view hides from a professional:
--   R16  every document of a dossier that is not OPEN: CLOSED (kept ten years, access blocked), DECEASED (R4: closed
--        at death), DELETED (R15); a merged dossier's documents live under the surviving one;
--   R5   a DELETED document (its content is gone; its row is only for the audit);
--   R6   a document flagged MASQUE_PS (masked from health professionals, codes.md).
-- INVISIBLE_PATIENT and INVISIBLE_REPRESENTANTS_LEGAUX hide a document from the patient and from the legal
-- representatives (codes.md), not from professionals: the professional who announces a result must read it. The
-- patient's side (audit --ins without --full) already leaves INVISIBLE_PATIENT documents out (report/AuditTrail).

ALTER TABLE dmp.audit_event DROP CONSTRAINT audit_event_action_check;
ALTER TABLE dmp.audit_event ADD CONSTRAINT audit_event_action_check CHECK (action IN ('STORED', 'DUPLICATE', 'REJECTED',
    'REPLACED', 'MASKED', 'UNMASKED', 'DELETED', 'CLOSED', 'REOPENED', 'DEATH', 'OPPOSITION', 'OPPOSITION_WITHDRAWN',
    'MERGED', 'IDENTITY_UPDATED', 'CREATED', 'EMERGENCY_ACCESS', 'DOSSIER_DELETED', 'DEATH_ANNULLED', 'PURGED', 'ACCESSED'));

-- security_barrier: the filters below run before any condition a caller could add, so a leaky function in a caller's
-- WHERE never sees a hidden row (only the owner's functions query it anyway)
CREATE VIEW dmp.professional_document WITH (security_barrier) AS
SELECT d.id, d.document_uid, d.dossier_id, d.status, d.type_code, d.class_code, d.source_format, d.mime_type, d.title,
       d.creation_time, d.stored_at, d.source_feed, d.source_file, d.source_item, d.message_control_id, d.set_id,
       d.version_number, d.replaces_id, d.confidentiality, d.flags, d.classification ->> 'source' AS classification_source,
       (d.classification ->> 'confidence')::float8 AS classification_confidence, d.size_bytes, d.job_execution_id,
       d.content_sha256, p.ins
FROM dmp.document d
         JOIN dmp.dossier p ON p.id = d.dossier_id
WHERE p.status = 'OPEN'
  AND p.merged_into IS NULL
  AND d.status <> 'DELETED'
  AND NOT d.confidentiality && ARRAY ['MASQUE_PS']::text[];
REVOKE ALL ON dmp.professional_document FROM PUBLIC;

-- the trace of one read: the reader as the operating system or the care system names it (the database role is
-- written_by, V11), what was read
CREATE FUNCTION dmp.trace_read(p_reader text, p_dossier bigint, p_uid text, p_what text) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    IF p_reader IS NULL OR btrim(p_reader) = '' OR length(p_reader) > 200 THEN
        RAISE EXCEPTION 'a read names its reader' USING ERRCODE = '42501';
    END IF;
    PERFORM dmp.audit_write('ACCESSED', NULL, NULL, NULL, p_dossier, p_uid, NULL, p_what || ' read by ' || p_reader, NULL);
END
$$;
REVOKE ALL ON FUNCTION dmp.trace_read(text, bigint, text, text) FROM PUBLIC;

-- documents' metadata by id, unique id, source file, MSH-10, INS or set; each returned document traced
CREATE FUNCTION dmp.read_documents(p_reader text, p_by text, p_value text) RETURNS SETOF dmp.professional_document
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    r dmp.professional_document;
BEGIN
    IF p_by NOT IN ('id', 'uid', 'file', 'control-id', 'ins', 'set') THEN
        RAISE EXCEPTION 'documents are read by id, uid, file, control-id, ins or set' USING ERRCODE = '22023';
    END IF;
    FOR r IN SELECT * FROM dmp.professional_document v
             WHERE CASE p_by
                       WHEN 'id' THEN v.id = CASE WHEN p_value ~ '^[0-9]{1,18}$' THEN p_value::bigint END
                       WHEN 'uid' THEN v.document_uid = p_value
                       WHEN 'file' THEN v.source_file = p_value
                       WHEN 'control-id' THEN v.message_control_id = p_value
                       WHEN 'ins' THEN v.ins = p_value
                       ELSE v.set_id = p_value END
             ORDER BY CASE WHEN p_by = 'ins' THEN v.creation_time END,
                      CASE WHEN p_by = 'set' THEN v.version_number END NULLS FIRST, v.id
        LOOP
            PERFORM dmp.trace_read(p_reader, r.dossier_id, r.document_uid, 'metadata');
            RETURN NEXT r;
        END LOOP;
END
$$;

-- a document's content (sealed: the reader opens it with the content keys) when the document is readable; traced
CREATE FUNCTION dmp.read_content(p_reader text, p_document bigint)
    RETURNS TABLE (sha256 char(64), media_type text, key_id text, data bytea)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    r dmp.professional_document;
BEGIN
    SELECT * INTO r FROM dmp.professional_document v WHERE v.id = p_document;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM dmp.trace_read(p_reader, r.dossier_id, r.document_uid, 'content');
    RETURN QUERY SELECT c.sha256, c.media_type, c.key_id, c.data FROM dmp.content c WHERE c.sha256 = r.content_sha256;
END
$$;

-- a document's structured results when the document is readable; traced
CREATE FUNCTION dmp.read_observations(p_reader text, p_document bigint) RETURNS SETOF dmp.observation
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    r dmp.professional_document;
BEGIN
    SELECT * INTO r FROM dmp.professional_document v WHERE v.id = p_document;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM dmp.trace_read(p_reader, r.dossier_id, r.document_uid, 'results');
    RETURN QUERY SELECT * FROM dmp.observation o WHERE o.document_id = p_document ORDER BY o.seq;
END
$$;

REVOKE ALL ON FUNCTION dmp.read_documents(text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dmp.read_content(text, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION dmp.read_observations(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dmp.read_documents(text, text, text) TO dmp_reader;
GRANT EXECUTE ON FUNCTION dmp.read_content(text, bigint) TO dmp_reader;
GRANT EXECUTE ON FUNCTION dmp.read_observations(text, bigint) TO dmp_reader;

-- no read around them: the reader's table rights go (V5 granted them)
REVOKE ALL ON dmp.dossier, dmp.document, dmp.content, dmp.document_text, dmp.observation FROM dmp_reader;
