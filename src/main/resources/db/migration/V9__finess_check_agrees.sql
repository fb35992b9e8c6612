-- rules.md R9: the source of an opposition is '*' or a FINESS number, checked as domain.Finess checks it
-- everywhere else (feed files, readers, the opposition event): 9 characters, the département first
-- (01-95, 2A/2B for Corsica, 97x/98x overseas), then digits. V3's pattern put the Corsican letter in the
-- third position, so that a Corsican FINESS ('2A0000001') accepted by a feed file was refused here.
-- NOT VALID: rows written under V3's pattern stay as they are (nothing written is lost); every row
-- inserted or updated from now on is checked.
ALTER TABLE dmp.dossier_opposition DROP CONSTRAINT dossier_opposition_source_check;
ALTER TABLE dmp.dossier_opposition ADD CONSTRAINT dossier_opposition_source_check CHECK (
    source = '*' OR source ~ '^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97|98)[0-9]{7}$') NOT VALID;
