-- rules.md R17: each read leaves one trace. `document show` read the document (one ACCESSED row), then its set to
-- list the versions, which traced the shown document a second time (round 15). 'versions-of' gives the other
-- documents of a document's set, without it: the caller already holds it, so it is traced once.
CREATE OR REPLACE FUNCTION dmp.read_documents(p_reader text, p_by text, p_value text) RETURNS SETOF dmp.professional_document
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    r dmp.professional_document;
    v_id bigint := CASE WHEN p_value ~ '^[0-9]{1,18}$' THEN p_value::bigint END;
BEGIN
    IF p_by NOT IN ('id', 'uid', 'file', 'control-id', 'ins', 'set', 'versions-of') THEN
        RAISE EXCEPTION 'documents are read by id, uid, file, control-id, ins, set or versions-of' USING ERRCODE = '22023';
    END IF;
    FOR r IN SELECT * FROM dmp.professional_document v
             WHERE CASE p_by
                       WHEN 'id' THEN v.id = v_id
                       WHEN 'uid' THEN v.document_uid = p_value
                       WHEN 'file' THEN v.source_file = p_value
                       WHEN 'control-id' THEN v.message_control_id = p_value
                       WHEN 'ins' THEN v.ins = p_value
                       WHEN 'versions-of' THEN v.id <> v_id AND v.set_id =
                           (SELECT s.set_id FROM dmp.professional_document s WHERE s.id = v_id)
                       ELSE v.set_id = p_value END
             ORDER BY CASE WHEN p_by = 'ins' THEN v.creation_time END,
                      CASE WHEN p_by IN ('set', 'versions-of') THEN v.version_number END NULLS FIRST, v.id
        LOOP
            PERFORM dmp.trace_read(p_reader, r.dossier_id, r.document_uid, 'metadata');
            RETURN NEXT r;
        END LOOP;
END
$$;
