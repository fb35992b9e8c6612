-- issue 19: the audit chain's head (V11) was read FOR UPDATE and rewritten for every audit row. A chunk writes some
-- 400 rows in one transaction, and each rewrite left one more version of the head row for the next read and write
-- to step over: per row, the lock, the read and the write of the head were ~0.13 ms of ~0.2 (pg_stat_statements on
-- 20,000 lab results). Now a row chains to the last row its own statement wrote (a BEFORE trigger sees the rows its
-- statement inserted before it, through the chain_seq index), or to the head for the statement's first row, and the
-- head advances once per statement (AFTER ... FOR EACH STATEMENT, transition table). The same order and hashes;
-- the head is still the anchor: a row always chains to the head or to a row written after it, so rows removed at
-- the end still show (report/AuditChain).
CREATE OR REPLACE FUNCTION dmp.audit_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    head record;
    prev_seq bigint;
    prev_hash bytea;
BEGIN
    PERFORM pg_advisory_xact_lock(293354881347);
    SELECT seq, hash INTO head FROM dmp.audit_chain_head FOR UPDATE;
    SELECT chain_seq, row_hash INTO prev_seq, prev_hash FROM dmp.audit_event WHERE chain_seq > head.seq
        ORDER BY chain_seq DESC LIMIT 1;
    IF NOT FOUND THEN
        prev_seq := head.seq;
        prev_hash := head.hash;
    END IF;
    NEW.at := clock_timestamp(); -- when the row takes its place: the trail's time follows the chain's order (V6)
    NEW.written_by := session_user::text;
    NEW.chain_seq := prev_seq + 1;
    NEW.prev_hash := prev_hash;
    NEW.row_hash := dmp.audit_chain_hash(prev_hash, NEW);
    RETURN NEW;
END
$$;

CREATE FUNCTION dmp.audit_chain_advance() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    UPDATE dmp.audit_chain_head h SET seq = n.chain_seq, hash = n.row_hash
    FROM (SELECT chain_seq, row_hash FROM new_rows ORDER BY chain_seq DESC LIMIT 1) n
    WHERE n.chain_seq > h.seq;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION dmp.audit_chain_advance() FROM PUBLIC;
CREATE TRIGGER audit_event_chain_advance
    AFTER INSERT ON dmp.audit_event
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dmp.audit_chain_advance();
