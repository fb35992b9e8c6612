package fr.dmp.ingest.job;

import fr.dmp.ingest.intake.ClaimNames;
import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.intake.Claimer;
import fr.dmp.ingest.intake.DropFolder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

/**
 * Reads one partition's share of the work: first the files a killed run left claimed without a
 * disposition (the recovery step moved the others), then the complete files of the drop folder, each
 * claimed by an atomic rename as it is read. Both folders are streamed, never listed into memory.
 */
public final class ClaimingReader implements ItemStreamReader<ClaimedFile>, IngestJobFactory.NeedsJobExecution {

    private final Path claimFolder;
    private final DropFolder drop;
    private final Claimer claimer;
    private final int partition;
    private final int partitions;
    private final java.util.function.LongPredicate large;
    private String tokenPrefix;
    private long sequence;
    private DirectoryStream<Path> leftoverStream;
    private Iterator<Path> leftovers;
    private DropFolder.Scan scan;

    public ClaimingReader(Path claimFolder, DropFolder drop, Claimer claimer, int partition, int partitions) {
        this(claimFolder, drop, claimer, partition, partitions, size -> false);
    }

    /** @param large sizes left to {@link LargeFileStep}, which streams them one at a time */
    public ClaimingReader(Path claimFolder, DropFolder drop, Claimer claimer, int partition, int partitions,
                          java.util.function.LongPredicate large) {
        this.large = large;
        this.claimFolder = claimFolder;
        this.drop = drop;
        this.claimer = claimer;
        this.partition = partition;
        this.partitions = partitions;
    }

    @Override
    public void jobExecution(long jobExecutionId) {
        this.sequence = 0;
    }

    /** Claim tokens start with the run's prefix (job/ClaimTokens): unique across runs and databases, they tell which run claimed. */
    @Override
    public void claimTokenPrefix(String prefix) {
        this.tokenPrefix = prefix;
    }

    /** The partition that reads a file, by the hash of its name in the drop folder. */
    public static int partitionOf(String key, int partitions) {
        return Math.floorMod(key.hashCode(), partitions);
    }

    @Override
    public void open(ExecutionContext executionContext) {
        try {
            leftoverStream = Files.newDirectoryStream(claimFolder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read claim folder " + claimFolder, e);
        }
        leftovers = leftoverStream.iterator();
        scan = drop.scan(name -> partitionOf(name, partitions) == partition);
    }

    @Override
    public ClaimedFile read() {
        while (leftovers.hasNext()) {
            Optional<ClaimedFile> c = leftover(leftovers.next());
            if (c.isPresent()) {
                return c.get();
            }
        }
        while (scan.hasNext()) {
            DropFolder.Candidate candidate = scan.next();
            if (large.test(candidate.size())) {
                continue;
            }
            Optional<ClaimedFile> claimed = claimer.claim(candidate, tokenPrefix + "p" + partition + "n" + (++sequence));
            if (claimed.isPresent()) {
                return claimed.get();
            }
        }
        return null;
    }

    /** A claimed main file of this partition, with its companion; companions themselves are skipped. */
    private Optional<ClaimedFile> leftover(Path path) {
        String name = path.getFileName().toString();
        Optional<String[]> parts = ClaimNames.split(name);
        if (parts.isEmpty() || parts.get()[0].startsWith(tokenPrefix + "p")) {
            return Optional.empty(); // claimed by this run (another partition) while we list the folder
        }
        if (partitionOf(parts.get()[0], partitions) != partition || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (name.endsWith(".json") && Files.exists(path.resolveSibling(name.substring(0, name.length() - 5)),
                LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty(); // a companion: read with its main file
        }
        if (large.test(sizeOf(path))) {
            return Optional.empty();
        }
        Path companion = path.resolveSibling(name + ".json");
        return Optional.of(new ClaimedFile(parts.get()[0], path, parts.get()[1],
                Files.exists(companion, LinkOption.NOFOLLOW_LINKS) ? companion : null,
                fr.dmp.ingest.intake.FileStamp.now(path).orElse(null)));
    }

    static long sizeOf(Path path) {
        try {
            return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        } catch (IOException e) {
            return 0; // gone or unreadable: the normal path says why
        }
    }

    @Override
    public void close() {
        try {
            if (leftoverStream != null) {
                leftoverStream.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (scan != null) {
                scan.close();
            }
        }
    }
}
