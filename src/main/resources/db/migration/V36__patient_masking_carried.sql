-- rules.md R5, R6, R13: a new version keeps the codes the patient's maskings put on the version it replaces (V33's
-- rule). The patient may lift those on it, never a flag its own sender stated: the confidentiality column alone
-- cannot tell the two apart when both hold the same code, so the codes carried from the patient are kept here.
ALTER TABLE dmp.document ADD COLUMN patient_masking text[] NOT NULL DEFAULT '{}';
ALTER TABLE dmp.document ADD CONSTRAINT document_patient_masking_known CHECK (
    patient_masking <@ ARRAY['R', 'V', 'MASQUE_PS', 'INVISIBLE_PATIENT', 'INVISIBLE_REPRESENTANTS_LEGAUX']::text[]);
GRANT INSERT (patient_masking), SELECT (patient_masking) ON dmp.document TO dmp_ingest;
