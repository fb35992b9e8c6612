package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.Disposition.ItemOutcome;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows that record what was decided, in the transaction of what they decide: audit events (R7),
 * quarantine entries and one disposition per input file (design.md: a file moves only after its
 * disposition commits, which is what makes a crash safe). Idempotent where a chunk may be written again.
 */
final class DecisionRows {

    private final RunInfo run;

    DecisionRows(RunInfo run) {
        this.run = run;
    }

    /** Dispositions and the quarantine entries of their rejected items. */
    void recordDecisions(Connection c, List<Disposition> dispositions) throws SQLException {
        List<QuarantineRow> quarantine = new ArrayList<>();
        for (Disposition d : dispositions) {
            for (ItemOutcome i : d.rejections()) {
                quarantine.add(new QuarantineRow(d, i));
            }
        }
        insertQuarantine(c, quarantine);
        insertDispositions(c, dispositions);
    }

    /** Dispositions with their quarantine entries and the rejections' audit rows, for files that store no document. */
    void recordWithAudit(Connection c, List<Disposition> dispositions) throws SQLException {
        List<AuditRow> audit = new ArrayList<>();
        for (Disposition d : dispositions) {
            for (ItemOutcome i : d.rejections()) {
                audit.add(AuditRow.rejected(null, null, Rejection.of(i.reason(), i.detail())));
            }
        }
        insertAudit(c, audit);
        recordDecisions(c, dispositions);
    }

    /** Through the store's own function (V16): the job's role has no INSERT on the trail, and writes no change of state here. */
    void insertAudit(Connection c, List<AuditRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT dmp.record_outcomes(?, ?, ?, ?::text[], ?::int8[], ?::text[],"
                + " ?::text[], ?::text[])")) {
            ps.setString(1, run.feed());
            ps.setString(2, run.senderFiness());
            ps.setLong(3, run.jobExecutionId());
            ps.setArray(4, Sql.text(c, rows, AuditRow::action));
            ps.setArray(5, Sql.int8(c, rows, AuditRow::dossierId));
            ps.setArray(6, Sql.text(c, rows, AuditRow::documentUid));
            ps.setArray(7, Sql.text(c, rows, AuditRow::reason));
            ps.setArray(8, Sql.text(c, rows, AuditRow::detail));
            ps.executeQuery().close();
        }
    }

    private record QuarantineRow(Disposition d, ItemOutcome item) {
    }

    private void insertQuarantine(Connection c, List<QuarantineRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.quarantine_entry (feed, claim_token, file_name,"
                + " sha256, item_index, reason, detail, job_execution_id)"
                + " SELECT ?, u.t, u.f, u.s, u.i, u.r, u.d, ? FROM unnest(?::text[], ?::text[], ?::text[], ?::int4[],"
                + " ?::text[], ?::text[]) AS u(t, f, s, i, r, d) ON CONFLICT ON CONSTRAINT quarantine_entry_once DO NOTHING")) {
            ps.setString(1, run.feed());
            ps.setLong(2, run.jobExecutionId());
            ps.setArray(3, Sql.text(c, rows, r -> r.d().token()));
            ps.setArray(4, Sql.text(c, rows, r -> r.d().originalName()));
            ps.setArray(5, Sql.text(c, rows, r -> r.d().sha256()));
            ps.setArray(6, Sql.int4(c, rows, r -> r.item().index()));
            ps.setArray(7, Sql.text(c, rows, r -> r.item().reason().name()));
            ps.setArray(8, Sql.text(c, rows, r -> r.item().detail()));
            ps.executeUpdate();
        }
    }

    private void insertDispositions(Connection c, List<Disposition> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.disposition (claim_token, feed, original_name,"
                + " companion_name, sha256, size_bytes, outcome, primary_reason, items, job_execution_id, decided_at)"
                + " SELECT u.t, ?, u.n, u.c, u.s, u.z, u.o, u.r, u.i::jsonb, ?, ?::timestamptz"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::text[])"
                + " AS u(t, n, c, s, z, o, r, i) ON CONFLICT (claim_token) DO NOTHING")) {
            ps.setString(1, run.feed());
            ps.setLong(2, run.jobExecutionId());
            ps.setString(3, rows.get(0).decidedAt().toString());
            ps.setArray(4, Sql.text(c, rows, Disposition::token));
            ps.setArray(5, Sql.text(c, rows, Disposition::originalName));
            ps.setArray(6, Sql.text(c, rows, Disposition::companionName));
            ps.setArray(7, Sql.text(c, rows, Disposition::sha256));
            ps.setArray(8, Sql.int8(c, rows, Disposition::size));
            ps.setArray(9, Sql.text(c, rows, d -> d.outcome().name()));
            ps.setArray(10, Sql.text(c, rows, d -> d.primaryReason() == null ? null : d.primaryReason().name()));
            ps.setArray(11, Sql.text(c, rows, DispositionJson::items));
            ps.executeUpdate();
        }
    }
}
