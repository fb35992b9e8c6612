-- rules.md R13: whether a stored result carries a value, never the value. A laboratory's empty final line ("Commentaire(s) :",
-- status F, no value: 40 of 77 public HPRIM files have one) sent again in a correction read as a final value taken out
-- of the record, and every correction of such a report was VERSION_CONFLICT (round 36, a tester); the job read the
-- status alone. A view, not a column: a generated column rewrote the largest table under an exclusive lock (a review).
-- It runs with its owner's rights: the job reads a yes or no, never the value. HL7's explicit null, stored as the two
-- characters before round 36, is no value either (a review: a report carrying it could no longer be corrected).
CREATE VIEW dmp.observation_presence AS
SELECT document_id, code, code_system, alt_code, alt_code_system, display, result_status,
       (value IS NOT NULL AND btrim(value) NOT IN ('', '""')) AS has_value
FROM dmp.observation;
GRANT SELECT ON dmp.observation_presence TO dmp_ingest;
