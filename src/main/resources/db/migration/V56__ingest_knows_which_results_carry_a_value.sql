-- rules.md R13: whether a stored result carries a value, never the value. A laboratory's empty final line ("Commentaire(s) :",
-- status F, no value: 40 of 77 public HPRIM files have one) sent again in a correction read as a final value taken out
-- of the record, and every correction of such a report was VERSION_CONFLICT (round 36, a tester); the job read the
-- status alone. A generated column: the write path is unchanged, the job reads a yes or no.
ALTER TABLE dmp.observation ADD COLUMN has_value boolean GENERATED ALWAYS AS (value IS NOT NULL AND btrim(value) <> '') STORED;
GRANT SELECT (has_value) ON dmp.observation TO dmp_ingest;
