-- rules.md R6, R7: the patient's view of the history leaves out the replacement of a visible version by one hidden from
-- the patient (INVISIBLE_PATIENT): it finds that version by the replaced one's id. The audit role read the documents'
-- ids and confidentiality but not which one replaced which, and the patient's view failed for every dossier (round 34,
-- an attacker). Ids only, never what a document says.
GRANT SELECT (id, replaces_id) ON dmp.document TO dmp_audit;
