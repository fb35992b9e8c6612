-- Facts kept with a document, e.g. NO_TEXT_LAYER for a scanned PDF (stored, but flagged: issue "documents").
ALTER TABLE dmp.document ADD COLUMN flags text[] NOT NULL DEFAULT '{}';
