-- Issue 14: patient events are held to the identity rules documents are (ins.md). An event keeps the identity
-- traits and the identity status its source gave (an ADT's PID), so that when it applies, possibly on a later
-- run once its dossier exists, its traits are compared with the dossier's as a document's are. The first
-- names are a list (text[]), as in dmp.dossier since V10: an identity update no longer joins them with spaces
-- (which split "Marie Claire", one first name, into two).
ALTER TABLE dmp.dossier_event
    ADD COLUMN identity_status text,
    ADD COLUMN birth_name      text,
    ADD COLUMN first_names     text[],
    ADD COLUMN sex             text CHECK (sex IN ('M', 'F', 'U')),
    ADD COLUMN birth_date      date,
    ADD COLUMN birth_place     text;

COMMENT ON COLUMN dmp.dossier_event.first_names IS
    'first names the event''s source gave, as a list, the usual one first; an element may hold a space (ins.md)';

-- Identity updates recorded before this migration held their traits in detail as
-- birthName^firstNames^sex^birthDate^birthPlace, the first names joined by spaces. Those still waiting move to
-- the columns; the joined first names can only be split on spaces (the boundaries were lost when written), as
-- V10 did for the dossiers. Their event_key is kept, so a copy of the same message sent again stays one event.
-- A birth date that is no date was refused when the update applied; it is refused here the same way.
DO $$
DECLARE
    e record;
    born date;
BEGIN
    FOR e IN SELECT id, detail FROM dmp.dossier_event
             WHERE kind = 'identity' AND state = 'PENDING' AND detail LIKE '%^%' LOOP
        born := NULL;
        IF split_part(e.detail, '^', 4) <> '' THEN
            BEGIN
                IF split_part(e.detail, '^', 4) !~ '^[0-9]{8}$' THEN
                    RAISE invalid_datetime_format;
                END IF;
                born := to_date(split_part(e.detail, '^', 4), 'YYYYMMDD');
            EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
                UPDATE dmp.dossier_event SET state = 'REFUSED', outcome = 'birth date unparseable', applied_at = now()
                WHERE id = e.id;
                CONTINUE;
            END;
        END IF;
        UPDATE dmp.dossier_event SET
            birth_name  = nullif(split_part(e.detail, '^', 1), ''),
            first_names = CASE WHEN btrim(split_part(e.detail, '^', 2)) = '' THEN NULL
                               ELSE regexp_split_to_array(btrim(split_part(e.detail, '^', 2)), '\s+') END,
            sex         = CASE upper(btrim(split_part(e.detail, '^', 3))) WHEN '' THEN NULL
                               WHEN 'M' THEN 'M' WHEN 'F' THEN 'F' ELSE 'U' END,
            birth_date  = born,
            birth_place = nullif(btrim(split_part(e.detail, '^', 5)), ''),
            identity_status = 'QUAL',
            detail      = 'update'
        WHERE id = e.id;
    END LOOP;
END
$$;
