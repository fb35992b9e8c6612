-- A dossier opened by a document that wrote its first names out in one string (a lone CDA given, an HPRIM Net name
-- line, PID-5.3 without the usual first name) knows their words, not where one first name ends. Round 15 left such a
-- dossier holding "Maria Lucia" cut at the space, so a later document giving "Maria Lucia" in a slot of its own was
-- refused IDENTITY_MISMATCH. The dossier and the stored event now remember how the list was written (ins.md: first
-- names are a list; never rebuild it by splitting a string, and never pretend to know it when only words were sent).
ALTER TABLE dmp.dossier
    ADD COLUMN first_names_written_out boolean NOT NULL DEFAULT false;
ALTER TABLE dmp.dossier_event
    ADD COLUMN first_names_written_out boolean NOT NULL DEFAULT false;

COMMENT ON COLUMN dmp.dossier.first_names_written_out IS
    'true when first_names are the words of a list its source wrote out in one string (where one first name ends is not known); a qualified identity update sets it from the update';

GRANT INSERT (first_names_written_out) ON dmp.dossier TO dmp_ingest;

DROP FUNCTION dmp.update_identity(bigint, text, text[], text, date, text, text, text, text, bigint, text, timestamptz);

-- ins.md: the dossier takes the traits of a qualified identity update, and how its first names were written
CREATE FUNCTION dmp.update_identity(p_dossier bigint, p_birth_name text, p_first_names text[], p_first_names_written_out boolean,
                                    p_sex text, p_birth_date date, p_birth_date_precision text, p_birth_place text,
                                    p_feed text, p_sender text, p_job bigint, p_detail text, p_at_source timestamptz)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    UPDATE dmp.dossier SET birth_name = p_birth_name, first_names = p_first_names,
                           first_names_written_out = coalesce(p_first_names_written_out, false), sex = p_sex,
                           birth_date = p_birth_date, birth_date_precision = p_birth_date_precision,
                           birth_place = p_birth_place, identity_status = 'QUAL', updated_at = now()
    WHERE id = p_dossier AND status <> 'DELETED';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such dossier' USING ERRCODE = '42501';
    END IF;
    PERFORM dmp.audit_write('IDENTITY_UPDATED', p_feed, p_sender, p_job, p_dossier, NULL, NULL, p_detail, p_at_source);
END
$$;
REVOKE ALL ON FUNCTION dmp.update_identity(bigint, text, text[], boolean, text, date, text, text, text, text, bigint, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dmp.update_identity(bigint, text, text[], boolean, text, date, text, text, text, text, bigint, text, timestamptz) TO dmp_ingest;
