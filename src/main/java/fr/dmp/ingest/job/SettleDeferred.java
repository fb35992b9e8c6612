package fr.dmp.ingest.job;

import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.store.FileWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * After the partitions: the files this run left claimed because a replacement's target was not stored
 * yet (a chain of versions dropped together arrives in any order). They are tried again, round after
 * round, while a round stores something; what is still waiting then is a VERSION_CONFLICT (rules.md R13).
 */
public final class SettleDeferred implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(SettleDeferred.class);

    private final Path claimFolder;
    private final FileProcessor processor;
    private final StoreWriter writer;
    private final fr.dmp.ingest.store.DispositionRepository dispositions;
    private final java.util.function.LongPredicate large;

    /** @param large sizes the large-file step streams: an earlier run's claim of that size is never read whole here */
    public SettleDeferred(Path claimFolder, FileProcessor processor, StoreWriter writer,
                          fr.dmp.ingest.store.DispositionRepository dispositions, java.util.function.LongPredicate large) {
        this.claimFolder = claimFolder;
        this.processor = processor;
        this.writer = writer;
        this.dispositions = dispositions;
        this.large = large;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long jobExecutionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
        writer.jobExecution(jobExecutionId);
        String prefix = ClaimTokens.prefix(chunkContext.getStepContext().getStepExecution()) + "p";
        int rounds = 0;
        java.util.Set<String> decidedTokens = new java.util.HashSet<>();
        while (true) {
            // a decided file still here failed its move: recovery moves it at the next run
            List<ClaimedFile> waiting = waiting(prefix).stream().filter(f -> !decidedTokens.contains(f.token())).toList();
            if (waiting.isEmpty()) {
                break;
            }
            rounds++;
            List<FileWork> work = waiting.stream().map(processor::process).toList();
            var decided = writer.store(work, true);
            decided.forEach(d -> decidedTokens.add(d.token()));
            if (decided.isEmpty()) {
                // no progress: their targets are not in this drop; decide them as conflicts
                writer.store(waiting.stream().map(processor::process).toList(), false);
                break;
            }
        }
        if (rounds > 0) {
            log.info("settled the replacements of this run that waited for their target, in {} rounds", rounds);
        }
        return RepeatStatus.FINISHED;
    }

    /**
     * This run's claimed main files still in the claim folder (moved files are gone), and those an earlier run left
     * undecided: a replacement that waited for its target when that run stopped (SIGTERM, kill -9, a failed feed, a
     * remote manager stopped) was read again by this run's partitions and waited again, but was never settled, staying
     * claimed for good, and the newer version after it refused (round 27, a crash tester). One decided by an earlier run
     * whose move failed is recovery's, at the next run's start.
     */
    private List<ClaimedFile> waiting(String prefix) {
        List<ClaimedFile> all = ClaimedFile.inFolder(claimFolder, "*");
        List<String> earlier = all.stream().filter(f -> !f.token().startsWith(prefix) && !f.originalName().endsWith(".json")
                && (f.seen() == null || !large.test(f.seen().size()))).map(ClaimedFile::token).toList();
        java.util.Set<String> decided = earlier.isEmpty() ? java.util.Set.of() : dispositions.findByTokens(earlier).keySet();
        java.util.Set<String> earlierSet = new java.util.HashSet<>(earlier);
        List<ClaimedFile> out = new ArrayList<>(all.stream().filter(f -> f.token().startsWith(prefix)
                || (earlierSet.contains(f.token()) && !decided.contains(f.token()))).toList());
        out.sort((a, b) -> a.originalName().compareTo(b.originalName()));
        return out;
    }
}
