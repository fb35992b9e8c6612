-- A run's report row commits with the claim of its dispositions (ReportTasklet); its file and summary line come
-- after the job ends. A database lost in between (round 10 crash tester: kill -9 of PostgreSQL inside that window)
-- left the files counted in a report nobody ever saw. delivered_at records that the report file was written; the
-- next run of the feed writes those still undelivered, and a feed is never "nothing to do" while one waits.
ALTER TABLE dmp.run_report ADD COLUMN delivered_at timestamptz;
UPDATE dmp.run_report SET delivered_at = created_at;
CREATE INDEX run_report_undelivered_idx ON dmp.run_report (feed) WHERE delivered_at IS NULL;
