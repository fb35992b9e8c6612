-- issue 18: an operator gives a TYPE_UNKNOWN file its DMP type from the console. The assignment is kept
-- by the file's SHA-256 (a requeued file comes back with the same bytes under a new claim token); the
-- next run classifies the file's refused items with it, recording the operator as the classification's source.
CREATE TABLE dmp.type_assignment (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feed          text        NOT NULL,
    sha256        char(64)    NOT NULL,
    claim_token   text        NOT NULL,
    type_code     text        NOT NULL,
    assigned_by   text        NOT NULL,
    assigned_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX type_assignment_feed_sha ON dmp.type_assignment (feed, sha256);
GRANT SELECT, INSERT ON dmp.type_assignment TO dmp_ingest;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA dmp TO dmp_ingest;
