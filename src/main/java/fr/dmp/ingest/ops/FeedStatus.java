package fr.dmp.ingest.ops;

import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.format.Sidecars;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.intake.DropFolder;
import fr.dmp.ingest.store.OperatorQueries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What an operator needs to know of a feed without opening a file (issue 17, {@code status}): its last run,
 * what waits in its drop folder and why, what is left in claim, jobs left STARTED, open quarantine by reason.
 * Lines name no file and no patient.
 */
public final class FeedStatus {

    private final OperatorQueries queries;
    private final Clock clock;

    public FeedStatus(OperatorQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    public record Status(String feed, Optional<OperatorQueries.LastRun> lastRun, DropFolder.Waiting waiting, long claimed,
                         List<Long> started, Map<String, Long> quarantine, String missingDrop, long owedReports,
                         Map<String, Long> manifest, OperatorQueries.WaitingEvents events) {
        public Status {
            manifest = manifest == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(manifest));
        }

        public Status(String feed, Optional<OperatorQueries.LastRun> lastRun, DropFolder.Waiting waiting, long claimed,
                      List<Long> started, Map<String, Long> quarantine, String missingDrop, long owedReports,
                      Map<String, Long> manifest) {
            this(feed, lastRun, waiting, claimed, started, quarantine, missingDrop, owedReports, manifest, null);
        }

        public Status(String feed, Optional<OperatorQueries.LastRun> lastRun, DropFolder.Waiting waiting, long claimed,
                      List<Long> started, Map<String, Long> quarantine, String missingDrop, long owedReports) {
            this(feed, lastRun, waiting, claimed, started, quarantine, missingDrop, owedReports, Map.of());
        }
    }

    public Status of(Feed feed) {
        return new Status(feed.name(), queries.lastRun(feed.name()), waiting(feed, clock), claimed(feed),
                queries.startedExecutions(feed.name()), queries.openQuarantineByReason(feed.name()),
                Files.isDirectory(feed.drop()) ? null : feed.drop().toString(), queries.owedReports(feed.name()),
                queries.manifestStates(feed.name()), feed.kind() == fr.dmp.ingest.feed.FeedKind.EVENTS
                        ? queries.waitingEvents(feed.name()) : null);
    }

    /** The files of the feed's drop folder a run would not take now, by reason (nothing when the folder is missing). */
    public static DropFolder.Waiting waiting(Feed feed, Clock clock) {
        if (!Files.isDirectory(feed.drop())) {
            return new DropFolder.Waiting(Map.of(), null);
        }
        return new DropFolder(feed.drop(), feed.quietPeriod(), clock,
                // with the feed's completion: without it, status counted marker mode's waiting files as ready (round 14)
                feed.formats().contains(SourceFormat.PDF) ? Sidecars::expectsSidecar : p -> false, feed.completion()).waiting();
    }

