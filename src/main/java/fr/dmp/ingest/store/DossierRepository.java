package fr.dmp.ingest.store;

import fr.dmp.ingest.link.DossierOpening;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.InsOid;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.link.Dossier;
import fr.dmp.ingest.link.DossierStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Dossiers by INS, loaded and created in bulk: one round trip per chunk, not per document. */
public final class DossierRepository {

    static final String COLUMNS = "id, ins, ins_oid, birth_name, first_names, first_names_written_out, sex, birth_date, birth_date_precision, birth_place, status";
    /** The oppositions of a dossier (rules.md R9), as an array column next to COLUMNS. */
    static final String OPPOSITIONS = "(SELECT coalesce(array_agg(o.source), '{}') FROM dmp.dossier_opposition o"
            + " WHERE o.dossier_id = d.id AND o.active) AS opposed";

    /** The dossiers of these INS that exist, by INS. */
    public Map<Ins, Dossier> find(Connection c, List<Ins> keys) throws SQLException {
        Map<Ins, Dossier> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        // a dossier merged into another (ADT A40) leads to the surviving one
        try (PreparedStatement ps = c.prepareStatement("SELECT k.ins AS key_ins, k.oid AS key_oid, d." + COLUMNS.replace(", ", ", d.")
                + ", " + OPPOSITIONS + " FROM unnest(?::text[], ?::text[]) AS k(ins, oid)"
                + " JOIN dmp.dossier d0 ON d0.ins = k.ins AND d0.ins_oid = k.oid"
                + " JOIN dmp.dossier d ON d.id = coalesce(d0.merged_into, d0.id)")) {
            ps.setArray(1, Sql.text(c, keys, Ins::matricule));
            ps.setArray(2, Sql.text(c, keys, k -> k.oid().oid()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Dossier d = map(rs);
                    out.put(new Ins(rs.getString("key_ins"), InsOid.fromOid(rs.getString("key_oid")).orElseThrow()), d);
                }
            }
        }
        return out;
    }

