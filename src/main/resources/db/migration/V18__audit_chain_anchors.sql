-- issue 16: the audit chain anchored outside the database. At the end of each run the job writes the chain's head
-- (position and hash) into the run's report (report/AuditAnchors); `audit --verify` checks that the row at each
-- anchored position still has that hash, which catches an owner who rewrote the whole chain consistently. The
-- job's role reads the head for it: a position and a hash, nothing of any row.
GRANT SELECT ON dmp.audit_chain_head TO dmp_ingest;
