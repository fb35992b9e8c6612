-- rules.md R13: a new version's results are matched with the current version's by their LOINC code, in either coding
-- (a laboratory's local code first, LOINC second: formats.md); a potassium sent as KPL^^L^2823-3^^LN and pending replaced
-- the final 2823-3 (round 35, an attacker). The job reads the codes' systems and second codes, never values.
GRANT SELECT (code_system, alt_code, alt_code_system) ON dmp.observation TO dmp_ingest;