    /**
     * Opens a dossier for each INS that has none, with the traits of the document that brought it
     * (rules.md R2, ins.md); one that another transaction created meanwhile is left as it is.
     * Returns the dossiers created here.
     */
    public Map<Ins, Dossier> create(Connection c, Map<Ins, DossierOpening> requests, String feed) throws SQLException {
        Map<Ins, Dossier> out = new HashMap<>();
        if (requests.isEmpty()) {
            return out;
        }
        List<DossierOpening> rows = new ArrayList<>(requests.values());
        rows.sort((a, b) -> a.ins().matricule().compareTo(b.ins().matricule())); // same lock order in every transaction
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.dossier"
                + " (ins, ins_oid, birth_name, first_names, first_names_written_out, sex, birth_date, birth_date_precision,"
                + " birth_place, identity_status, created_by_feed)"
                + " SELECT u.ins, u.oid, u.bn, u.fn::text[], u.fwo, u.sex, u.bd::date, u.bdp, u.bp, u.st, ?"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[]) AS u(ins, oid, bn, fn, fwo, sex, bd, bdp, bp, st)"
                + " ON CONFLICT ON CONSTRAINT dossier_one_per_ins DO NOTHING RETURNING " + COLUMNS)) {
            ps.setString(1, feed);
            ps.setArray(2, Sql.text(c, rows, r -> r.ins().matricule()));
            ps.setArray(3, Sql.text(c, rows, r -> r.ins().oid().oid()));
            ps.setArray(4, Sql.text(c, rows, r -> r.traits().birthName()));
            // first names are a list (ins.md): each row's list goes as an array literal, cast back to text[] above
            ps.setArray(5, Sql.text(c, rows, r -> r.traits().firstNames().isEmpty() ? null
                    : Sql.arrayLiteral(r.traits().firstNames())));
            // V41: a list written out in one string is kept as its words, and the dossier says so
            ps.setArray(6, c.createArrayOf("boolean", rows.stream().map(r -> r.traits().firstNamesWrittenOut()).toArray()));
            ps.setArray(7, Sql.text(c, rows, r -> r.traits().sex() == null ? null : r.traits().sex().name()));
            ps.setArray(8, Sql.text(c, rows, r -> r.traits().birthDate() == null ? null : r.traits().birthDate().earliest().toString()));
            ps.setArray(9, Sql.text(c, rows, r -> birthDatePrecision(r.traits().birthDate())));
            ps.setArray(10, Sql.text(c, rows, r -> r.traits().birthPlace()));
            ps.setArray(11, Sql.text(c, rows, r -> r.statusSeen() == null ? null : r.statusSeen().name()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Dossier d = map(rs);
                    out.put(d.ins(), d);
                }
            }
        }
        return out;
    }

    /** The {@code first_names text[]} value of a dossier row as a PostgreSQL array literal (for COPY loads). */
    public static String firstNamesLiteral(List<String> firstNames) {
        return firstNames.isEmpty() ? null : Sql.arrayLiteral(firstNames);
    }

    /** The {@code birth_date_precision} of a birth date: YEAR or MONTH when partial, null when whole or absent (V38). */
    public static String birthDatePrecision(BirthDate birth) {
        return birth == null || birth.complete() ? null : birth.precision().name();
    }

    /** A row's birth date: {@code birth_date} (the first day of the known period) at its {@code birth_date_precision}. */
    static BirthDate birthDate(ResultSet rs) throws SQLException {
        java.sql.Date birth = rs.getDate("birth_date");
        String precision = rs.getString("birth_date_precision");
        return birth == null ? null
                : BirthDate.of(birth.toLocalDate(), precision == null ? BirthDate.Precision.DAY : BirthDate.Precision.valueOf(precision));
    }

    /**
     * Writes a dossier's traits and its {@code IDENTITY_UPDATED} row in one call of the store's function (V16, V41): the
     * first names as the list they are ("Marie Claire" stays one), with how that list was written. Feed, sender and job
     * are null for an operator's correction.
     */
    static void updateIdentity(Connection c, long dossierId, Traits t, String feed, String sender, Long job, String detail,
                               java.sql.Timestamp atSource) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT dmp.update_identity(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, dossierId);
            ps.setString(2, t.birthName());
            ps.setArray(3, t.firstNames().isEmpty() ? null : c.createArrayOf("text", t.firstNames().toArray()));
            ps.setBoolean(4, t.firstNamesWrittenOut());
            ps.setString(5, t.sex() == null ? null : t.sex().name());
            ps.setDate(6, t.birthDate() == null ? null : java.sql.Date.valueOf(t.birthDate().earliest()));
            ps.setString(7, birthDatePrecision(t.birthDate()));
            ps.setString(8, t.birthPlace());
            ps.setString(9, feed);
            ps.setString(10, sender);
            if (job == null) {
                ps.setNull(11, java.sql.Types.BIGINT);
            } else {
                ps.setLong(11, job);
            }
            ps.setString(12, detail);
            ps.setTimestamp(13, atSource);
            ps.executeQuery().close();
        }
    }

    /** The traits of a dossier or event row: first names read as the list they are stored as, never split (ins.md). */
    static Traits traits(ResultSet rs) throws SQLException {
        java.sql.Array firstNames = rs.getArray("first_names"); // text[]
        return new Traits(rs.getString("birth_name"),
                firstNames == null ? List.of() : Arrays.asList((String[]) firstNames.getArray()),
                Sex.parse(rs.getString("sex")), birthDate(rs), rs.getString("birth_place"), rs.getBoolean("first_names_written_out"));
    }

    static Dossier map(ResultSet rs) throws SQLException {
        Ins ins = new Ins(rs.getString("ins"), InsOid.fromOid(rs.getString("ins_oid")).orElseThrow());
        Traits traits = traits(rs);
        java.util.Set<String> opposed = new java.util.HashSet<>();
        if (hasColumn(rs, "opposed")) {
            java.sql.Array a = rs.getArray("opposed");
            if (a != null) {
                opposed.addAll(Arrays.asList((String[]) a.getArray()));
            }
        }
        return new Dossier(rs.getLong("id"), ins, traits, DossierStatus.valueOf(rs.getString("status")), opposed);
    }

    private static boolean hasColumn(ResultSet rs, String name) throws SQLException {
        var md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (name.equals(md.getColumnLabel(i))) {
                return true;
            }
        }
        return false;
    }
}
