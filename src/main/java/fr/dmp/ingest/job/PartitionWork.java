package fr.dmp.ingest.job;

import fr.dmp.ingest.intake.ClaimedFile;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The worker step's reader and writer, scoped to one partition's step execution: one step object runs many
 * partitions at once (threads of one JVM, or one worker JVM), and each execution gets its own
 * {@link ClaimingReader} (its share, read from the execution context) and {@link ChunkWriter}, built in
 * {@link #beforeStep} on the thread that runs it. What Spring's step scope does for beans, done here for a job
 * built per feed run without bean definitions.
 */
final class PartitionWork implements ItemStreamReader<ClaimedFile>, ItemWriter<ClaimedFile>, StepExecutionListener {

    /** Builds one partition execution's reader and writer from its execution context. */
    interface Source {
        Slot open(StepExecution execution);
    }

    record Slot(long stepExecutionId, ClaimingReader reader, ChunkWriter writer, boolean[] opened) {
        Slot(long stepExecutionId, ClaimingReader reader, ChunkWriter writer) {
            this(stepExecutionId, reader, writer, new boolean[1]);
        }
    }

    private final Source source;
    private final ThreadLocal<Slot> current = new ThreadLocal<>();

    PartitionWork(Source source) {
        this.source = source;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        Slot slot = current.get();
        if (slot != null && slot.stepExecutionId() == stepExecution.getId()) {
            return; // registered as reader and as writer: called twice
        }
        if (slot != null) {
            slot.reader().close();
        }
        current.set(source.open(stepExecution));
    }

    private Slot slot() {
        Slot slot = current.get();
        if (slot == null) {
            throw new IllegalStateException("a partition's reader used outside its step execution");
        }
        return slot;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        Slot slot = slot();
        if (!slot.opened()[0]) { // registered as reader and as writer: opened twice
            slot.opened()[0] = true;
            slot.reader().open(executionContext);
        }
    }

    @Override
    public ClaimedFile read() {
        return slot().reader().read();
    }

    @Override
    public void write(Chunk<? extends ClaimedFile> chunk) {
        slot().writer().write(chunk);
    }

    @Override
    public void close() {
        Slot slot = current.get();
        current.remove();
        if (slot != null) {
            slot.reader().close();
        }
    }
}
