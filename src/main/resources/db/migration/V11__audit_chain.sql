-- issue 16, rules.md R7/R10: the audit trail is tamper-evident. Each row is chained to the one before it:
-- row_hash = sha256(prev_hash || the row's fields), computed here, in the database, by a BEFORE INSERT trigger
-- that the job's role cannot bypass (SECURITY DEFINER, owned by the schema owner; only the owner may disable
-- a trigger). A transaction-level advisory lock puts concurrent chunks' rows in one serial order (chain_seq),
-- kept until commit; dmp.audit_chain_head holds the last position and hash, so that rows removed at the end
-- show too. `audit --verify` walks the chain with its own implementation of the hash (report/AuditChain).

ALTER TABLE dmp.audit_event ADD COLUMN chain_seq bigint;
ALTER TABLE dmp.audit_event ADD COLUMN prev_hash bytea;
ALTER TABLE dmp.audit_event ADD COLUMN row_hash bytea;
ALTER TABLE dmp.audit_event ADD COLUMN written_by text; -- the database role that wrote the row (session_user)

CREATE TABLE dmp.audit_chain_head (
    one_row  boolean PRIMARY KEY DEFAULT true CHECK (one_row),
    seq      bigint  NOT NULL,
    hash     bytea   NOT NULL
);
INSERT INTO dmp.audit_chain_head (seq, hash) VALUES (0, decode(repeat('00', 32), 'hex'));

-- one field of the hashed text: its length in UTF-8 bytes, ':', the value, '|'; '-|' for NULL (unambiguous)
CREATE FUNCTION dmp.audit_field(v text) RETURNS text
    LANGUAGE sql STABLE AS
$$
SELECT coalesce(octet_length(convert_to(v, 'UTF8'))::text || ':' || v, '-') || '|'
$$;

-- microseconds since the epoch: a time's text depends on the session's TimeZone and DateStyle, this does not
CREATE FUNCTION dmp.audit_micros(t timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE AS
$$
SELECT (extract(epoch FROM t) * 1000000)::bigint::text
$$;

-- report/AuditChain.java computes the same, field for field: change both or neither
CREATE FUNCTION dmp.audit_chain_hash(prev bytea, r dmp.audit_event) RETURNS bytea
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS
$$
SELECT sha256(prev || convert_to(
        dmp.audit_field(r.chain_seq::text) || dmp.audit_field(r.id::text) || dmp.audit_field(dmp.audit_micros(r.at))
            || dmp.audit_field(dmp.audit_micros(r.at_source)) || dmp.audit_field(r.action) || dmp.audit_field(r.feed)
            || dmp.audit_field(r.sender_org) || dmp.audit_field(r.job_execution_id::text)
            || dmp.audit_field(r.dossier_id::text) || dmp.audit_field(r.document_uid) || dmp.audit_field(r.reason)
            || dmp.audit_field(r.detail) || dmp.audit_field(r.written_by), 'UTF8'))
$$;

-- existing rows, chained once, in the order they were written
ALTER TABLE dmp.audit_event DISABLE TRIGGER audit_event_append_only;
DO
$$
DECLARE
    r dmp.audit_event;
    h bytea := decode(repeat('00', 32), 'hex');
    n bigint := 0;
BEGIN
    FOR r IN SELECT * FROM dmp.audit_event ORDER BY at, id
        LOOP
            n := n + 1;
            r.chain_seq := n;
            r.prev_hash := h;
            r.row_hash := dmp.audit_chain_hash(h, r);
            UPDATE dmp.audit_event SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, row_hash = r.row_hash WHERE id = r.id;
            h := r.row_hash;
        END LOOP;
    UPDATE dmp.audit_chain_head SET seq = n, hash = h;
END
$$;
ALTER TABLE dmp.audit_event ENABLE TRIGGER audit_event_append_only;

ALTER TABLE dmp.audit_event ALTER COLUMN chain_seq SET NOT NULL;
ALTER TABLE dmp.audit_event ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE dmp.audit_event ALTER COLUMN row_hash SET NOT NULL;
CREATE UNIQUE INDEX audit_event_chain_idx ON dmp.audit_event (chain_seq);

-- 0x444D50_4143 "DMP" "AC": the audit chain's lock, held until the inserting transaction ends
CREATE FUNCTION dmp.audit_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    head record;
BEGIN
    PERFORM pg_advisory_xact_lock(293354881347);
    SELECT seq, hash INTO head FROM dmp.audit_chain_head FOR UPDATE;
    NEW.at := clock_timestamp(); -- when the row takes its place: the trail's time follows the chain's order (V6)
    NEW.written_by := session_user::text;
    NEW.chain_seq := head.seq + 1;
    NEW.prev_hash := head.hash;
    NEW.row_hash := dmp.audit_chain_hash(head.hash, NEW);
    UPDATE dmp.audit_chain_head SET seq = NEW.chain_seq, hash = NEW.row_hash;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION dmp.audit_chain() FROM PUBLIC;
CREATE TRIGGER audit_event_chain
    BEFORE INSERT ON dmp.audit_event
    FOR EACH ROW EXECUTE FUNCTION dmp.audit_chain();

-- only the owner truncates (tests empty the store): an emptied trail starts a new chain
CREATE FUNCTION dmp.audit_chain_restart() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    UPDATE dmp.audit_chain_head SET seq = 0, hash = decode(repeat('00', 32), 'hex');
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION dmp.audit_chain_restart() FROM PUBLIC;
CREATE TRIGGER audit_event_chain_restart
    AFTER TRUNCATE ON dmp.audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION dmp.audit_chain_restart();

-- the job's role writes what happened, never where it sits in the chain, its time, its id or its writer
REVOKE INSERT ON dmp.audit_event FROM dmp_ingest;
GRANT INSERT (action, feed, sender_org, job_execution_id, dossier_id, document_uid, reason, detail, at_source)
    ON dmp.audit_event TO dmp_ingest;
-- the auditor verifies the chain up to its head
GRANT SELECT ON dmp.audit_chain_head TO dmp_audit;
