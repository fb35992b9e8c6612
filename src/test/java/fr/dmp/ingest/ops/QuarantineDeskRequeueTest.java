package fr.dmp.ingest.ops;

import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.store.OperatorQueries.QuarantinedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Round 9 attack 16: a symbolic link dropped is quarantined UNSAFE_CONTENT and kept as the link; asked to requeue it,
 * the desk said "the kept file is missing" while the link was there. It says what it is, and moves nothing.
 */
class QuarantineDeskRequeueTest {

    @TempDir
    Path work;

    @Test
    void aKeptSymbolicLinkIsRefusedForWhatItIsAndNothingMoves() throws Exception {
        Path jobs = Files.createDirectories(work.resolve("jobs"));
        Files.writeString(jobs.resolve("lab.yml"), String.join("\n", "name: lab", "drop: " + work.resolve("drop"),
                "work: " + work.resolve("var"), "formats: [hl7v2]", "sender:", "  finess: \"750000001\"",
                "dossierPolicy: create", "insMode: test", ""));
        Feed feed = new FeedFiles(jobs).load("lab");
        Files.createDirectories(feed.drop());
        Path kept = Files.createDirectories(feed.quarantineFolder().resolve("j1-tok")).resolve("p.hl7");
        Files.createSymbolicLink(kept, Path.of("/etc/passwd"));
        QuarantinedFile q = new QuarantinedFile("j1-tok", "lab", "p.hl7", null, null, 0, "UNSAFE_CONTENT", "a symbolic link",
                1L, Instant.parse("2026-12-04T00:00:00Z"), "OPEN");
        QuarantineDesk desk = new QuarantineDesk(null, name -> feed, Clock.systemUTC(), "tester", null);

        assertThatThrownBy(() -> desk.requeue(q)).isInstanceOf(QuarantineDesk.Refused.class)
                .hasMessageContaining("not a regular file").hasMessageNotContaining("missing");
        assertThat(Files.isSymbolicLink(kept)).isTrue();
        assertThat(feed.drop().resolve("p.hl7")).doesNotExist();
    }
}
