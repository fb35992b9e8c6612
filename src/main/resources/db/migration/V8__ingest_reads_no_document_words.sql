-- rules.md R10/R11: the job's role reads what deduplication, versions and linking need, never what a
-- document says. A title and the classification's evidence (word stems of the text) are words of the
-- document: dmp_ingest writes them but cannot read them back (dmp_reader can).
REVOKE SELECT ON dmp.document FROM dmp_ingest;
GRANT SELECT (id, document_uid, dossier_id, set_id, version_number, replaces_id, status, status_changed_at,
              type_code, type_code_system, class_code, format_code, source_format, mime_type, author_institution,
              creation_time, confidentiality, flags, source_feed, source_file, source_item, sender_app,
              sender_facility, message_control_id, identity_status, content_sha256, size_bytes,
              job_execution_id, stored_at)
    ON dmp.document TO dmp_ingest;
