-- rules.md R3, R9: an event older than the newest one applied to its dossier (one that changed nothing too) is
-- superseded (round 27); finding that newest one is an index look-up, not a scan of every event ever recorded, since
-- it runs under the exclusive lock that document chunks wait for (a review). A dossier's identities: its own INS and
-- those merged into it.
CREATE INDEX dossier_event_applied_by_ins ON dmp.dossier_event (ins, ins_oid, kind, at) WHERE state = 'APPLIED';
CREATE INDEX dossier_merged_into ON dmp.dossier (merged_into) WHERE merged_into IS NOT NULL;
