-- Issue 14 part 2: the first names are a list (ins.md, "Identity status and traits", second round).
-- One first name may hold a space ("Marie Claire", one first name) or a hyphen, so a space-joined string
-- cannot say where a first name ends: the list is kept as a list, the usual first name first.
-- (V9 is left to the migration another branch adds meanwhile.)
--
-- Rows written before this migration hold the names joined by spaces. Splitting them on spaces is the best
-- that can be done for them: the boundaries inside a two-word first name were lost when they were written,
-- so such a dossier reads as "Marie", "Claire", "Anne" and keeps refusing documents that say
-- "Marie Claire", "Anne" (IDENTITY_MISMATCH) until its identity is corrected (identity update).
ALTER TABLE dmp.dossier
    ALTER COLUMN first_names TYPE text[]
    USING CASE WHEN first_names IS NULL OR btrim(first_names) = '' THEN NULL
               ELSE regexp_split_to_array(btrim(first_names), '\s+') END;

COMMENT ON COLUMN dmp.dossier.first_names IS
    'first names as a list, the usual one first; an element may hold a space or a hyphen (ins.md)';

-- no view names the column; the grants on dmp.dossier (V5: table-wide for dmp_ingest and dmp_reader, a column
-- list without first_names for dmp_audit) survive the type change unchanged
