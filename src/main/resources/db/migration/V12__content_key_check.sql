-- rules.md R11: one check value per content key id, recorded at the key's first use: HMAC-SHA256 of a fixed
-- label under the key (store/ContentKeyCheck). A key given under a known id with other bytes is refused at
-- start, before it seals anything that the rows' own key could no longer open (and `rotate-key` stop half way).
-- The check value reveals nothing of the key.
CREATE TABLE dmp.content_key (
    key_id         text        PRIMARY KEY,
    check_value    char(64)    NOT NULL CHECK (check_value ~ '^[0-9a-f]{64}$'),
    first_used_at  timestamptz NOT NULL DEFAULT now()
);
-- recorded once, never changed: neither the job nor anyone but the owner can replace a key's check value
GRANT SELECT, INSERT ON dmp.content_key TO dmp_ingest;
