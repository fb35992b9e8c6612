-- rules.md R1: a dossier merged away leads to the surviving one, one step. Merged a second time (M3 into M2, then M2 into
-- M1), the first one still led to M2, itself merged away: M3's later documents were filed in M2, read by no one, and its
-- patient's deletions, maskings and closing landed on M2 or waited for ever (round 37, a tester). A merge now points every
-- dossier that led to the merged one at the survivor, audited on each; a survivor that is itself merged away is refused
-- (no loop can be made); chains already stored are flattened and the documents filed in a dossier merged away are moved
-- to the dossier it leads to, audited (a review: pointers alone left them unseen).

CREATE OR REPLACE FUNCTION dmp.merge_dossiers(p_surviving bigint, p_merged bigint, p_documents integer, p_feed text, p_sender text,
                                              p_job bigint, p_surviving_detail text, p_merged_detail text,
                                              p_at_source timestamptz) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    n integer;
    earlier bigint;
BEGIN
    IF p_surviving = p_merged THEN
        RAISE EXCEPTION 'a dossier is not merged into itself' USING ERRCODE = '42501';
    END IF;
    IF EXISTS (SELECT 1 FROM dmp.dossier WHERE id = p_surviving AND merged_into IS NOT NULL) THEN
        RAISE EXCEPTION 'dossier % is merged away: a merge goes into the dossier it leads to', p_surviving USING ERRCODE = '42501';
    END IF;
    UPDATE dmp.document SET dossier_id = p_surviving WHERE dossier_id = p_merged;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n <> p_documents THEN
        RAISE EXCEPTION 'the audit would state % documents, % moved', p_documents, n;
    END IF;
    UPDATE dmp.dossier SET merged_into = p_surviving, updated_at = now() WHERE id = p_merged;
    PERFORM dmp.audit_write('MERGED', p_feed, p_sender, p_job, p_surviving, NULL, NULL, p_surviving_detail, p_at_source);
    PERFORM dmp.audit_write('MERGED', p_feed, p_sender, p_job, p_merged, NULL, NULL, p_merged_detail, p_at_source);
    FOR earlier IN UPDATE dmp.dossier SET merged_into = p_surviving, updated_at = now()
                   WHERE merged_into = p_merged AND id <> p_surviving RETURNING id LOOP
        PERFORM dmp.audit_write('MERGED', p_feed, p_sender, p_job, earlier, NULL, NULL,
                                'merged into dossier ' || p_merged || ', itself merged into dossier ' || p_surviving
                                    || ': leads to dossier ' || p_surviving, p_at_source);
    END LOOP;
    RETURN n;
END
$$;

-- chains stored before: each dossier merged away pointed at the end of its chain, when the chain ends in a dossier that is
-- not merged away (a loop, which only a bug could have made, is left for a person to decide, never walked for ever)
DO
$$
DECLARE
    r record;
    moved integer;
BEGIN
    FOR r IN
        WITH RECURSIVE walk(id, target, depth) AS (
            SELECT id, merged_into, 1 FROM dmp.dossier WHERE merged_into IS NOT NULL
            UNION ALL
            SELECT w.id, d.merged_into, w.depth + 1 FROM walk w JOIN dmp.dossier d ON d.id = w.target
            WHERE d.merged_into IS NOT NULL AND w.depth < 100
        ),
        ends AS (SELECT DISTINCT ON (id) id, target FROM walk ORDER BY id, depth DESC)
        SELECT e.id, e.target, d.merged_into AS was FROM ends e JOIN dmp.dossier d ON d.id = e.id
        JOIN dmp.dossier t ON t.id = e.target
        WHERE t.merged_into IS NULL AND e.target <> e.id
    LOOP
        IF r.target <> r.was THEN
            UPDATE dmp.dossier SET merged_into = r.target, updated_at = now() WHERE id = r.id;
            PERFORM dmp.audit_write('MERGED', 'V58', NULL, NULL, r.id, NULL, NULL,
                                    'merged into dossier ' || r.was || ', itself merged into dossier ' || r.target
                                        || ': leads to dossier ' || r.target, NULL);
        END IF;
        UPDATE dmp.document SET dossier_id = r.target WHERE dossier_id = r.id;
        GET DIAGNOSTICS moved = ROW_COUNT;
        IF moved > 0 THEN
            PERFORM dmp.audit_write('MERGED', 'V58', NULL, NULL, r.target, NULL, NULL,
                                    moved || ' documents filed in dossier ' || r.id || ' after it was merged away', NULL);
            PERFORM dmp.audit_write('MERGED', 'V58', NULL, NULL, r.id, NULL, NULL,
                                    moved || ' documents filed here after this dossier was merged away moved to dossier '
                                        || r.target, NULL);
        END IF;
    END LOOP;
END
$$;
