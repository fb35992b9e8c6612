-- rules.md R13, formats.md: two versions of a lab report with the same report time are ordered by their status
-- (preliminary < final < correction): a preliminary resent after its final, or a final resent after its correction,
-- with the same OBR-22 (or none, every version then dated by OBR-7) became the current version (round 27, a tester on
-- NIST's ELR test cases). The status of each report, as read (OBR-25, or C when a result says C).
ALTER TABLE dmp.document ADD COLUMN result_status text;
-- the reports stored before: the highest status of their results (OBX-11)
UPDATE dmp.document d SET result_status = s.status
  FROM (SELECT document_id,
               CASE WHEN bool_or(upper(result_status) = 'C') THEN 'C'
                    WHEN bool_or(upper(result_status) = 'F') THEN 'F'
                    WHEN bool_or(upper(result_status) = 'P') THEN 'P' END AS status
          FROM dmp.observation GROUP BY document_id) s
 WHERE s.document_id = d.id AND d.lab_order IS NOT NULL;
GRANT INSERT (result_status), SELECT (result_status) ON dmp.document TO dmp_ingest;
