package fr.dmp.ingest.cli;

import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.ops.KeptFileRetention;
import fr.dmp.ingest.store.ContentCipher;
import fr.dmp.ingest.store.DossierEventStore;
import fr.dmp.ingest.store.KeptFileAccess;
import fr.dmp.ingest.store.KeptFileKeyStore;
import org.springframework.jdbc.core.JdbcTemplate;
import fr.dmp.ingest.store.RunInfo;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code purge [--dry-run] [--today DATE]}: deletes what has passed its retention (rules.md R3, R14: a closed
 * dossier is kept ten years, then deleted): contents, texts and results of the documents of every closed or
 * deceased patient's dossier whose retention ended before today; the audit keeps that a purge happened. Meant
 * for a nightly schedule; a second run the same day finds nothing. {@code --today} sets the clock (tests, or
 * a catch-up); the default is today in Europe/Paris. Then the kept files: those past their feed's retention
 * ({@code retention:} in {@code jobs/<feed>.yml}) and those whose documents were deleted are deleted, audited.
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Deletes the contents of dossiers whose 10-year retention is over (rules.md R3, R14); audited.")
public final class PurgeCommand implements Callable<Integer> {

    @Option(names = "--dry-run", description = "count what would be deleted, change nothing")
    boolean dryRun;

    @Option(names = "--today", description = "the day the purge runs as (YYYY-MM-DD); default: today in Europe/Paris")
    String todayOption; // read here: picocli's own reading printed a DateTimeParseException and the whole usage (round 33)

    LocalDate today;

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    @Override
    public Integer call() {
        if (todayOption != null) {
            try {
                today = LocalDate.parse(todayOption.strip());
            } catch (java.time.format.DateTimeParseException e) {
                System.err.println("dmp-ingest: purge --today must be a day such as 2026-11-30 (got '"
                        + fr.dmp.ingest.domain.Printable.of(todayOption) + "')");
                return Cli.EXIT_USAGE;
            }
        }
        LocalDate now = LocalDate.now(Clock.system(ZoneId.of("Europe/Paris")));
        if (today != null && today.isAfter(now) && !dryRun) {
            // round 28, an operator: --today 2099-01-01 deleted every document and kept file of the install; a catch-up
            // only ever needs a past day, and a typed year (2062 for 2026) must not crypto-shred the store
            System.err.println("dmp-ingest: purge --today " + today + " is after today (" + now + "): a purge catches up"
                    + " past days only; --dry-run shows what a later day would delete");
            return Cli.EXIT_USAGE;
        }
        ConfigurableApplicationContext context = SpringContext.startExisting(springArguments);
        if (context == null) {
            return SpringContext.lastStartExit(); // busy 5, configuration 3 (no store here, a key...), else 1
        }
        try (context) {
            Clock clock = Clock.system(ZoneId.of("Europe/Paris"));
            LocalDate day = today != null ? today : LocalDate.now(clock);
            DossierEventStore.Purge p = run(context.getBean(DataSource.class), day, dryRun, clock);
            System.out.println("purge " + day + (p.dryRun() ? " (dry run): would delete " : ": deleted ") + p.documents()
                    + " documents of " + p.dossiers() + " dossiers past their retention");
            // then the kept files (issue 16): past their feed's retention, or unreadable once their documents went
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            KeptFileRetention.Summary k = new KeptFileRetention(new KeptFileAccess(jdbc), context.getBean(FeedFiles.class),
                    new KeptFileKeyStore(jdbc, context.getBean(ContentCipher.class))).apply(day, dryRun);
            System.out.println("purge " + day + (dryRun ? " (dry run): would delete " : ": deleted ") + "the kept files of "
                    + k.total() + " claims: " + k.archived() + " archived and " + k.quarantined()
                    + " quarantined past their feed's retention, " + k.unreadable() + " whose documents were deleted");
            return 0;
        } catch (fr.dmp.ingest.feed.FeedConfigException | java.io.UncheckedIOException e) {
            System.err.println("dmp-ingest: purge of the kept files stopped: " + e.getMessage());
            return Cli.EXIT_CANNOT_RUN;
        } catch (SQLException e) {
            System.err.println("dmp-ingest: purge failed (SQLState " + e.getSQLState() + "); nothing was deleted");
            return Cli.EXIT_CANNOT_RUN;
        }
    }

    /** One transaction: all of the purge, or nothing. */
    public static DossierEventStore.Purge run(DataSource dataSource, LocalDate today, boolean dryRun, Clock clock) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                DossierEventStore.Purge p = new DossierEventStore(new RunInfo("purge", null, 0, clock)).purge(c, today, dryRun);
                c.commit();
                return p;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
