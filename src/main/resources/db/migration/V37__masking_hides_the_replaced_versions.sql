-- rules.md R5, R6, R13, R17: the patient masks a document, not one version of it. A version that the set's current
-- version replaced is hidden from professionals as soon as that current version is masked from them (MASQUE_PS):
-- masking the latest version left the earlier ones, which say nearly the same, readable by set (found by review).
-- Same columns as V17, so the read functions keep their row type.
CREATE OR REPLACE VIEW dmp.professional_document WITH (security_barrier) AS
SELECT d.id, d.document_uid, d.dossier_id, d.status, d.type_code, d.class_code, d.source_format, d.mime_type, d.title,
       d.creation_time, d.stored_at, d.source_feed, d.source_file, d.source_item, d.message_control_id, d.set_id,
       d.version_number, d.replaces_id, d.confidentiality, d.flags, d.classification ->> 'source' AS classification_source,
       (d.classification ->> 'confidence')::float8 AS classification_confidence, d.size_bytes, d.job_execution_id,
       d.content_sha256, p.ins
FROM dmp.document d
         JOIN dmp.dossier p ON p.id = d.dossier_id
WHERE p.status = 'OPEN'
  AND p.merged_into IS NULL
  AND d.status <> 'DELETED'
  AND NOT d.confidentiality && ARRAY ['MASQUE_PS']::text[]
  AND NOT EXISTS (SELECT 1 FROM dmp.document c
                  WHERE c.set_id = d.set_id AND c.status = 'CURRENT' AND c.id <> d.id
                    AND c.confidentiality && ARRAY ['MASQUE_PS']::text[]);
REVOKE ALL ON dmp.professional_document FROM PUBLIC;
