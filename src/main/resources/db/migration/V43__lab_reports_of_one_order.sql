-- rules.md R13, formats.md: a lab report's versions are those of one order AND the same tests (OBR-4, HPRIM OBR.5).
-- A laboratory may send the results of one request number in several messages, one per test (a blood count, then
-- the chemistry): versioned by the order alone, the second marked the first REPLACED and its results left the
-- patient's current record (round 26, a tester on Mirth Connect's fixtures). The set id now names the tests; the
-- order goes here, so that a correction (status C) that resends only some of a report's tests still finds it.
ALTER TABLE dmp.document ADD COLUMN lab_order text;
-- the reports stored before: their set is the order alone (DocumentIds), their tests unknown
UPDATE dmp.document SET lab_order = set_id WHERE set_id LIKE 'hl7-order:%' AND set_id NOT LIKE '%|tests:%';
CREATE INDEX document_current_of_lab_order ON dmp.document (lab_order) WHERE status = 'CURRENT' AND lab_order IS NOT NULL;
GRANT INSERT (lab_order), SELECT (lab_order) ON dmp.document TO dmp_ingest;
