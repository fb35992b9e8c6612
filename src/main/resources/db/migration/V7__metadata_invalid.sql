-- reasons.md: "add codes, never rename or reuse one". A metadata value outside its code list (e.g. a
-- confidentiality code that codes.md does not know) was refused by the document table's CHECK and ended
-- as INTERNAL_ERROR; the validation stage now names it.
INSERT INTO dmp.reason_code (code) VALUES ('METADATA_INVALID');
