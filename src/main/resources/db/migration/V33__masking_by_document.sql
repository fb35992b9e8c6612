-- rules.md R5, R13: a replacement looks up the patient's maskings of its set by document id (store/PatientMaskings);
-- the detail of a mask event is "<document id>[;|<code>]"
CREATE INDEX dossier_event_mask_document_idx ON dmp.dossier_event (btrim(split_part(translate(detail, '|', ';'), ';', 1)))
    WHERE kind = 'mask';
