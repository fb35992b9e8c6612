-- rules.md R13: a new version of a lab report whose set names no tests (an HPRIM Net request, an HL7 report without OBR-4
-- codes) replaces the whole report; one that leaves out results of the current version took them out of the patient's
-- current record (round 34, a tester: a request's haematology part replaced by its biochemistry part), and one whose
-- result is pending where the current one's is final took the validated result out of it (a preliminary sent after its
-- final). The job compares the two versions' tests: it reads the stored results' test codes, labels and statuses, never
-- their values.
GRANT SELECT (document_id, code, display, result_status) ON dmp.observation TO dmp_ingest;
