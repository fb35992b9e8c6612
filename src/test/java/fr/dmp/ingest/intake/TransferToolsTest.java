package fr.dmp.ingest.intake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files as transfer tools deliver them (round 14, an interface engineer's tester): rsync's hidden temporary names,
 * WinSCP's {@code .filepart}, markers written too early, missing, alone or in capitals.
 */
class TransferToolsTest {

    @TempDir
    Path folder;

    private final Instant now = Instant.parse("2026-12-04T23:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    private Path file(String name, Duration age) throws Exception {
        Path p = Files.writeString(folder.resolve(name), "x");
        Files.setLastModifiedTime(p, FileTime.from(now.minus(age)));
        return p;
    }

    private List<String> taken(DropFolder drop) {
        List<String> names = new ArrayList<>();
        try (DropFolder.Scan scan = drop.scan(n -> true)) {
            scan.forEachRemaining(c -> names.add(c.file().getFileName() + (c.companion() == null ? "" : "+json")
                    + (c.marker() == null ? "" : "+" + c.marker().getFileName())));
        }
        return names;
    }

    private DropFolder pdfs(Completion completion) {
        return new DropFolder(folder, Duration.ofMinutes(1), clock, p -> p.getFileName().toString().endsWith(".pdf"), completion);
    }

    /** A PDF whose sidecar rsync is still writing as .x.pdf.json.XXXXXX was quarantined METADATA_MISSING at once. */
    @Test
    void aPdfWaitsWhileRsyncOrWinScpUploadsItsSidecar() throws Exception {
        file("p10.pdf", Duration.ofHours(1));
        file(".p10.pdf.json.Zz9Yy8", Duration.ofSeconds(1));
        file("p11.pdf", Duration.ofHours(1));
        file("p11.pdf.json.filepart", Duration.ofSeconds(1));
        file("a1.hl7.filepart", Duration.ofHours(1)); // WinSCP's partial file: never taken, however old
        file("alone.pdf", Duration.ofHours(1));        // no upload of its sidecar anywhere: taken, to be refused
        DropFolder drop = pdfs(Completion.QUIET_PERIOD);

        assertThat(taken(drop)).containsExactly("alone.pdf");
        assertThat(drop.waiting().counts()).isEqualTo(Map.of(DropFolder.WaitReason.UPLOAD_IN_PROGRESS, 5L)); // three uploads, two PDFs waiting for theirs

        // rsync renames the sidecar: the pair goes together
        Files.move(folder.resolve(".p10.pdf.json.Zz9Yy8"), folder.resolve("p10.pdf.json"));
        Files.setLastModifiedTime(folder.resolve("p10.pdf.json"), FileTime.from(now.minus(Duration.ofMinutes(5))));
        assertThat(taken(drop)).containsExactlyInAnyOrder("alone.pdf", "p10.pdf+json");
    }

    /** A marker written before the file was complete had it stored at 600 of its 929 bytes. */
    @Test
    void aMarkedFileIsTakenOnlyWhenNeitherItNorItsMarkerNorItsSidecarIsStillBeingWritten() throws Exception {
        Completion ok = Completion.marker(".ok");
        file("m9.hl7", Duration.ofSeconds(3));
        file("m9.hl7.ok", Duration.ofMinutes(5));
        file("late.hl7", Duration.ofMinutes(5));
        file("late.hl7.ok", Duration.ofSeconds(3));
        file("r.pdf", Duration.ofMinutes(5));
        file("r.pdf.json", Duration.ofSeconds(3));
        file("r.pdf.ok", Duration.ofMinutes(5));
        file("done.hl7", Duration.ofMinutes(5));
        file("done.hl7.ok", Duration.ofMinutes(5));
        DropFolder drop = pdfs(ok);

        assertThat(taken(drop)).containsExactly("done.hl7+done.hl7.ok");
        assertThat(drop.waiting().counts()).isEqualTo(Map.of(DropFolder.WaitReason.QUIET_PERIOD, 3L));
    }

    /**
     * Round 37, an operator: a file named like its neighbour's marker that holds a message, or that has a marker of its own,
     * was deleted as that marker when the neighbour was claimed, lost without a word; a week-old marker whose file never
     * came took a message while its sender paused, cut short.
     */
    @Test
    void aFileNamedLikeAMarkerThatIsADocumentIsNeverDeletedAsOneAndAStaleMarkerTakesNothing() throws Exception {
        Completion ok = Completion.marker(".ok");
        file("m1.hl7", Duration.ofMinutes(5));
        Files.writeString(folder.resolve("m1.hl7.ok"), "MSH|^~\\&|LAB||||20261204||ORU^R01|X1|P|2.5\r");
        Files.setLastModifiedTime(folder.resolve("m1.hl7.ok"), FileTime.from(now.minus(Duration.ofMinutes(5))));
        file("m1.hl7.ok.ok", Duration.ofMinutes(4)); // its own marker
        file("m2.hl7", Duration.ofMinutes(5));
        Files.writeString(folder.resolve("m2.hl7.ok"), "\uFEFFMSH|^~\\&|LAB||||20261204||ORU^R01|X2|P|2.5\r");
        Files.setLastModifiedTime(folder.resolve("m2.hl7.ok"), FileTime.from(now.minus(Duration.ofMinutes(5))));
        file("m9b.hl7.ok", Duration.ofDays(7)); // a marker left from a file that never came: it changed before the file
        Thread.sleep(2_100);
        file("m9b.hl7", Duration.ofMinutes(2));
        file("fine.hl7", Duration.ofMinutes(5));
        Files.writeString(folder.resolve("fine.hl7.ok"), "d41d8cd98f00b204e9800998ecf8427e"); // a checksum: a marker
        Files.setLastModifiedTime(folder.resolve("fine.hl7.ok"), FileTime.from(now.minus(Duration.ofMinutes(4))));
        DropFolder drop = pdfs(ok);

        assertThat(taken(drop)).containsExactlyInAnyOrder("m1.hl7.ok+m1.hl7.ok.ok", "fine.hl7+fine.hl7.ok");
        assertThat(drop.waiting().counts()).isEqualTo(Map.of(DropFolder.WaitReason.MARKER_NOT_A_MARKER, 2L,
                DropFolder.WaitReason.MARKER_EXPECTED, 1L, DropFolder.WaitReason.MARKER_OLDER_THAN_FILE, 1L)); // m1.hl7, m2.hl7; m2.hl7.ok; m9b.hl7
    }

    /**
     * Marker mode: files without their marker, markers without their file and markers in capitals. status said "11
     * file(s) ready for the next run" of files no run would ever take (it read the folder without the feed's marker).
     */
    @Test
    void missingLoneAndCapitalMarkersAreSaidAndACapitalMarkerOfTheSameNameCounts() throws Exception {
        Completion ok = Completion.marker(".ok");
        file("m2.hl7", Duration.ofMinutes(5));     // no marker
        file("m3.hl7.ok", Duration.ofMinutes(5));  // a marker whose file never came
        file("m4.hl7", Duration.ofMinutes(5));
        file("M4.HL7.OK", Duration.ofMinutes(5));  // a marker of another name (case differs in the name itself)
        file("m6.hl7", Duration.ofMinutes(5));
        file("m6.hl7.OK", Duration.ofMinutes(5));  // a Windows sender's suffix in capitals: its marker
        DropFolder drop = pdfs(ok);

        assertThat(taken(drop)).containsExactly("m6.hl7+m6.hl7.OK");
        DropFolder.Waiting w = drop.waiting();
        assertThat(w.counts()).isEqualTo(Map.of(DropFolder.WaitReason.MARKER_EXPECTED, 2L, DropFolder.WaitReason.MARKER_ALONE, 2L));
        assertThat(w.ready()).isEqualTo(1);
        assertThat(fr.dmp.ingest.ops.FeedStatus.waitingLine(w, now)).contains("2 waiting for their marker")
                .contains("2 marker(s) without their file");
    }

    /**
     * The retest: in marker mode a marked PDF whose sidecar rsync or WinSCP was still uploading was quarantined
     * METADATA_MISSING; a folder or a link named as a marker was taken for one.
     */
    @Test
    void aMarkedPdfWaitsForItsUploadingSidecarAndOnlyAFileIsAMarker() throws Exception {
        Completion ok = Completion.marker(".ok");
        file("n1.pdf", Duration.ofHours(1));
        file(".n1.pdf.json.Zz9Yy8", Duration.ofHours(1));
        file("n1.pdf.ok", Duration.ofHours(1));
        file("n2.pdf", Duration.ofHours(1));
        file("n2.pdf.json.filepart", Duration.ofHours(1));
        file("n2.pdf.ok", Duration.ofHours(1));
        file("d.hl7", Duration.ofHours(1));
        Files.createDirectory(folder.resolve("d.hl7.ok"));
        file("l.hl7", Duration.ofHours(1));
        Files.createSymbolicLink(folder.resolve("l.hl7.ok"), folder.resolve("d.hl7"));
        DropFolder drop = pdfs(ok);

        assertThat(taken(drop)).isEmpty();
        // round 37, an operator: said as what they are, no marker, not "waiting for their marker"
        DropFolder.Waiting w = drop.waiting();
        assertThat(w.counts()).containsEntry(DropFolder.WaitReason.MARKER_NOT_A_MARKER, 2L)
                .containsEntry(DropFolder.WaitReason.UPLOAD_IN_PROGRESS, 4L); // two temporary sidecars, their two PDFs
        assertThat(fr.dmp.ingest.ops.FeedStatus.waitingLine(w, now)).contains("2 whose marker is no marker");
    }

    /**
     * The retest: a file named in NFD with its marker in NFC waited for ever; with a marker in both cases, one was left
     * behind, to mark the next file of that name complete before it is.
     */
    @Test
    void aMarkerInTheOtherNormalFormCountsAndBothCasesGoWithTheClaim() throws Exception {
        String nfd = java.text.Normalizer.normalize("résultat.hl7", java.text.Normalizer.Form.NFD);
        String nfc = java.text.Normalizer.normalize("résultat.hl7", java.text.Normalizer.Form.NFC);
        file(nfd, Duration.ofHours(1));
        file(nfc + ".ok", Duration.ofHours(1));
        file("twice.hl7", Duration.ofHours(1));
        file("twice.hl7.ok", Duration.ofHours(1));
        file("twice.hl7.OK", Duration.ofHours(1));
        DropFolder drop = pdfs(Completion.marker(".ok"));

        List<DropFolder.Candidate> seen = new ArrayList<>();
        try (DropFolder.Scan scan = drop.scan(n -> true)) {
            scan.forEachRemaining(seen::add);
        }
        assertThat(seen).extracting(c -> c.file().getFileName().toString()).containsExactlyInAnyOrder(nfd, "twice.hl7");
        Claimer claimer = new Claimer(Files.createDirectories(folder.resolveSibling(folder.getFileName() + "-claim")));
        int n = 0;
        for (DropFolder.Candidate c : seen) {
            assertThat(claimer.claim(c, "j1p0n" + ++n)).isPresent();
        }
        try (var left = Files.list(folder)) {
            assertThat(left).as("no marker left behind").isEmpty();
        }
    }

    /**
     * Round 32, a hostile tester: {@code é2.hl7} complete with its marker in NFC, and a cut {@code é2.hl7} without one in
     * NFD: the NFD file was taken on the NFC file's marker and stored, the complete one left waiting for good. Twins each
     * go with their own marker, either way round; a sidecar too.
     */
    @Test
    void twinsInTheTwoNormalFormsEachGoWithTheirOwnMarkerAndSidecar() throws Exception {
        for (java.text.Normalizer.Form marked : new java.text.Normalizer.Form[] {java.text.Normalizer.Form.NFC, java.text.Normalizer.Form.NFD}) {
            try (var all = Files.list(folder)) {
                for (Path p : all.toList()) {
                    Files.delete(p);
                }
            }
            String withMarker = java.text.Normalizer.normalize("é2.hl7", marked);
            String without = java.text.Normalizer.normalize("é2.hl7", marked == java.text.Normalizer.Form.NFC
                    ? java.text.Normalizer.Form.NFD : java.text.Normalizer.Form.NFC);
            file(withMarker, Duration.ofHours(1));
            file(without, Duration.ofHours(1));
            file(withMarker + ".ok", Duration.ofHours(1));
            List<DropFolder.Candidate> seen = new ArrayList<>();
            try (DropFolder.Scan scan = pdfs(Completion.marker(".ok")).scan(n -> true)) {
                scan.forEachRemaining(seen::add);
            }
            assertThat(seen).as(marked.name()).extracting(c -> c.file().getFileName().toString()).containsExactly(withMarker);
            assertThat(DropFolder.companionOf(folder.resolve(without))).isNull();
            file(withMarker + ".json", Duration.ofHours(1));
            assertThat(DropFolder.companionOf(folder.resolve(without))).as("the twin's sidecar is not this file's").isNull();
            assertThat(DropFolder.mainOf(folder.resolve(withMarker + ".json"))).isEqualTo(folder.resolve(withMarker));
        }
    }

    /** The bug itself: status and the end of ingest read a marker feed's folder as a quiet-period one. */
    @Test
    void statusReadsAMarkerFeedWithItsMarker(@TempDir Path work) throws Exception {
        Path jobs = Files.createDirectories(work.resolve("jobs"));
        Files.writeString(jobs.resolve("lab.yml"), String.join("\n", "name: lab", "drop: " + folder,
                "work: " + work.resolve("var"), "formats: [hl7v2]", "sender:", "  finess: \"750000001\"",
                "dossierPolicy: create", "insMode: test", "quietPeriod: 1m", "completion: marker", ""));
        fr.dmp.ingest.feed.Feed feed = new fr.dmp.ingest.feed.FeedFiles(jobs).load("lab");
        file("m2.hl7", Duration.ofMinutes(5));
        file("m3.hl7.ok", Duration.ofMinutes(5));

        DropFolder.Waiting w = fr.dmp.ingest.ops.FeedStatus.waiting(feed, clock);

        assertThat(w.ready()).isZero();
        assertThat(w.counts()).isEqualTo(Map.of(DropFolder.WaitReason.MARKER_EXPECTED, 1L, DropFolder.WaitReason.MARKER_ALONE, 1L));
    }
}
