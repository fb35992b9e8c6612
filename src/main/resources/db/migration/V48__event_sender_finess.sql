-- The FINESS of the feed that recorded an event, so that an event applied later (it waited for its patient's first
-- document, rules.md R4/R9) is audited with its sender as one applied at once is (round 28's left item).
ALTER TABLE dmp.dossier_event ADD COLUMN sender_finess text;
