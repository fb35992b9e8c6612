package fr.dmp.ingest.store;

import fr.dmp.ingest.format.Observation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Structured lab results: one {@code dmp.observation} row per result of a stored document. */
final class ObservationRows {

    /** A result and the document it belongs to. */
    record Row(long documentId, Observation o) {
    }

    void insert(Connection c, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.observation (document_id, seq, value_type, code,"
                + " code_system, display, value, numeric_value, unit, reference_range, abnormal_flags, result_status, observed_at)"
                + " SELECT u.d, u.s, u.vt, u.c, u.cs, u.di, u.v, u.n::numeric, u.u, u.r, u.a, u.st, u.t::timestamptz"
                + " FROM unnest(?::int8[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u(d, s, vt, c, cs, di, v, n, u, r, a, st, t)"
                + " ON CONFLICT DO NOTHING")) {
            int i = 1;
            ps.setArray(i++, Sql.int8(c, rows, Row::documentId));
            ps.setArray(i++, Sql.int4(c, rows, r -> r.o().seq()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().valueType()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().code()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().codeSystem()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().display()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().value()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().numericValue() == null ? null : r.o().numericValue().toPlainString()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().unit()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().referenceRange()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().abnormalFlags()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().resultStatus()));
            ps.setArray(i++, Sql.text(c, rows, r -> Sql.iso(r.o().observedAt())));
            ps.executeUpdate();
        }
    }
}
