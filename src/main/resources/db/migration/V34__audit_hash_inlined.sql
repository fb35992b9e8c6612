-- issue 19: the audit chain's hash (V11) is a SQL function that PostgreSQL inlines into the trigger's expression
-- only without a SET clause; with its own search_path it ran as a separate call with a setting saved and restored
-- per audit row: 0.17 ms per row in a chunk of 400 rows, 0.11 ms without (measured on 20,000 lab results, where
-- the audit trigger was over half of PostgreSQL's statement time). The hash is the same, field for field. Its body
-- names dmp.* in full and the rest is pg_catalog, which the trigger's own SET search_path puts first.
ALTER FUNCTION dmp.audit_chain_hash(bytea, dmp.audit_event) RESET search_path;
