package fr.dmp.ingest.cli;

import fr.dmp.ingest.ops.RunProgress;

import java.io.PrintStream;
import java.time.Instant;

/**
 * The progress bar of {@code ingest} on a terminal (issue 17 item 6): every second, one line redrawn in
 * place from the progress the job publishes for other processes (V31, the console reads the same), counts only.
 * Without a terminal nothing is drawn: the job's own log lines say the progress every few seconds.
 */
final class ProgressLine implements AutoCloseable {

    private final Thread thread;
    private final PrintStream out;
    private volatile boolean drawn;

    private ProgressLine() {
        this.thread = null;
        this.out = null;
    }

    private ProgressLine(RunProgress progress, String feed, PrintStream out) {
        this.out = out;
        Instant launched = Instant.now().minusSeconds(2);
        this.thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1000);
                    progress.of(feed).filter(p -> p.state().equals("RUNNING") && !p.startedAt().isBefore(launched))
                            .ifPresent(p -> {
                                out.print("\r" + p.line(30) + "   ");
                                out.flush();
                                drawn = true;
                            });
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the store is busy or gone: the run's own line will say what went wrong
                }
            }
        }, "progress-line-" + feed);
        thread.setDaemon(true);
        thread.start();
    }

    /** On a terminal, a line for the feed's run; else nothing (log lines say it). */
    static ProgressLine forFeed(RunProgress progress, String feed) {
        if (System.console() == null || "dumb".equals(System.getenv("TERM"))) {
            return new ProgressLine();
        }
        System.err.println("feed " + feed + ": starting");
        return new ProgressLine(progress, feed, System.err);
    }

    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drawn) {
            out.print("\r" + " ".repeat(100) + "\r"); // the summary line takes its place
            out.flush();
        }
    }
}