    /** Files left in the claim folder (a run in progress, or killed: the next run finishes them). */
    public static long claimed(Feed feed) {
        Path claim = feed.claimFolder();
        if (!Files.isDirectory(claim)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(claim)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** {@code 3 files waiting in the drop (2 in their quiet period, 1 upload in progress), the oldest for 4m}, or empty. */
    public static String waitingLine(DropFolder.Waiting w, Instant now) {
        return waitingLine(w, now, "the next run");
    }

    /** As above; {@code takenBy} says which run takes the ready files (a run in progress may take them now). */
    public static String waitingLine(DropFolder.Waiting w, Instant now, String takenBy) {
        String ready = w.ready() == 0 ? "" : "; " + w.ready() + " file(s) ready for " + takenBy;
        if (w.total() == 0) {
            return "no file waiting in the drop" + ready;
        }
        List<String> why = new ArrayList<>();
        for (DropFolder.WaitReason r : DropFolder.WaitReason.values()) {
            long n = w.counts().getOrDefault(r, 0L);
            if (n > 0) {
                why.add(n + " " + switch (r) {
                    case QUIET_PERIOD -> "in their quiet period";
                    case UPLOAD_IN_PROGRESS -> "upload(s) in progress (.part, .tmp, .filepart, hidden)";
                    case SIDECAR_EXPECTED -> "PDF(s) waiting for their sidecar";
                    case MARKER_EXPECTED -> "waiting for their marker";
                    case MARKER_ALONE -> "marker(s) without their file (not yet, or another name)";
                    case MARKER_OLDER_THAN_FILE -> "whose marker is older than the file (the sender must write it again)";
                    case MARKER_NOT_A_MARKER -> "whose marker is no marker (a folder, a link, a FIFO, or a file holding a document)";
                    case FUTURE_TIME -> "modified in the future (a sender's clock ahead?)";
                    case FOLDER -> "sub-folder(s), never taken";
                    case NAME_NOT_IN_LOCALE -> "name(s) this locale cannot write (" + System.getProperty("sun.jnu.encoding")
                            + "): run it with a UTF-8 locale, LANG=C.UTF-8";
                });
            }
        }
        Duration oldest = Duration.between(w.oldest(), now);
        return w.total() + " file(s) waiting in the drop (" + String.join(", ", why) + ")"
                + (oldest.isNegative() ? "" : ", the oldest for " + age(oldest)) + ready;
    }

    public List<String> lines(Status s) {
        Instant now = clock.instant();
        List<String> out = new ArrayList<>();
        out.add("feed " + s.feed());
        out.add("  last run: " + s.lastRun().map(r -> "job execution " + r.jobExecutionId() + " started " + r.started()
                + (r.ended() == null ? "" : ", ended " + r.ended()) + ", " + r.status()
                + (r.exitCode() == null || r.exitCode().equals(r.status()) ? "" : " (" + r.exitCode() + ")")
                + (r.files() == null ? ", no report" : ": " + r.files() + " files, " + r.stored() + " stored, "
                + r.duplicates() + " duplicates, " + r.quarantined() + " quarantined")).orElse("never"));
        out.add("  waiting: " + (s.missingDrop() != null ? "drop folder " + s.missingDrop() + " is missing or unreadable"
                // found by an operator tester: "ready for the next run" while a run was taking them read as a stuck run
                : waitingLine(s.waiting(), now, s.started().isEmpty() ? "the next run"
                        : "the run in progress (or, if it was killed, the next run)")));
        if (s.owedReports() > 0) {
            // found by an operator tester: a run whose report the database's loss left unwritten looked like any other
            out.add("  reports owed: " + s.owedReports() + " run(s) whose report file was not written; the next run of the"
                    + " feed writes it under its own name, status ..._AFTER_ITS_REPORT");
        }
        out.add("  in claim: " + (s.claimed() < 0 ? "unreadable claim folder" : s.claimed() + " file(s)"));
        out.add("  jobs left STARTED: " + (s.started().isEmpty() ? "none" : s.started()
                + " (a run in progress, or killed: the next run recovers it)"));
        long open = s.quarantine().values().stream().mapToLong(Long::longValue).sum();
        out.add("  quarantine: " + (open == 0 ? "empty" : open + " open " + s.quarantine()));
        if (s.events() != null) {
            OperatorQueries.WaitingEvents e = s.events();
            out.add("  events waiting: " + (e.total() == 0 ? "none" : e.forDossier() + " for their dossier (no document of the"
                    + " patient filed yet), " + e.forDocument() + " masking(s) or deletion(s) for the document they name (not stored"
                    + " yet), " + e.notYetApplied() + " not applied yet (the next run applies them); the oldest dated " + e.oldest()));
        }
        if (!s.manifest().isEmpty()) {
            // a migration tester (round 13): the reconciliation was only in the run's files, nothing here
            long lines = s.manifest().values().stream().mapToLong(Long::longValue).sum();
            long settled = s.manifest().entrySet().stream().filter(e -> List.of("stored", "duplicate", "quarantined")
                    .contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
            out.add("  manifest: " + lines + " line(s) " + s.manifest() + (settled == lines ? ", every line accounted for"
                    : ", " + (lines - settled) + " not yet accounted for (as of the last run's reconciliation)"));
        }
        return out;
    }

    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return s / 60 + "m";
        }
        if (s < 172800) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }
}
