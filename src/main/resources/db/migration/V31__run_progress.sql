-- issue 18 and issue 17 item 6: one progress source for a running job, readable from another process
-- (the console's `serve`, the `ingest` progress line): one row per feed, rewritten every second or so
-- while its run goes on. Counts only.
CREATE TABLE dmp.run_progress (
    feed          text        PRIMARY KEY,
    total         bigint      NOT NULL CHECK (total >= 0),
    done          bigint      NOT NULL CHECK (done >= 0),
    quarantined   bigint      NOT NULL CHECK (quarantined >= 0),
    started_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    finished_at   timestamptz
);
GRANT SELECT, INSERT, UPDATE ON dmp.run_progress TO dmp_ingest;
