package fr.dmp.ingest.job;

import fr.dmp.ingest.intake.ClaimNames;
import fr.dmp.ingest.intake.Disposer;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.store.DispositionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * First step of every run: finishes what a killed run left in the claim folder (shared/design.md). A
 * claimed file whose disposition committed is moved where it says; one without stays to be processed
 * again by this run's readers; a sidecar claimed without its main file goes back to the drop folder
 * so that the pair is claimed together.
 */
public final class ClaimRecovery implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(ClaimRecovery.class);
    private static final int BATCH = 500;

    private final Path claimFolder;
    private final Path dropFolder;
    private final DispositionRepository dispositions;
    private final Disposer disposer;

    public ClaimRecovery(Path claimFolder, Path dropFolder, DispositionRepository dispositions, Disposer disposer) {
        this.claimFolder = claimFolder;
        this.dropFolder = dropFolder;
        this.dispositions = dispositions;
        this.disposer = disposer;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        int[] totals = {0, 0};
        Map<String, List<Path>> batch = new LinkedHashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(claimFolder)) {
            for (Path p : ds) {
                var parts = ClaimNames.split(p.getFileName().toString());
                if (parts.isEmpty()) {
                    continue;
                }
                batch.computeIfAbsent(parts.get()[0], t -> new ArrayList<>(2)).add(p);
                if (batch.size() >= BATCH) {
                    recover(batch, totals);
                    batch.clear();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read claim folder " + claimFolder, e);
        }
        recover(batch, totals);
        if (totals[0] + totals[1] > 0) {
            log.info("recovered the claim folder: {} decided files moved, {} sidecars given back", totals[0], totals[1]);
        }
        contribution.incrementWriteCount(totals[0]);
        return RepeatStatus.FINISHED;
    }

    /** Per token: the main file is the shorter name, its companion the same name plus {@code .json}. */
    private void recover(Map<String, List<Path>> batch, int[] totals) {
        Map<String, Disposition> found = dispositions.findByTokens(new ArrayList<>(batch.keySet()));
        for (Map.Entry<String, List<Path>> e : batch.entrySet()) {
            List<Path> paths = e.getValue();
            paths.sort(Comparator.comparingInt(p -> p.getFileName().toString().length()));
            Path main = paths.get(0);
            Path companion = paths.size() > 1 ? paths.get(1) : null;
            Disposition d = found.get(e.getKey());
            if (d != null) {
                disposer.dispose(d, main, companion);
                totals[0]++;
                continue;
            }
            String original = ClaimNames.split(main.getFileName().toString()).orElseThrow()[1];
            if (companion == null && original.endsWith(".json")) {
                Path mainInDrop = dropFolder.resolve(original.substring(0, original.length() - 5));
                if (Files.exists(mainInDrop, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.move(main, dropFolder.resolve(original), StandardCopyOption.ATOMIC_MOVE);
                        totals[1]++;
                    } catch (IOException ex) {
                        throw new UncheckedIOException("cannot give back claimed sidecar " + e.getKey(), ex);
                    }
                }
            }
        }
    }
}
