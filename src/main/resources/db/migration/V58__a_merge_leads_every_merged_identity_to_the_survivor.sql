-- rules.md R1: a dossier merged away leads to the surviving one, one step. Merged a second time (M3 into M2, then M2 into
-- M1), the first one still led to M2, itself merged away: M3's later documents were filed in M2, read by no one, and its
-- patient's deletions, maskings and closing landed on M2 or waited for ever (round 37, a tester). A merge now points every
-- dossier that led to the merged one at the survivor, audited on each, and chains already stored are flattened.

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

DO
$$
BEGIN
    LOOP
        UPDATE dmp.dossier d SET merged_into = m.merged_into, updated_at = now()
        FROM dmp.dossier m
        WHERE d.merged_into = m.id AND m.merged_into IS NOT NULL AND m.merged_into <> d.id;
        EXIT WHEN NOT FOUND;
    END LOOP;
END
$$;
