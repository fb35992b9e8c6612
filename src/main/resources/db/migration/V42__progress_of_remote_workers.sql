-- issue 20: a remote run's files are decided by its workers, whose counts the manager's process never sees, so its
-- published progress (V31) stayed at 0 files done for the whole run. Each worker now adds the files it decides to
-- its run's row; the manager resets these two counts when the run starts and readers add them to its own.
ALTER TABLE dmp.run_progress
    ADD COLUMN workers_done        bigint NOT NULL DEFAULT 0 CHECK (workers_done >= 0),
    ADD COLUMN workers_quarantined bigint NOT NULL DEFAULT 0 CHECK (workers_quarantined >= 0);
