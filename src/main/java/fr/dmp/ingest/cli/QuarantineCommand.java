package fr.dmp.ingest.cli;

import fr.dmp.ingest.domain.Printable;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.feed.FeedConfigException;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.ops.QuarantineDesk;
import fr.dmp.ingest.store.OperatorQueries;
import fr.dmp.ingest.store.OperatorQueries.QuarantinedFile;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code quarantine list|show|requeue|handled} (issue 17): the quarantined files of the store, what was
 * wrong with each, and the operator's two ways to close one; every action audited with the OS user.
 * Prints file names and claim tokens to the operator's terminal (never to a log), never a content.
 */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = "Lists, shows, requeues and closes quarantined files.",
        subcommands = {QuarantineCommand.ListFiles.class, QuarantineCommand.Show.class, QuarantineCommand.Requeue.class,
                QuarantineCommand.Handled.class})
public final class QuarantineCommand implements Runnable {

    @Override
    public void run() {
        throw Cli.missingSubcommand(spec);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What each subcommand does with the store once started. */
    abstract static class WithStore implements Callable<Integer> {
        @Unmatched
        List<String> springArguments = new ArrayList<>();

        abstract int call(OperatorQueries queries, ConfigurableApplicationContext context);

        int check() {
            return 0;
        }

        @Override
        public Integer call() {
            int usage = check();
            if (usage != 0) {
                return usage;
            }
            ConfigurableApplicationContext context = SpringContext.startExisting(springArguments);
            if (context == null) {
                return SpringContext.lastStartExit();
            }
            try (context) {
                return call(new OperatorQueries(context.getBean(JdbcTemplate.class)), context);
            }
        }

        static QuarantineDesk desk(OperatorQueries queries, ConfigurableApplicationContext context) {
            FeedFiles feeds = context.getBean(FeedFiles.class);
            return new QuarantineDesk(queries, feeds::load, context.getBean(Clock.class), System.getProperty("user.name", "?"),
                    new fr.dmp.ingest.store.KeptFileKeyStore(context.getBean(JdbcTemplate.class),
                            context.getBean(fr.dmp.ingest.store.ContentCipher.class)));
        }
    }

    static String line(QuarantinedFile q) {
        return String.format("%s  %-16s  %-22s  %-8s  %s  %s", q.decidedAt(), q.feed(), q.reason(), q.state(), q.token(),
                Printable.of(q.fileName()));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Quarantined files, newest first.")
    static final class ListFiles extends WithStore {
        @Option(names = "--feed", description = "only this feed")
        String feed;
        @Option(names = "--reason", description = "only this reason code (e.g. INS_INVALID)")
        String reason;
        @Option(names = "--since", description = "only files quarantined since this date (2026-11-30) or instant")
        String since;
        @Option(names = "--all", description = "also the files already requeued or handled")
        boolean all;

        Instant sinceInstant;

        @Override
        int check() {
            if (reason != null && java.util.Arrays.stream(ReasonCode.values()).noneMatch(r -> r.name().equals(reason))) {
                System.err.println("dmp-ingest: --reason: unknown reason code '" + reason + "'");
                return Cli.EXIT_USAGE;
            }
            if (since != null) {
                try {
                    sinceInstant = since.length() == 10 ? LocalDate.parse(since).atStartOfDay(ZoneId.systemDefault()).toInstant()
                            : Instant.parse(since);
                } catch (DateTimeParseException e) {
                    System.err.println("dmp-ingest: --since must be a date such as 2026-11-30 or an instant (got '" + since + "')");
                    return Cli.EXIT_USAGE;
                }
            }
            return 0;
        }

        @Override
        int call(OperatorQueries queries, ConfigurableApplicationContext context) {
            if (feed != null) {
                try {
                    context.getBean(FeedFiles.class).load(feed);
                } catch (FeedConfigException e) {
                    System.err.println("dmp-ingest: " + Feeds.unknownFeedLine(context.getBean(FeedFiles.class), feed, e));
                    return Cli.EXIT_CONFIGURATION;
                }
            }
            List<QuarantinedFile> files = queries.quarantined(feed, reason, sinceInstant, !all);
            for (QuarantinedFile q : files) {
                System.out.println(line(q));
            }
            System.out.println(files.size() + " file(s)" + (all ? "" : " open (--all: also requeued and handled)"));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A quarantined file: reason, detail, items, history.")
    static final class Show extends WithStore {
        @Parameters(paramLabel = "TOKEN|FILE", description = "a claim token, or a file name (every claim of it)")
        String designation;

        @Override
        int call(OperatorQueries queries, ConfigurableApplicationContext context) {
            List<QuarantinedFile> found = queries.designated(designation);
            if (found.isEmpty()) {
                System.err.println("dmp-ingest: no quarantined file has this token or name" + (designation.contains("***")
                        ? " (names are shown with their INS masked: give the claim's token from quarantine list)" : ""));
                return Cli.EXIT_CANNOT_RUN;
            }
            for (QuarantinedFile q : found) {
                System.out.println("claim " + q.token() + "  feed " + q.feed() + "  " + q.state());
                System.out.println("  file: " + Printable.of(q.fileName()) + (q.companionName() == null ? "" : " (sidecar " + Printable.of(q.companionName()) + ")")
                        // round 14: a file refused before it was read said "0 bytes, sha256 null" beside its kept bytes
                        + (q.sha256() == null ? ", not read (refused before its bytes were: by its name, kind or size)"
                        : ", " + q.sizeBytes() + " bytes, sha256 " + q.sha256()));
                System.out.println("  quarantined " + q.decidedAt() + " by job execution " + q.jobExecutionId() + ": " + q.reason());
                System.out.println("  detail: " + Printable.of(q.detail()));
                for (OperatorQueries.Item i : queries.items(q.token())) {
                    System.out.println("  item " + i.index() + ": " + i.reason() + "  " + Printable.of(i.detail()));
                }
                List<Integer> stored = queries.storedItems(q.token());
                if (!stored.isEmpty()) {
                    System.out.println("  stored all the same: item" + (stored.size() > 1 ? "s " : " ")
                            + stored.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                            + " (in the patient's record; a requeue finds " + (stored.size() > 1 ? "them" : "it") + " a duplicate)");
                }
                System.out.println("  history:");
                for (OperatorQueries.HistoryLine h : queries.history(q.feed(), q.fileName(), q.sha256())) {
                    System.out.println("    " + h.at() + "  " + h.what() + "  claim " + h.token()
                            + (h.jobExecutionId() == null ? "" : "  job execution " + h.jobExecutionId())
                            + (h.who() == null ? "" : "  by " + Printable.of(h.who())) + (h.comment() == null ? "" : "  \"" + Printable.of(h.comment()) + "\""));
                }
            }
            return 0;
        }
    }

    @Command(name = "requeue", mixinStandardHelpOptions = true,
            description = "Puts kept files back in their feed's drop folder, under their own name, to be ingested again.")
    static final class Requeue extends WithStore {
        @Parameters(paramLabel = "TOKEN|FILE", arity = "1..*", description = "claim tokens or file names")
        List<String> designations;

        @Override
        int call(OperatorQueries queries, ConfigurableApplicationContext context) {
            QuarantineDesk desk = desk(queries, context);
            int exit = 0;
            for (String d : designations) {
                try {
                    QuarantinedFile q = desk.open(d);
                    java.nio.file.Path written = desk.requeue(q);
                    // the name written, which the next run stores under: a name with a control character goes back
                    // under its spelling with '_' (round 26, a tester: the name as sent was printed, another written)
                    System.out.println("requeued claim " + q.token() + " to the drop folder of feed " + q.feed()
                            + " as " + Printable.of(written.getFileName()) + " (the feed's next run takes it after the quiet period;"
                            + " in a marker feed, its marker is written too)");
                } catch (QuarantineDesk.Refused | FeedConfigException e) {
                    System.err.println("dmp-ingest: " + Printable.of(d) + ": " + e.getMessage()); // a name holding an INS, masked (round 28)
                    exit = Cli.EXIT_CANNOT_RUN;
                }
            }
            return exit;
        }
    }

    /** Why a handled comment may not be kept (ops/QuarantineDesk.commentProblem), or null. */
    static String commentProblem(String comment) {
        return QuarantineDesk.commentProblem(comment);
    }

    @Command(name = "handled", mixinStandardHelpOptions = true,
            description = "Closes quarantined files dealt with otherwise (they stay kept); the comment says how.")
    static final class Handled extends WithStore {
        @Parameters(paramLabel = "TOKEN|FILE", arity = "1..*", description = "claim tokens or file names")
        List<String> designations;

        @Option(names = "--comment", required = true, description = "how it was handled (no patient data)")
        String comment;

        @Override
        int check() {
            if (comment.isBlank()) {
                System.err.println("dmp-ingest: --comment must say how the file was handled");
                return Cli.EXIT_USAGE;
            }
            String problem = commentProblem(comment);
            if (problem != null) {
                System.err.println("dmp-ingest: --comment " + problem);
                return Cli.EXIT_USAGE;
            }
            return 0;
        }

        @Override
        int call(OperatorQueries queries, ConfigurableApplicationContext context) {
            QuarantineDesk desk = desk(queries, context);
            int exit = 0;
            for (String d : designations) {
                try {
                    QuarantinedFile q = desk.open(d);
                    desk.handled(q, comment);
                    System.out.println("closed claim " + q.token() + " (feed " + q.feed() + ") as handled");
                } catch (QuarantineDesk.Refused | FeedConfigException e) {
                    System.err.println("dmp-ingest: " + Printable.of(d) + ": " + e.getMessage()); // a name holding an INS, masked (round 28)
                    exit = Cli.EXIT_CANNOT_RUN;
                }
            }
            return exit;
        }
    }
}
