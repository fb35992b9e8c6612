-- rules.md R13: two versions of a lab report with the same report time (OBR-22, else OBR-7) and the same status were
-- ordered by arrival: dcm4che's earlier copy of a final, sent after the later one, became the current report (round 37, a
-- tester). The message's own time (MSH-7) now orders them; kept for HL7 lab reports only (null otherwise). A nullable
-- column without a default: no table rewrite.
ALTER TABLE dmp.document ADD COLUMN message_time timestamptz;
GRANT INSERT (message_time), SELECT (message_time) ON dmp.document TO dmp_ingest;
