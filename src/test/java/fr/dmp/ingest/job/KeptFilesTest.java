package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.domain.Sha256;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, "Losses" 5 and "Leaks" 2 (permissions): kept files never overwrite one another whatever the
 * senders name them, and nobody but the job's owner can read what is kept.
 */
class KeptFilesTest extends PipelineTestSupport {

    private static final Path SAMPLES = Path.of("sample-data/hospital-reports");

    /**
     * The attacker (or a careless sender) names files after what the job writes beside kept files: a lone
     * {@code q4.pdf.json}, then a {@code q4.pdf} pair; an input named {@code q2.xml.reason.json}, then a
     * refused {@code q2.xml}; an HL7 message named {@code q3.json}, then a PDF {@code q3} with its sidecar
     * {@code q3.json}. Before, each second run overwrote a kept input of the first.
     */
    @Test
    void inputsNamedLikeSidecarsOrReasonFilesNeverOverwriteAKeptFile() throws IOException {
        Path drop = work.resolve("drop/hospital-reports");
        List<String> kept = new ArrayList<>();
        // first run
        kept.add(put(drop, "q4.pdf.json", SAMPLES.resolve("report-01-letterhead.pdf.json")));
        kept.add(put(drop, "q2.xml.reason.json", SAMPLES.resolve("report-02-table.pdf.json")));
        kept.add(put(drop, "q3.json", SAMPLES.resolve("mdm-03-t02-text.hl7")));
        ingest("hospital-reports", drop);
        // second run, names that collide with what the first kept
        kept.add(put(drop, "q4.pdf", SAMPLES.resolve("report-04-letterhead.pdf")));
        kept.add(put(drop, "q4.pdf.json", SAMPLES.resolve("report-04-letterhead.pdf.json")));
        kept.add(put(drop, "q2.xml", SAMPLES.resolve("bad-cda-doctype.xml")));
        kept.add(put(drop, "q3", SAMPLES.resolve("report-05-table.pdf")));
        kept.add(put(drop, "q3.json", SAMPLES.resolve("report-05-table.pdf.json")));
        ingest("hospital-reports", drop);

        List<String> shas = new ArrayList<>();
        for (Path root : List.of(work.resolve("archive"), work.resolve("quarantine"))) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(Files::isRegularFile).filter(p -> !isReasonFile(root, p)).toList()) {
                    shas.add(Sha256.hex(opened(p))); // sealed: opened with its claim's key
                }
            }
        }
        assertThat(shas).as("every input kept, byte for byte, none overwritten").containsExactlyInAnyOrderElementsOf(kept);
    }

    @Test
    void nothingKeptIsReadableByOthers() throws IOException {
        Path drop = work.resolve("drop/hospital-reports");
        put(drop, "r1.pdf", SAMPLES.resolve("report-01-letterhead.pdf"));
        put(drop, "r1.pdf.json", SAMPLES.resolve("report-01-letterhead.pdf.json"));
        put(drop, "bad.xml", SAMPLES.resolve("bad-cda-doctype.xml"));
        Files.setPosixFilePermissions(drop.resolve("r1.pdf"), PosixFilePermissions.fromString("rw-r--r--")); // the sender's mode
        ingest("hospital-reports", drop);

        int seen = 0;
        for (Path root : List.of(work.resolve("archive"), work.resolve("quarantine"))) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(p -> !p.equals(root)).toList()) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    assertThat(perms).as(work.relativize(p).toString()).doesNotContain(PosixFilePermission.OTHERS_READ,
                            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_EXECUTE);
                    seen++;
                }
            }
        }
        assertThat(seen).isGreaterThanOrEqualTo(6); // folders, the pair, the refused file and its reason file
    }

    /** Our reason files lie beside the token folders ({@code quarantine/<feed>/<token>.reason.json}); inputs inside them. */
    private static boolean isReasonFile(Path root, Path p) {
        return root.relativize(p).getNameCount() == 2 && p.getFileName().toString().endsWith(".reason.json");
    }

    /** Copies a sample under a chosen name, old enough to be complete; returns its SHA-256. */
    private static String put(Path drop, String name, Path sample) throws IOException {
        Files.createDirectories(drop);
        Path target = drop.resolve(name);
        Files.copy(sample, target);
        Files.setLastModifiedTime(target, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        return Sha256.hex(Files.readAllBytes(target));
    }
}
