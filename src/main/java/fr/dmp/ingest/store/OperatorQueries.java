package fr.dmp.ingest.store;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQL behind the operator's commands (issue 17): a feed's last run, its jobs left STARTED, its open
 * quarantine, each quarantined file's entries and history, and the append-only actions of the operator
 * (V14). Runs as the job's role; reads no content.
 */
public final class OperatorQueries {

    private final JdbcTemplate jdbc;

    public OperatorQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A run of the feed as Spring Batch recorded it, with its report's counts when it wrote one. */
    public record LastRun(long jobExecutionId, Instant started, Instant ended, String status, String exitCode,
                          Long files, Long stored, Long duplicates, Long quarantined) {
    }

    private static final String FEED_EXECUTIONS = " FROM batch.batch_job_execution e JOIN batch.batch_job_execution_params p"
            + " ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'feed' AND p.parameter_value = ?";

    public java.util.Optional<LastRun> lastRun(String feed) {
        return runs(feed, 1).stream().findFirst().map(Run::last);
    }

    /** Runs whose report file was never written (the database lost at their end): the next run of the feed writes them. */
    public long owedReports(String feed) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM dmp.run_report WHERE feed = ? AND delivered_at IS NULL", Long.class, feed);
        return n == null ? 0 : n;
    }

    /** A run with its report's counts per reason and per type (the console's Runs page, issue 18). */
    public record Run(LastRun last, Map<String, Long> reasons, Map<String, Long> types) {
    }

    private static final tools.jackson.databind.ObjectMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /** The feed's last runs, newest first, as Spring Batch recorded them, with their reports when written. */
    public List<Run> runs(String feed, int limit) {
        return jdbc.query("SELECT e.job_execution_id, e.start_time, e.end_time, e.status, e.exit_code,"
                + " (r.report->>'files')::bigint, (r.report->>'stored')::bigint, (r.report->>'duplicates')::bigint,"
                + " (r.report->>'quarantined')::bigint, r.report->'reasons', r.report->'types'" + FEED_EXECUTIONS
                + " LEFT JOIN dmp.run_report r ON r.job_execution_id = e.job_execution_id"
                + " ORDER BY e.job_execution_id DESC LIMIT ?", (rs, n) -> new Run(new LastRun(rs.getLong(1), instant(rs, 2),
                instant(rs, 3), rs.getString(4), rs.getString(5), (Long) rs.getObject(6), (Long) rs.getObject(7),
                (Long) rs.getObject(8), (Long) rs.getObject(9)), counts(rs.getString(10)), counts(rs.getString(11))),
                feed, limit);
    }

    private static Map<String, Long> counts(String json) {
        Map<String, Long> out = new TreeMap<>();
        if (json != null) {
            JSON.readTree(json).properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
        }
        return out;
    }

    /** A run's progress as the job last published it (V31): counts and times, never a file. */
    public record Published(String feed, long total, long done, long quarantined, Instant startedAt, Instant updatedAt,
                            Instant finishedAt) {
    }

    public java.util.Optional<Published> progress(String feed) {
        // a remote run's files are counted by its workers (V42), the manager's own in done
        return jdbc.query("SELECT feed, greatest(total, done + workers_done), done + workers_done, quarantined + workers_quarantined,"
                + " started_at, updated_at, finished_at FROM dmp.run_progress WHERE feed = ?", (rs, n) -> new Published(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                instant(rs, 5), instant(rs, 6), instant(rs, 7)), feed).stream().findFirst();
    }

    /** Files decided per feed, outcome and primary reason (empty for stored and duplicates): counts for monitoring. */
    public record FileCount(String feed, String outcome, String reason, long files) {
    }

    public List<FileCount> fileCounts() {
        return jdbc.query("SELECT feed, outcome, coalesce(primary_reason, ''), count(*) FROM dmp.disposition GROUP BY 1, 2, 3",
                (rs, n) -> new FileCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
    }

    /** Executions of the feed still STARTED: a run in progress, or one killed that the next run recovers. */
    public List<Long> startedExecutions(String feed) {
        return jdbc.queryForList("SELECT e.job_execution_id" + FEED_EXECUTIONS + " WHERE e.status = 'STARTED'"
                + " ORDER BY 1", Long.class, feed);
    }

    /** Files of the feed in quarantine, not yet requeued nor handled, by primary reason. */
    public Map<String, Long> openQuarantineByReason(String feed) {
        Map<String, Long> out = new TreeMap<>();
        jdbc.query("SELECT d.primary_reason, count(*) FROM dmp.disposition d WHERE d.feed = ? AND d.outcome = 'QUARANTINED'"
                + " AND NOT EXISTS (SELECT 1 FROM dmp.quarantine_action a WHERE a.claim_token = d.claim_token)"
                + " GROUP BY 1", rs -> {
            out.put(rs.getString(1), rs.getLong(2));
        }, feed);
        return out;
    }

    /**
     * The feed's patient events still waiting: for their dossier, for the document they name, and those not looked at yet
     * (a run stopped between recording and applying them); the oldest one's time.
     */
    public record WaitingEvents(long forDossier, long forDocument, long notYetApplied, Instant oldest) {
        public long total() {
            return forDossier + forDocument + notYetApplied;
        }
    }

    /**
     * rules.md R5, R4, R9: the events a patient-events feed recorded that wait (a masking naming a mistyped document id
     * would wait unseen otherwise).
     */
    public WaitingEvents waitingEvents(String feed) {
        // by what they wait for now, not by the outcome the last events step wrote: a document feed may have opened the
        // dossier since (round 30, a tester: "6 for their dossier" whose dossiers the same night had opened)
        return jdbc.queryForObject("SELECT count(*) FILTER (WHERE NOT k.dossier),"
                + " count(*) FILTER (WHERE k.dossier AND k.kind IN ('mask', 'unmask', 'delete-document') AND k.outcome IS NOT NULL),"
                + " count(*) FILTER (WHERE k.dossier AND (k.kind NOT IN ('mask', 'unmask', 'delete-document') OR k.outcome IS NULL)),"
                + " min(k.at) FROM (SELECT e.kind, e.outcome, e.at, EXISTS (SELECT 1 FROM dmp.dossier d WHERE d.ins = e.ins"
                + " AND d.ins_oid = e.ins_oid) AS dossier FROM dmp.dossier_event e WHERE e.feed = ? AND e.state = 'PENDING') k",
                (rs, i) -> new WaitingEvents(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()), feed);
    }

    /**
     * A migration's manifest lines by their state at the last reconciliation (never reconciled: {@code new}); empty for a
     * feed without a manifest, or for a reader the table is not granted to (round 13: status said nothing of it).
     */
    public Map<String, Long> manifestStates(String feed) {
        Map<String, Long> out = new TreeMap<>();
        try {
            jdbc.query("SELECT coalesce(state, 'new'), count(*) FROM dmp.migration_manifest_line WHERE feed = ? GROUP BY 1",
                    rs -> {
                        out.put(rs.getString(1), rs.getLong(2));
                    }, feed);
        } catch (org.springframework.dao.DataAccessException e) {
            return Map.of();
        }
        return out;
    }

    /** A quarantined file: its claim, name(s), reason, first detail, and its state (OPEN, REQUEUED, HANDLED). */
    public record QuarantinedFile(String token, String feed, String fileName, String companionName, String sha256,
                                  long sizeBytes, String reason, String detail, long jobExecutionId, Instant decidedAt,
                                  String state) {
    }

    private static final String QUARANTINED = "SELECT d.claim_token, d.feed, d.original_name, d.companion_name, d.sha256,"
            + " d.size_bytes, d.primary_reason, (SELECT q.detail FROM dmp.quarantine_entry q WHERE q.claim_token = d.claim_token"
            + " AND q.reason = d.primary_reason ORDER BY q.item_index LIMIT 1), d.job_execution_id, d.decided_at,"
            + " coalesce((SELECT a.action FROM dmp.quarantine_action a WHERE a.claim_token = d.claim_token ORDER BY a.id DESC"
            + " LIMIT 1), 'OPEN') FROM dmp.disposition d WHERE d.outcome = 'QUARANTINED'";

    private static QuarantinedFile quarantined(ResultSet rs, int n) throws SQLException {
        return new QuarantinedFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getString(7), rs.getString(8), rs.getLong(9), instant(rs, 10), rs.getString(11));
    }

    /** Quarantined files, the newest first; each filter may be null. {@code open}: only those not requeued nor handled. */
    public List<QuarantinedFile> quarantined(String feed, String reason, Instant since, boolean open) {
        StringBuilder sql = new StringBuilder(QUARANTINED);
        List<Object> args = new ArrayList<>();
        if (feed != null) {
            sql.append(" AND d.feed = ?");
            args.add(feed);
        }
        if (reason != null) {
            sql.append(" AND d.primary_reason = ?");
            args.add(reason);
        }
        if (since != null) {
            sql.append(" AND d.decided_at >= ?");
            args.add(Timestamp.from(since));
        }
        if (open) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM dmp.quarantine_action a WHERE a.claim_token = d.claim_token)");
        }
        sql.append(" ORDER BY d.decided_at DESC, d.claim_token");
        return jdbc.query(sql.toString(), OperatorQueries::quarantined, args.toArray());
    }

    /** The quarantined file(s) a TOKEN or a FILE name designates: the token's, else every claim of that name. */
    public List<QuarantinedFile> designated(String tokenOrName) {
        List<QuarantinedFile> byToken = jdbc.query(QUARANTINED + " AND d.claim_token = ?", OperatorQueries::quarantined,
                tokenOrName);
        if (!byToken.isEmpty()) {
            return byToken;
        }
        return jdbc.query(QUARANTINED + " AND d.original_name = ? ORDER BY d.decided_at", OperatorQueries::quarantined,
                tokenOrName);
    }

    /** One rejected item of a quarantined file. */
    public record Item(int index, String reason, String detail) {
    }

    public List<Item> items(String token) {
        return jdbc.query("SELECT item_index, reason, detail FROM dmp.quarantine_entry WHERE claim_token = ? ORDER BY item_index",
                (rs, n) -> new Item(rs.getInt(1), rs.getString(2), rs.getString(3)), token);
    }

    /**
     * The items of a quarantined file that were stored all the same (a file is quarantined when one of its items is
     * refused): an operator reading only the refused items could not tell a message was already in a patient's record
     * (round 34, a tester on HAPI's test files).
     */
    public List<Integer> storedItems(String token) {
        return jdbc.queryForList("SELECT (i ->> 'index')::int FROM dmp.disposition d, jsonb_array_elements(d.items) i"
                + " WHERE d.claim_token = ? AND i ->> 'kind' = 'STORED' ORDER BY 1", Integer.class, token);
    }

    /** A line of a file's history: what the job decided at each claim, and what the operator did. */
    public record HistoryLine(Instant at, String what, String token, Long jobExecutionId, String who, String comment) {
    }

    /**
     * The history of a file: every claim of the same name or the same bytes in the feed (a requeued file
     * comes back under a new token), and the operator's actions on them, in time order.
     */
    public List<HistoryLine> history(String feed, String fileName, String sha256) {
        // a claim of the same name and other bytes says so: a lab reusing file names had its other file's STORED read as
        // this one's (round 33, a tester)
        return jdbc.query("WITH claims AS (SELECT claim_token, decided_at, outcome, primary_reason, job_execution_id, sha256"
                + " FROM dmp.disposition WHERE feed = ? AND (original_name = ? OR (sha256 IS NOT NULL AND sha256 = ?)))"
                + " SELECT decided_at, outcome || coalesce(' ' || primary_reason, '') || CASE WHEN ?::text IS NOT NULL"
                + " AND sha256 IS DISTINCT FROM ?::text THEN ' (other bytes)' ELSE '' END, claim_token, job_execution_id, NULL, NULL"
                + " FROM claims UNION ALL SELECT a.at, a.action, a.claim_token, NULL, a.os_user, a.comment"
                + " FROM dmp.quarantine_action a JOIN claims c ON c.claim_token = a.claim_token ORDER BY 1",
                (rs, n) -> new HistoryLine(instant(rs, 1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4),
                        rs.getString(5), rs.getString(6)), feed, fileName, sha256, sha256, sha256);
    }

    /**
     * Runs {@code action} while holding this claim's lock (a PostgreSQL session lock, so that the console's threads and a
     * command line in another process wait for each other): a double click on Re-queue moved the files twice at once,
     * and the losing click deleted the sidecar the winning one had put back (round 33, a tester). A waiter tries again
     * for {@link #CLAIM_LOCK_WAIT} without holding a connection meanwhile, then is refused (a review: waiters holding
     * connections could starve the holder's own queries).
     */
    public <T> T exclusively(String token, java.util.function.Supplier<T> action) {
        long until = System.nanoTime() + CLAIM_LOCK_WAIT.toNanos();
        while (true) {
            Object[] result = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Object[]>) c -> {
                if (!claimLock(c, token, "pg_try_advisory_lock")) {
                    return null;
                }
                try {
                    return new Object[] {action.get()};
                } finally {
                    claimLock(c, token, "pg_advisory_unlock");
                }
            });
            if (result != null) {
                @SuppressWarnings("unchecked")
                T value = (T) result[0];
                return value;
            }
            if (System.nanoTime() > until) {
                throw new ClaimBusy("claim " + token + ": another action on it is still under way; try again in a moment");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClaimBusy("claim " + token + ": interrupted while another action on it was under way");
            }
        }
    }

    private static boolean claimLock(java.sql.Connection c, String token, String function) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT " + function + "(" + CLAIM_LOCK_SPACE + ", hashtext(?))")) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** How long an action on a claim waits for another on the same claim to end. */
    static final java.time.Duration CLAIM_LOCK_WAIT = java.time.Duration.ofSeconds(30);

    /** Another action holds the claim longer than {@link #CLAIM_LOCK_WAIT}. */
    public static final class ClaimBusy extends RuntimeException {
        public ClaimBusy(String message) {
            super(message);
        }
    }

    private static final int CLAIM_LOCK_SPACE = 0x444D51; // "DMQ": quarantined claims

    /** The state of a claim's quarantine entry now (OPEN, REQUEUED, HANDLED...), or null when it has none. */
    public String stateOf(String token) {
        List<QuarantinedFile> found = jdbc.query(QUARANTINED + " AND d.claim_token = ?", OperatorQueries::quarantined, token);
        return found.isEmpty() ? null : found.get(found.size() - 1).state();
    }

    /**
     * Closes the file's open quarantine rows and appends the operator's action, in one statement, only while they are
     * open: of two actions at once on one file (round 9: ten requeues and ten "handled" in parallel recorded HANDLED,
     * HANDLED, REQUEUED), the second waits for the first's row locks, finds the rows closed and records nothing.
     * Returns whether this call closed the file.
     */
    public boolean close(String feed, String token, String action, String osUser, String comment) {
        Integer actions = jdbc.queryForObject("WITH open AS (UPDATE dmp.quarantine_entry SET closed_at = now(), closed_as = ?"
                + " WHERE claim_token = ? AND closed_at IS NULL RETURNING claim_token),"
                + " a AS (INSERT INTO dmp.quarantine_action (feed, claim_token, action, os_user, comment)"
                + " SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM open) RETURNING at) SELECT count(*)::int FROM a",
                Integer.class, action, token, feed, token, action, osUser, comment);
        return actions != null && actions > 0;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
