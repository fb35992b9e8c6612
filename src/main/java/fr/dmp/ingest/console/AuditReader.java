package fr.dmp.ingest.console;

import fr.dmp.ingest.report.AuditTrail;

/** The audit trail as the audit role reads it, with the pool it owns (closed with the console). */
record AuditReader(AuditTrail trail, AutoCloseable pool) implements AutoCloseable {

    @Override
    public void close() throws Exception {
        pool.close();
    }
}
