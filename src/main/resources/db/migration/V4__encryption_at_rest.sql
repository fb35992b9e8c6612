-- rules.md R11: document contents encrypted at rest (AES-GCM, JDK crypto), each row naming the key that
-- sealed it so that keys can rotate. data = 12-byte nonce || ciphertext || 16-byte tag. Rows stored before
-- this migration have no key_id: they are plaintext until `rotate-key` re-seals them.
ALTER TABLE dmp.content ADD COLUMN key_id text;

ALTER TABLE dmp.document_text ALTER COLUMN text DROP NOT NULL;
ALTER TABLE dmp.document_text ADD COLUMN data bytea;
ALTER TABLE dmp.document_text ADD COLUMN key_id text;
ALTER TABLE dmp.document_text ADD CONSTRAINT document_text_sealed_or_legacy
    CHECK ((data IS NOT NULL AND key_id IS NOT NULL AND text IS NULL) OR (data IS NULL AND key_id IS NULL AND text IS NOT NULL));
