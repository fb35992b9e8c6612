-- rules.md R5, R7: a patient's history names a document (type, date, file) only when it is of that dossier or of one merged
-- with it: a masking naming another patient's document printed that document's file name in this patient's history
-- (round 36, a tester). The audit role reads which dossier a document is in, nothing more.
GRANT SELECT (dossier_id) ON dmp.document TO dmp_audit;
