-- formats.md, "Results": what an OBX says beyond its first code (round 28, a tester on other projects' HL7 fixtures).
-- A test's second code (OBX-3.4 and its system OBX-3.6): French laboratories send their local code first and the LOINC
-- code second; only the first was kept, so a query by LOINC missed those results.
ALTER TABLE dmp.observation ADD COLUMN alt_code text, ADD COLUMN alt_code_system text;
-- Where a result sits: its order within the report (the OBR it follows, from 1), its sub-ID (OBX-4: which isolate of a
-- culture), and its order's parent result (OBR-26: code and sub-ID). A microbiology report sends one antibiogram order
-- per germ naming its isolate there: without them, two ampicillin rows (R for one germ, S for the other) could not be
-- told apart. NULL for the results stored before and for formats that have none (HPRIM, CDA).
ALTER TABLE dmp.observation ADD COLUMN order_seq integer CHECK (order_seq > 0), ADD COLUMN sub_id text,
    ADD COLUMN parent_code text, ADD COLUMN parent_sub_id text;
-- A query by LOINC looks at both codes (code_system = 'LN' AND code = x, or alt_code_system = 'LN' AND alt_code = x).
-- No index by code is added: results are most of the rows a run writes (README, "The results' write path").
