-- issue 16 item 3 (writer's side), rules.md R5, R6, R7, R10: the job's role changes no state column and no row
-- without its audit row. Every change of a document's or a dossier's state goes through one of the functions
-- below, which writes the change and its audit row in one call. They are SECURITY DEFINER (they run as the
-- schema owner, who owns them), with a fixed search_path and fully qualified names, so that nothing the caller
-- puts on its own path changes what they touch. The job's role loses the direct rights they stand in for:
-- UPDATE of dossier and document state columns, UPDATE of content.data, DELETE of texts and results, INSERT
-- into the audit trail and into the oppositions.
--
-- The functions also refuse a change the audit row would misstate (the action must match the change) and what
-- the rules forbid whatever the caller decided: a DELETED dossier never changes again (R15), a death ends only
-- by its annulment (R4), a masking only adds codes and an unmasking only removes some (R6).

-- one audit row, as the owner; only the functions below call it (not granted to anyone)
CREATE FUNCTION dmp.audit_write(p_action text, p_feed text, p_sender text, p_job bigint, p_dossier bigint,
                                p_uid text, p_reason text, p_detail text, p_at_source timestamptz) RETURNS void
    LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
INSERT INTO dmp.audit_event (action, feed, sender_org, job_execution_id, dossier_id, document_uid, reason, detail, at_source)
VALUES (p_action, p_feed, p_sender, p_job, p_dossier, p_uid, p_reason, p_detail, p_at_source)
$$;
REVOKE ALL ON FUNCTION dmp.audit_write(text, text, text, bigint, bigint, text, text, text, timestamptz) FROM PUBLIC;

-- R5: drops the documents given (their rows stay, DELETED, without title nor evidence; texts and results go;
-- a content goes when no document still shares it); returns how many were not deleted before
CREATE FUNCTION dmp.drop_documents(p_ids bigint[]) RETURNS integer
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    dropped bigint[];
BEGIN
    WITH d AS (UPDATE dmp.document SET status = 'DELETED', status_changed_at = now(), title = NULL,
                                       classification = jsonb_build_object('deleted', true)
               WHERE id = ANY (p_ids) AND status <> 'DELETED' RETURNING id)
    SELECT coalesce(array_agg(id), '{}') INTO dropped FROM d;
    DELETE FROM dmp.document_text WHERE document_id = ANY (dropped);
    DELETE FROM dmp.observation WHERE document_id = ANY (dropped);
    UPDATE dmp.content c SET data = NULL, dropped_at = now()
    WHERE c.dropped_at IS NULL
      AND c.sha256 IN (SELECT x.content_sha256 FROM dmp.document x WHERE x.id = ANY (dropped))
      AND NOT EXISTS (SELECT 1 FROM dmp.document x WHERE x.content_sha256 = c.sha256 AND x.status <> 'DELETED');
    RETURN cardinality(dropped);
END
$$;
REVOKE ALL ON FUNCTION dmp.drop_documents(bigint[]) FROM PUBLIC;

-- R7: what a chunk of documents decided (never a change of state: those have their functions). A STORED row
-- names a document this run stored in that dossier, a CREATED row a dossier that exists.
CREATE FUNCTION dmp.record_outcomes(p_feed text, p_sender text, p_job bigint, p_actions text[], p_dossiers bigint[],
                                    p_uids text[], p_reasons text[], p_details text[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    n integer;
BEGIN
    IF EXISTS (SELECT 1 FROM unnest(p_actions) a WHERE a IS NULL OR a NOT IN ('STORED', 'DUPLICATE', 'REJECTED', 'CREATED')) THEN
        RAISE EXCEPTION 'an outcome is STORED, DUPLICATE, REJECTED or CREATED; a change of state has its own function'
            USING ERRCODE = '42501';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_actions, p_dossiers, p_uids) u(a, d, uid)
               WHERE (a = 'STORED' AND NOT EXISTS (SELECT 1 FROM dmp.document x WHERE x.document_uid = u.uid
                                                    AND x.dossier_id = u.d AND x.job_execution_id = p_job))
                  OR (a = 'CREATED' AND NOT EXISTS (SELECT 1 FROM dmp.dossier x WHERE x.id = u.d))) THEN
        RAISE EXCEPTION 'an outcome names a document or a dossier that is not stored' USING ERRCODE = '42501';
    END IF;
    INSERT INTO dmp.audit_event (action, feed, sender_org, job_execution_id, dossier_id, document_uid, reason, detail)
    SELECT u.a, p_feed, p_sender, p_job, u.d, u.uid, u.r, u.det
    FROM unnest(p_actions, p_dossiers, p_uids, p_reasons, p_details) AS u(a, d, uid, r, det);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

-- R13: the current version of a set becomes REPLACED, audited; false when it was not current
CREATE FUNCTION dmp.mark_replaced(p_id bigint, p_feed text, p_sender text, p_job bigint, p_detail text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    d bigint;
    uid text;
BEGIN
    UPDATE dmp.document SET status = 'REPLACED', status_changed_at = now() WHERE id = p_id AND status = 'CURRENT'
    RETURNING dossier_id, document_uid INTO d, uid;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM dmp.audit_write('REPLACED', p_feed, p_sender, p_job, d, uid, NULL, p_detail, NULL);
    RETURN true;
END
$$;

-- R3, R4: closing, reopening, a death, its annulment; the action must be the one the new status means
CREATE FUNCTION dmp.change_dossier_state(p_dossier bigint, p_status text, p_changed timestamptz, p_retention date,
                                         p_closed timestamptz, p_deceased timestamptz, p_action text, p_feed text,
                                         p_sender text, p_job bigint, p_detail text, p_at_source timestamptz) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    old text;
BEGIN
    SELECT status INTO old FROM dmp.dossier WHERE id = p_dossier FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such dossier' USING ERRCODE = 'P0002';
    END IF;
    IF (p_status, p_action) NOT IN (('CLOSED', 'CLOSED'), ('OPEN', 'REOPENED'), ('DECEASED', 'DEATH'),
                                    ('OPEN', 'DEATH_ANNULLED'), ('CLOSED', 'DEATH_ANNULLED')) THEN
        RAISE EXCEPTION 'the audit action does not match the new state' USING ERRCODE = '42501';
    END IF;
    IF old = 'DELETED' THEN -- R15: final
        RAISE EXCEPTION 'a deleted dossier never changes state' USING ERRCODE = '42501';
    END IF;
    IF old = 'DECEASED' AND p_status <> 'DECEASED' AND p_action <> 'DEATH_ANNULLED' THEN -- R4
        RAISE EXCEPTION 'a death ends only by its annulment' USING ERRCODE = '42501';
    END IF;
    IF p_action = 'DEATH_ANNULLED' AND old <> 'DECEASED' THEN
        RAISE EXCEPTION 'no death to annul' USING ERRCODE = '42501';
    END IF;
    UPDATE dmp.dossier SET status = p_status, state_changed_at = p_changed, retention_until = p_retention,
                           closed_at = p_closed, deceased_at = p_deceased, updated_at = now()
    WHERE id = p_dossier;
    PERFORM dmp.audit_write(p_action, p_feed, p_sender, p_job, p_dossier, NULL, NULL, p_detail, p_at_source);
END
$$;

-- R15: the dossier deleted at the patient's request, all its documents dropped at once; p_documents is the
-- number the caller counted (and the audit detail states): another number means the detail would lie
CREATE FUNCTION dmp.delete_dossier(p_dossier bigint, p_changed timestamptz, p_closed timestamptz, p_deceased timestamptz,
                                   p_documents integer, p_feed text, p_sender text, p_job bigint, p_detail text,
                                   p_at_source timestamptz) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    n integer;
BEGIN
    UPDATE dmp.dossier SET status = 'DELETED', state_changed_at = p_changed, retention_until = NULL, closed_at = p_closed,
                           deceased_at = p_deceased, updated_at = now()
    WHERE id = p_dossier AND status <> 'DELETED';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no dossier to delete' USING ERRCODE = '42501';
    END IF;
    n := dmp.drop_documents(ARRAY(SELECT id FROM dmp.document WHERE dossier_id = p_dossier));
    IF n <> p_documents THEN
        RAISE EXCEPTION 'the audit would state % documents, % were deleted', p_documents, n;
    END IF;
    PERFORM dmp.audit_write('DOSSIER_DELETED', p_feed, p_sender, p_job, p_dossier, NULL, NULL, p_detail, p_at_source);
    RETURN n;
END
$$;

-- R3, R14: a closed or deceased dossier past its retention loses its documents; PURGED says so
CREATE FUNCTION dmp.purge_dossier(p_dossier bigint, p_documents integer, p_feed text, p_detail text,
                                  p_at_source timestamptz) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    n integer;
BEGIN
    PERFORM 1 FROM dmp.dossier WHERE id = p_dossier AND status IN ('CLOSED', 'DECEASED') AND retention_until IS NOT NULL
        FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'only a closed or deceased dossier with a retention is purged' USING ERRCODE = '42501';
    END IF;
    n := dmp.drop_documents(ARRAY(SELECT id FROM dmp.document WHERE dossier_id = p_dossier));
    IF n <> p_documents THEN
        RAISE EXCEPTION 'the audit would state % documents, % were deleted', p_documents, n;
    END IF;
    PERFORM dmp.audit_write('PURGED', p_feed, NULL, NULL, p_dossier, NULL, NULL, p_detail, p_at_source);
    RETURN n;
END
$$;

-- R9: an opposition to a source, or its withdrawal (the row stays, inactive)
CREATE FUNCTION dmp.set_opposition(p_dossier bigint, p_source text, p_active boolean, p_changed timestamptz, p_feed text,
                                   p_sender text, p_job bigint, p_detail text, p_at_source timestamptz) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    INSERT INTO dmp.dossier_opposition (dossier_id, source, active, changed_at)
    VALUES (p_dossier, p_source, p_active, p_changed)
    ON CONFLICT (dossier_id, source) DO UPDATE SET active = EXCLUDED.active, changed_at = EXCLUDED.changed_at;
    PERFORM dmp.audit_write(CASE WHEN p_active THEN 'OPPOSITION' ELSE 'OPPOSITION_WITHDRAWN' END, p_feed, p_sender, p_job,
                            p_dossier, NULL, NULL, p_detail, p_at_source);
END
$$;

-- R12: the opposition to break-glass access
CREATE FUNCTION dmp.set_emergency_access(p_dossier bigint, p_opposed boolean, p_feed text, p_sender text, p_job bigint,
                                         p_detail text, p_at_source timestamptz) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    UPDATE dmp.dossier SET emergency_access_opposed = p_opposed, updated_at = now() WHERE id = p_dossier;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such dossier' USING ERRCODE = 'P0002';
    END IF;
    PERFORM dmp.audit_write('EMERGENCY_ACCESS', p_feed, p_sender, p_job, p_dossier, NULL, NULL, p_detail, p_at_source);
END
$$;

-- R5, R6: a masking only adds codes, an unmasking only removes some; a deleted document is not touched
CREATE FUNCTION dmp.set_confidentiality(p_dossier bigint, p_uid text, p_codes text[], p_action text, p_feed text,
                                        p_sender text, p_job bigint, p_detail text, p_at_source timestamptz) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    old text[];
    st text;
BEGIN
    SELECT confidentiality, status INTO old, st FROM dmp.document WHERE document_uid = p_uid AND dossier_id = p_dossier
        FOR UPDATE;
    IF NOT FOUND OR st = 'DELETED' THEN
        RAISE EXCEPTION 'no such document in the dossier' USING ERRCODE = '42501';
    END IF;
    IF NOT ((p_action = 'MASKED' AND p_codes @> old) OR (p_action = 'UNMASKED' AND p_codes <@ old)) THEN
        RAISE EXCEPTION 'a masking only adds codes, an unmasking only removes some' USING ERRCODE = '42501';
    END IF;
    UPDATE dmp.document SET confidentiality = p_codes WHERE document_uid = p_uid AND dossier_id = p_dossier;
    PERFORM dmp.audit_write(p_action, p_feed, p_sender, p_job, p_dossier, p_uid, NULL, p_detail, p_at_source);
END
$$;

-- R5: one version of a document deleted by the patient
CREATE FUNCTION dmp.delete_document(p_id bigint, p_dossier bigint, p_feed text, p_sender text, p_job bigint,
                                    p_detail text, p_at_source timestamptz) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    uid text;
BEGIN
    SELECT document_uid INTO uid FROM dmp.document WHERE id = p_id AND dossier_id = p_dossier AND status <> 'DELETED'
        FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such document in the dossier' USING ERRCODE = '42501';
    END IF;
    PERFORM dmp.drop_documents(ARRAY[p_id]);
    PERFORM dmp.audit_write('DELETED', p_feed, p_sender, p_job, p_dossier, uid, NULL, p_detail, p_at_source);
END
$$;

-- ins.md: the dossier takes the traits of a qualified identity update
CREATE FUNCTION dmp.update_identity(p_dossier bigint, p_birth_name text, p_first_names text[], p_sex text, p_birth_date date,
                                    p_birth_place text, p_feed text, p_sender text, p_job bigint, p_detail text,
                                    p_at_source timestamptz) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    UPDATE dmp.dossier SET birth_name = p_birth_name, first_names = p_first_names, sex = p_sex, birth_date = p_birth_date,
                           birth_place = p_birth_place, identity_status = 'QUAL', updated_at = now()
    WHERE id = p_dossier AND status <> 'DELETED';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such dossier' USING ERRCODE = '42501';
    END IF;
    PERFORM dmp.audit_write('IDENTITY_UPDATED', p_feed, p_sender, p_job, p_dossier, NULL, NULL, p_detail, p_at_source);
END
$$;

-- A40: the merged dossier's documents move under the surviving one; both dossiers audited. p_documents is the
-- number the caller counted (its audit detail states it)
CREATE FUNCTION dmp.merge_dossiers(p_surviving bigint, p_merged bigint, p_documents integer, p_feed text, p_sender text,
                                   p_job bigint, p_surviving_detail text, p_merged_detail text,
                                   p_at_source timestamptz) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    n integer;
BEGIN
    IF p_surviving = p_merged THEN
        RAISE EXCEPTION 'a dossier is not merged into itself' USING ERRCODE = '42501';
    END IF;
    UPDATE dmp.document SET dossier_id = p_surviving WHERE dossier_id = p_merged;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n <> p_documents THEN
        RAISE EXCEPTION 'the audit would state % documents, % moved', p_documents, n;
    END IF;
    UPDATE dmp.dossier SET merged_into = p_surviving, updated_at = now() WHERE id = p_merged;
    PERFORM dmp.audit_write('MERGED', p_feed, p_sender, p_job, p_surviving, NULL, NULL, p_surviving_detail, p_at_source);
    PERFORM dmp.audit_write('MERGED', p_feed, p_sender, p_job, p_merged, NULL, NULL, p_merged_detail, p_at_source);
    RETURN n;
END
$$;

-- who may call them: the job's role only
DO
$$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        'dmp.record_outcomes(text, text, bigint, text[], bigint[], text[], text[], text[])',
        'dmp.mark_replaced(bigint, text, text, bigint, text)',
        'dmp.change_dossier_state(bigint, text, timestamptz, date, timestamptz, timestamptz, text, text, text, bigint, text, timestamptz)',
        'dmp.delete_dossier(bigint, timestamptz, timestamptz, timestamptz, integer, text, text, bigint, text, timestamptz)',
        'dmp.purge_dossier(bigint, integer, text, text, timestamptz)',
        'dmp.set_opposition(bigint, text, boolean, timestamptz, text, text, bigint, text, timestamptz)',
        'dmp.set_emergency_access(bigint, boolean, text, text, bigint, text, timestamptz)',
        'dmp.set_confidentiality(bigint, text, text[], text, text, text, bigint, text, timestamptz)',
        'dmp.delete_document(bigint, bigint, text, text, bigint, text, timestamptz)',
        'dmp.update_identity(bigint, text, text[], text, date, text, text, text, bigint, text, timestamptz)',
        'dmp.merge_dossiers(bigint, bigint, integer, text, text, bigint, text, text, timestamptz)']
        LOOP
            EXECUTE 'REVOKE ALL ON FUNCTION ' || f || ' FROM PUBLIC';
            EXECUTE 'GRANT EXECUTE ON FUNCTION ' || f || ' TO dmp_ingest';
        END LOOP;
END
$$;

-- the direct rights the functions stand in for. Revoking a table right revokes its column rights too, so the
-- harmless ones are granted again: a new dossier's traits (it opens OPEN), a new document's metadata (it is
-- stored CURRENT), a new content's sealed bytes. SELECT ... FOR UPDATE needs an UPDATE right on some column:
-- dossier.updated_at and document.legacy_record_id (a migration's traceability, V13) are those.
REVOKE INSERT, UPDATE, DELETE ON dmp.dossier, dmp.dossier_opposition FROM dmp_ingest;
GRANT INSERT (ins, ins_oid, birth_name, first_names, sex, birth_date, birth_place, identity_status, created_by_feed)
    ON dmp.dossier TO dmp_ingest;
GRANT UPDATE (updated_at) ON dmp.dossier TO dmp_ingest;

REVOKE INSERT, UPDATE, DELETE ON dmp.document FROM dmp_ingest;
GRANT INSERT (document_uid, dossier_id, set_id, version_number, type_code, type_code_system, class_code, format_code,
              source_format, mime_type, title, author_institution, creation_time, confidentiality, source_feed, source_file,
              source_item, sender_app, sender_facility, message_control_id, identity_status, content_sha256, size_bytes,
              classification, job_execution_id, flags, replaces_id)
    ON dmp.document TO dmp_ingest;
GRANT UPDATE (legacy_record_id) ON dmp.document TO dmp_ingest;

REVOKE INSERT, UPDATE, DELETE ON dmp.content FROM dmp_ingest;
GRANT INSERT (sha256, media_type, size_bytes, key_id, data) ON dmp.content TO dmp_ingest;

REVOKE UPDATE, DELETE ON dmp.document_text, dmp.observation FROM dmp_ingest;

REVOKE INSERT, UPDATE, DELETE ON dmp.audit_event FROM dmp_ingest;
