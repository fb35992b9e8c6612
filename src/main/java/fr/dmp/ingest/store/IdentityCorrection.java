package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.link.IdentityUpdate;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@code dossier correct-identity EVENT} (round 16): the way a dossier whose traits are wrong is corrected. A feed never
 * changes a trait a dossier holds (ins.md), so a qualified identity update that disagrees is refused
 * {@code IDENTITY_MISMATCH} and audited with its event id; a person of identity vigilance who has checked the patient's
 * identity applies that refused update here. The dossier takes its traits ({@link IdentityUpdate#corrected}) through
 * the store's own function, audited {@code IDENTITY_UPDATED} under the operator's name with the identity-vigilance
 * ticket's reference (never free text: {@link #ticketProblem}); the event
 * becomes {@code APPLIED}. Documents refused meanwhile can then be requeued.
 */
public final class IdentityCorrection {

    /** Why a correction was not made: one line for the operator, no trait's value. */
    public static final class Refused extends Exception {
        Refused(String why) {
            super(why);
        }
    }

    /**
     * The identity-vigilance ticket a correction cites, the only text of the operator's that enters the patient's
     * permanent history: letters and digits (both), dots, hyphens, underscores, at most 40, no run of more than 8
     * digits. Round 17's tester put a name, a birth date, a diagnosis and an INS in a free comment, kept for good.
     */
    private static final java.util.regex.Pattern TICKET =
            java.util.regex.Pattern.compile("(?=.*[A-Za-z])(?=.*[0-9])(?!.*[0-9]{9})[A-Za-z0-9][A-Za-z0-9._-]{1,39}");

    /** Why a ticket reference may not enter the audit trail, or null when it may. */
    public static String ticketProblem(String ticket) {
        return ticket != null && TICKET.matcher(ticket).matches() ? null
                : "--ticket is the identity-vigilance ticket's reference (letters and digits, . - _, at most 40,"
                        + " no long number such as an INS or a date): never patient data";
    }

    private final JdbcTemplate jdbc;

    public IdentityCorrection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies refused identity event {@code eventId} to its dossier, in one transaction; returns the dossier's id. */
    public long correct(long eventId, String operator, String ticket) throws Refused {
        if (ticketProblem(ticket) != null) {
            throw new Refused(ticketProblem(ticket));
        }
        try {
            Long dossier = jdbc.execute((Connection c) -> {
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    long id = correct(c, eventId, operator, ticket);
                    c.commit();
                    return id;
                } catch (Refused r) {
                    c.rollback();
                    throw new RefusedCarrier(r);
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(auto);
                }
            });
            return dossier;
        } catch (RefusedCarrier r) {
            throw (Refused) r.getCause();
        }
    }

    /** Carries a {@link Refused} out of the JDBC callback. */
    private static final class RefusedCarrier extends RuntimeException {
        RefusedCarrier(Refused r) {
            super(r);
        }
    }

    private static long correct(Connection c, long eventId, String operator, String ticket) throws SQLException, Refused {
        Traits update;
        String ins;
        String oid;
        java.sql.Timestamp at;
        try (PreparedStatement ps = c.prepareStatement("SELECT state, outcome, "
                + DossierEventStore.EVENT_COLUMNS + " FROM dmp.dossier_event WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new Refused("no patient event " + eventId);
                }
                if (!"identity".equals(rs.getString("kind")) || !"QUAL".equals(rs.getString("identity_status"))) {
                    throw new Refused("event " + eventId + " is no qualified identity update");
                }
                String outcome = rs.getString("outcome");
                if (!"REFUSED".equals(rs.getString("state")) || outcome == null || !outcome.startsWith("IDENTITY_MISMATCH")) {
                    throw new Refused("event " + eventId + " was not refused IDENTITY_MISMATCH (state "
                            + rs.getString("state") + ")");
                }
                update = DossierRepository.traits(rs);
                ins = rs.getString("ins");
                oid = rs.getString("ins_oid");
                at = rs.getTimestamp("at");
            }
        }
        long dossierId;
        Traits current;
        try (PreparedStatement ps = c.prepareStatement("SELECT d2.id, d2.birth_name, d2.first_names, d2.first_names_written_out,"
                + " d2.sex, d2.birth_date, d2.birth_date_precision, d2.birth_place FROM dmp.dossier d"
                + " JOIN dmp.dossier d2 ON d2.id = coalesce(d.merged_into, d.id)"
                + " WHERE d.ins = ? AND d.ins_oid = ? AND d2.status <> 'DELETED' FOR UPDATE OF d2")) {
            ps.setString(1, ins);
            ps.setString(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new Refused("the dossier of event " + eventId + " no longer exists");
                }
                dossierId = rs.getLong("id");
                current = DossierRepository.traits(rs);
            }
        }
        Traits t = IdentityUpdate.corrected(update, current);
        DossierRepository.updateIdentity(c, dossierId, t, null, null, null,
                "traits corrected by " + operator + " from refused identity event " + eventId + ", ticket " + ticket, at);
        try (PreparedStatement ps = c.prepareStatement("UPDATE dmp.dossier_event SET state = 'APPLIED',"
                + " outcome = 'identity corrected by an operator', applied_at = now() WHERE id = ?")) {
            ps.setLong(1, eventId);
            ps.executeUpdate();
        }
        return dossierId;
    }
}
