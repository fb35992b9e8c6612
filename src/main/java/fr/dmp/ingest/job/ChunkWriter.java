package fr.dmp.ingest.job;

import fr.dmp.ingest.intake.ClaimedFile;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.util.ArrayList;

/**
 * The process steps' writer: reads a chunk of claimed files ({@link FileProcessor#processAll}, one
 * hand-off to a reader thread for the whole chunk, under the time limit per file), then stores them
 * ({@link StoreWriter}). Reading here rather than in an item processor saves a thread hand-off per file,
 * which cost as much as parsing a small HL7 message (measured: 3,900 against 7,000 files/s on 2 cores).
 */
public final class ChunkWriter implements ItemWriter<ClaimedFile>, IngestJobFactory.NeedsJobExecution {

    private final FileProcessor processor;
    private final StoreWriter store;

    public ChunkWriter(FileProcessor processor, StoreWriter store) {
        this.processor = processor;
        this.store = store;
    }

    @Override
    public void jobExecution(long jobExecutionId) {
        store.jobExecution(jobExecutionId);
    }

    @Override
    public void write(Chunk<? extends ClaimedFile> chunk) {
        store.write(new Chunk<>(processor.processAll(new ArrayList<>(chunk.getItems()))));
    }
}
