-- A birth date known only to the year or the month (round 9: a patient born abroad whose civil status holds only a
-- year, sent as PID-7 "1961", CDA birthTime "1961", HPRIM "19610000", could not be fed: DATE_INVALID). birth_date
-- keeps the first day of the known period; birth_date_precision says how much of it is known (NULL: the day). Two
-- birth dates are the same trait only at the same precision (ins.md: birth dates must be equal).
ALTER TABLE dmp.dossier
    ADD COLUMN birth_date_precision text CHECK (birth_date_precision IN ('YEAR', 'MONTH')),
    ADD CONSTRAINT dossier_partial_birth_date_is_dated CHECK (birth_date_precision IS NULL OR birth_date IS NOT NULL);
ALTER TABLE dmp.dossier_event
    ADD COLUMN birth_date_precision text CHECK (birth_date_precision IN ('YEAR', 'MONTH'));

COMMENT ON COLUMN dmp.dossier.birth_date_precision IS
    'YEAR or MONTH when civil status knows the birth date only so far (birth_date is then the first day of that year or month); NULL: the whole date';

GRANT INSERT (birth_date_precision) ON dmp.dossier TO dmp_ingest;

DROP FUNCTION dmp.update_identity(bigint, text, text[], text, date, text, text, text, bigint, text, timestamptz);

-- ins.md: the dossier takes the traits of a qualified identity update
CREATE FUNCTION dmp.update_identity(p_dossier bigint, p_birth_name text, p_first_names text[], p_sex text, p_birth_date date,
                                    p_birth_date_precision text, p_birth_place text, p_feed text, p_sender text, p_job bigint,
                                    p_detail text, p_at_source timestamptz) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    UPDATE dmp.dossier SET birth_name = p_birth_name, first_names = p_first_names, sex = p_sex, birth_date = p_birth_date,
                           birth_date_precision = p_birth_date_precision, birth_place = p_birth_place,
                           identity_status = 'QUAL', updated_at = now()
    WHERE id = p_dossier AND status <> 'DELETED';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such dossier' USING ERRCODE = '42501';
    END IF;
    PERFORM dmp.audit_write('IDENTITY_UPDATED', p_feed, p_sender, p_job, p_dossier, NULL, NULL, p_detail, p_at_source);
END
$$;
REVOKE ALL ON FUNCTION dmp.update_identity(bigint, text, text[], text, date, text, text, text, text, bigint, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dmp.update_identity(bigint, text, text[], text, date, text, text, text, text, bigint, text, timestamptz) TO dmp_ingest;
