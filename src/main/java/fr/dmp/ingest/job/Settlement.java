package fr.dmp.ingest.job;

import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.intake.Disposer;
import fr.dmp.ingest.intake.Disposition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * After a disposition committed: moves its claimed file (and sidecar) to the archive or the quarantine.
 * A move that fails does not fail the run's work: it is counted (the run then ends with one line saying
 * how many) and logged by claim token, never by file name; the file stays claimed and the next run's
 * recovery moves it where its disposition says.
 */
final class Settlement {

    private static final Logger log = LoggerFactory.getLogger(Settlement.class);

    private final Disposer disposer;
    /** Claims whose move failed and was not done since: a file tried twice counts once (round 14: 50 said for 25). */
    private final Set<String> failedMoves = ConcurrentHashMap.newKeySet();

    private static final int LOGGED_MOVES = 10;
    private final java.util.concurrent.atomic.AtomicInteger logged = new java.util.concurrent.atomic.AtomicInteger();

    Settlement(Disposer disposer) {
        this.disposer = disposer;
    }

    void settle(Disposition d, ClaimedFile file) {
        settle(List.of(d), Map.of(d.token(), file));
    }

    /** A chunk's decided files, moved together (their kept files forced to disk at once, issue 19). */
    void settle(List<Disposition> decided, Map<String, ClaimedFile> fileByToken) {
        List<Disposer.Move> moves = new ArrayList<>(decided.size());
        Map<String, Disposition> byToken = new HashMap<>();
        for (Disposition d : decided) {
            ClaimedFile file = fileByToken.get(d.token());
            moves.add(new Disposer.Move(d, file.path(), file.companion()));
            byToken.put(d.token(), d);
        }
        Map<String, RuntimeException> failed = disposer.disposeAll(moves);
        byToken.keySet().stream().filter(t -> !failed.containsKey(t)).forEach(failedMoves::remove);
        failed.forEach((token, e) -> {
            failedMoves.add(token);
            if (logged.incrementAndGet() > LOGGED_MOVES) {
                // a full disk fails every move: the first ones say why, the run's last line gives the count (round 14)
                if (logged.get() == LOGGED_MOVES + 1) {
                    log.error("more claimed files could not be moved; the run's last line counts them");
                }
                return;
            }
            log.error("claimed file {} could not be moved to its {} folder ({})", token,
                    byToken.get(token).outcome().name().toLowerCase(), e.getCause() == null ? e.getClass().getSimpleName()
                            : e.getCause().getClass().getSimpleName());
        });
    }

    /** Decided files of this run that stay claimed because their move failed. */
    long failedMoves() {
        return failedMoves.size();
    }
}
