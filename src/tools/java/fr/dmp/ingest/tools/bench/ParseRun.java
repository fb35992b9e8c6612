package fr.dmp.ingest.tools.bench;

import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.Sidecars;
import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.intake.DropFolder;
import fr.dmp.ingest.job.ClaimingReader;
import fr.dmp.ingest.job.FileProcessor;
import fr.dmp.ingest.store.FileWork;
import fr.dmp.ingest.store.ItemWork;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What the job's process steps do to a feed's drop folder, minus the store: the drop folder is split
 * between {@code threads} partitions by name hash exactly as the job splits it
 * ({@link ClaimingReader#partitionOf}), each partition on its own thread scans the folder with the
 * job's {@link DropFolder} (same pairing of a PDF with its sidecar) and hands each file to the job's
 * {@link FileProcessor} (read, detect, read the format, classify, validate). Nothing is claimed,
 * moved or stored: the files stay where they are, so the same corpus can be measured again.
 */
public final class ParseRun {

    /** Counts of one run; {@code refusedFiles} are the files with at least one refused item. */
    public static final class Stats {
        public long files;
        public long documents;
        public long refusedItems;
        public long refusedFiles;
        public final Map<String, Long> reasons = new TreeMap<>();

        synchronized void add(FileWork w) {
            files++;
            boolean refused = false;
            String first = null;
            for (ItemWork item : w.items()) {
                if (item instanceof ItemWork.Ready) {
                    documents++;
                } else if (item instanceof ItemWork.Refused r) {
                    refusedItems++;
                    refused = true;
                    if (first == null) {
                        first = r.rejection().reason().name();
                    }
                }
            }
            if (refused) {
                refusedFiles++;
                reasons.merge(first, 1L, Long::sum);
            }
        }

        void addAll(Stats other) {
            files += other.files;
            documents += other.documents;
            refusedItems += other.refusedItems;
            refusedFiles += other.refusedFiles;
            other.reasons.forEach((k, v) -> reasons.merge(k, v, Long::sum));
        }
    }

    /** Files read per hand-off, as the job's default dmp.chunk-size. */
    static final int CHUNK = 200;

    private ParseRun() {
    }

    /** Where each chunk's results go, from its partition's thread. */
    public interface ChunkSink {
        void accept(int partition, List<FileWork> chunk);
    }

    /**
     * Processes every complete file of the feed's drop folder on {@code threads} threads; each chunk's
     * results go to {@code sink} (called from those threads) as soon as they are ready, never collected.
     */
    public static Stats run(Feed feed, Supplier<FileProcessor> processors, int threads, Clock clock, ChunkSink sink) {
        DropFolder drop = new DropFolder(feed.drop(), Duration.ZERO, clock,
                feed.formats().contains(SourceFormat.PDF) ? Sidecars::expectsSidecar : p -> false);
        Stats stats = new Stats();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>(threads);
        for (int p = 0; p < threads; p++) {
            int partition = p;
            FileProcessor processor = processors.get(); // one per partition, as in the job
            Thread t = new Thread(() -> {
                long n = 0;
                try (DropFolder.Scan scan = drop.scan(name -> ClaimingReader.partitionOf(name, threads) == partition)) {
                    List<ClaimedFile> chunk = new ArrayList<>(CHUNK);
                    while (scan.hasNext()) {
                        DropFolder.Candidate c = scan.next();
                        chunk.add(new ClaimedFile("bench-" + feed.name() + "-p" + partition + "n" + (++n), c.file(),
                                c.file().getFileName().toString(), c.companion()));
                        if (chunk.size() == CHUNK || !scan.hasNext()) {
                            // as the job's ChunkWriter: a chunk's files read in one hand-off
                            List<FileWork> works = processor.processAll(chunk);
                            works.forEach(stats::add);
                            sink.accept(partition, works);
                            chunk.clear();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "parse-" + feed.name() + "-" + p);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while parsing", e);
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("parsing feed " + feed.name() + " failed: " + failure.get().getClass().getName(),
                    failure.get());
        }
        return stats;
    }

    /** Sums the stats of several feeds. */
    public static Stats total(List<Stats> all) {
        Stats t = new Stats();
        all.forEach(t::addAll);
        return t;
    }
}
