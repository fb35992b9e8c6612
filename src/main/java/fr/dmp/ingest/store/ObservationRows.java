package fr.dmp.ingest.store;

import fr.dmp.ingest.format.Observation;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Structured lab results: one {@code dmp.observation} row per result of a stored document, sent by COPY in the
 * chunk's transaction (issue 19: ≈ 80 % of the rows the job writes; half the CPU of the INSERT it replaced). The
 * rows belong to documents this transaction has just inserted, so none can exist already: COPY needs no
 * {@code ON CONFLICT}, and the primary key (document_id, seq) and the foreign key to the document still check each row.
 */
public final class ObservationRows {

    /** A result and the document it belongs to. */
    public record Row(long documentId, Observation o) {
    }

    static final String COPY = "COPY dmp.observation (document_id, seq, value_type, code, code_system, display, value,"
            + " numeric_value, unit, reference_range, abnormal_flags, result_status, observed_at, alt_code, alt_code_system,"
            + " order_seq, sub_id, parent_code, parent_sub_id) FROM STDIN";

    /** Returns the rows stored. */
    public long insert(Connection c, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (CopyStream copy = CopyStream.open(c, COPY)) {
            for (Row r : rows) {
                Observation o = r.o();
                copy.number(r.documentId()).number(o.seq()).text(o.valueType()).text(o.code()).text(o.codeSystem())
                        .text(o.display()).text(o.value())
                        .text(o.numericValue() == null ? null : o.numericValue().toPlainString())
                        .text(o.unit()).text(o.referenceRange()).text(o.abnormalFlags()).text(o.resultStatus())
                        .text(Sql.iso(o.observedAt()));
                Observation.Coding alt = o.alternate();
                copy.text(alt == null ? null : alt.code()).text(alt == null ? null : alt.system());
                Observation.Grouping g = o.grouping();
                copy.text(g == null || g.order() == 0 ? null : Integer.toString(g.order())).text(g == null ? null : g.subId())
                        .text(g == null ? null : g.parentCode()).text(g == null ? null : g.parentSubId()).endRow();
            }
            return copy.finish();
        }
    }
}
