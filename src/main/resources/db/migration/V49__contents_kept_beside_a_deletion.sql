-- rules.md R5, round 30 (a reviewer): a deletion that waited for its document now applies in the document chunk that
-- stores it, beside other chunks. A chunk storing another document of the same bytes holds the content row (its foreign
-- key's lock) but its document is not seen by the deleting transaction: the bytes were dropped under it. The content rows
-- are now locked first, and the other documents looked for in a statement of its own, which sees a chunk that committed
-- meanwhile. A chunk whose content was dropped before its document was filed fills it again (dmp.refill_contents).
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
    -- waits for a chunk that files a document of these bytes (its key-share lock) to end
    PERFORM 1 FROM dmp.content c
    WHERE c.sha256 IN (SELECT x.content_sha256 FROM dmp.document x WHERE x.id = ANY (dropped))
    ORDER BY c.sha256 FOR UPDATE;
    UPDATE dmp.content c SET data = NULL, dropped_at = now()
    WHERE c.dropped_at IS NULL
      AND c.sha256 IN (SELECT x.content_sha256 FROM dmp.document x WHERE x.id = ANY (dropped))
      AND NOT EXISTS (SELECT 1 FROM dmp.document x WHERE x.content_sha256 = c.sha256 AND x.status <> 'DELETED');
    RETURN cardinality(dropped);
END
$$;
REVOKE ALL ON FUNCTION dmp.drop_documents(bigint[]) FROM PUBLIC;

-- a chunk's hold on the contents of the documents it files (their foreign key is checked only at commit, so it held
-- none): a deletion beside it waits for it to end; returns those found dropped (by a deletion that committed first)
CREATE FUNCTION dmp.hold_contents(p_sha text[]) RETURNS text[]
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    PERFORM 1 FROM dmp.content c WHERE c.sha256 = ANY (p_sha) ORDER BY c.sha256 FOR KEY SHARE;
    RETURN ARRAY(SELECT c.sha256 FROM dmp.content c WHERE c.sha256 = ANY (p_sha) AND c.data IS NULL ORDER BY c.sha256);
END
$$;
REVOKE ALL ON FUNCTION dmp.hold_contents(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dmp.hold_contents(text[]) TO dmp_ingest;

-- the bytes of contents dropped by a deletion, given again by a chunk that files a live document of the same bytes
-- (the same PDF for another patient, a document sent again under a new id): it was stored without them, for good
CREATE FUNCTION dmp.refill_contents(p_sha text[], p_key text[], p_data bytea[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    n integer;
BEGIN
    UPDATE dmp.content c SET data = r.data, key_id = r.key_id, dropped_at = NULL
    FROM unnest(p_sha, p_key, p_data) AS r(sha256, key_id, data)
    WHERE c.sha256 = r.sha256 AND c.data IS NULL AND c.dropped_at IS NOT NULL AND r.data IS NOT NULL
      AND EXISTS (SELECT 1 FROM dmp.document x WHERE x.content_sha256 = c.sha256 AND x.status <> 'DELETED');
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION dmp.refill_contents(text[], text[], bytea[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dmp.refill_contents(text[], text[], bytea[]) TO dmp_ingest;

-- the maskings and deletions that wait for their document, by the document they name: a document chunk looks them up
-- (V33's index covers applied maskings only)
CREATE INDEX dossier_event_waiting_for_document_idx ON dmp.dossier_event (btrim(split_part(translate(detail, '|', ';'), ';', 1)))
    WHERE state = 'PENDING' AND kind IN ('mask', 'unmask', 'delete-document');
CREATE INDEX dossier_event_waiting_deletion_idx ON dmp.dossier_event (btrim(detail))
    WHERE state = 'PENDING' AND kind = 'delete-document';
