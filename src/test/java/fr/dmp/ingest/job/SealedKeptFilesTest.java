package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.intake.SealedFile;
import fr.dmp.ingest.store.ContentCipher;
import fr.dmp.ingest.store.ContentKeys;
import fr.dmp.ingest.store.KeptFileKeyStore;
import fr.dmp.ingest.tools.generate.OruBuilder;
import fr.dmp.ingest.tools.generate.SyntheticPatient;
import fr.dmp.ingest.tools.generate.SyntheticPatients;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16, Leaks 2: every kept file (archived or quarantined input, PDF sidecar) is sealed at rest with Tink's
 * streaming AEAD under a data key of its claim, never in clear under var/; it opens back byte for byte with that
 * key, fails when altered, survives a content key rotation, and becomes unreadable at once when its document is
 * deleted (crypto-shredding).
 */
class SealedKeptFilesTest extends PipelineTestSupport {

    /** The attacker reads var/ as another user would with a copy of the disk: no input's text is there in clear. */
    @Test
    void everyKeptFileIsSealedAndOpensBackByteForByte() throws IOException {
        Path samples = Path.of("sample-data/hospital-reports");
        Path drop = dropWithSamples("hospital-reports");
        ingest("hospital-reports", drop);

        List<Path> keptFiles = keptFiles();
        assertThat(keptFiles).hasSizeGreaterThan(10);
        int sidecars = 0;
        for (Path p : keptFiles) {
            String token = tokenOf(p);
            String name = p.getFileName().toString();
            assertThat(SealedFile.header(p)).as(name).hasValueSatisfying(h -> assertThat(h.keyId()).isEqualTo(token));
            byte[] raw = Files.readAllBytes(p);
            byte[] clear = opened(p);
            assertThat(clear).as(name + " opened").isEqualTo(Files.readAllBytes(samples.resolve(name)));
            String rawText = new String(raw, StandardCharsets.ISO_8859_1);
            for (String marker : List.of("%PDF", "MSH|", "ClinicalDocument", "\"ins\"", "birthName")) {
                assertThat(rawText).as(name + " holds no " + marker + " in clear").doesNotContain(marker);
            }
            if (SealedFile.header(p).orElseThrow().part().equals(SealedFile.SIDECAR)) {
                sidecars++;
            }
        }
        assertThat(sidecars).as("PDF sidecars sealed too").isPositive();
        assertThat(names(work.resolve("claim"))).as("no clear claimed file left").isEmpty();
        assertThat(allNames(work)).as("no temporary file left").noneMatch(n -> n.startsWith(".sealing-"));
        assertThat(count("SELECT count(*) FROM dmp.kept_file_key")).as("one data key per claim")
                .isEqualTo(count("SELECT count(*) FROM dmp.disposition"));
    }

    @Test
    void aKeptFileAlteredTruncatedOrGivenAnotherHeaderDoesNotOpen() throws IOException {
        ingest("lab-results", dropWithSamples("lab-results"));
        Path p = kept(work.resolve("archive/lab-results"), "oru-0001.hl7");
        byte[] original = Files.readAllBytes(p);

        byte[] flipped = original.clone();
        flipped[original.length - 20] ^= 1;
        Files.write(p, flipped);
        assertThatThrownBy(() -> opened(p)).hasCauseInstanceOf(SealedFile.Unreadable.class);

        Files.write(p, java.util.Arrays.copyOf(original, original.length - 17));
        assertThatThrownBy(() -> opened(p)).hasCauseInstanceOf(SealedFile.Unreadable.class);

        // the header is the associated data: calling the input a sidecar breaks it
        byte[] relabelled = new String(original, StandardCharsets.ISO_8859_1).replaceFirst("\ninput", "\nINPUT")
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(p, relabelled);
        assertThatThrownBy(() -> opened(p)).hasCauseInstanceOf(SealedFile.Unreadable.class);

        Files.write(p, original);
        assertThat(opened(p)).isEqualTo(Files.readAllBytes(Path.of("sample-data/lab-results/oru-0001.hl7")));
    }

    /**
     * rotate-key re-wraps the claims' data keys under the new content key; the kept files are not rewritten and
     * still open, also once the old content key is gone.
     */
    @Test
    void rotatingTheContentKeyRewrapsTheDataKeysAndKeptFilesStillOpen() throws IOException {
        ingest("lab-results", dropWithSamples("lab-results"));
        Path p = kept(work.resolve("archive/lab-results"), "oru-0002.hl7");
        byte[] sealedBefore = Files.readAllBytes(p);
        ContentKeys old = contentCipher.keys();
        byte[] fresh = new byte[32];
        new java.security.SecureRandom().nextBytes(fresh);
        String newKey = "rotated" + System.nanoTime() + ":" + Base64.getEncoder().encodeToString(fresh);
        StringBuilder both = new StringBuilder();
        for (String id : old.ids()) {
            both.append(id).append(':').append(Base64.getEncoder().encodeToString(old.key(id).getEncoded())).append(';');
        }
        ContentKeys rotated = ContentKeys.fromEnvironment(both + newKey);
        long rewrapped = new KeptFileKeyStore(jdbc, new ContentCipher(rotated)).rewrapUnderActiveKey(7);

        assertThat(rewrapped).isEqualTo(count("SELECT count(*) FROM dmp.disposition"));
        assertThat(count("SELECT count(*) FROM dmp.kept_file_key WHERE key_id <> ?", rotated.activeId())).isZero();
        assertThat(Files.readAllBytes(p)).as("the kept file itself is not rewritten").isEqualTo(sealedBefore);
        ContentKeys onlyNew = ContentKeys.fromEnvironment(newKey);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SealedFile.openTo(p, new KeptFileKeyStore(jdbc, new ContentCipher(onlyNew))::opening, out);
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(Path.of("sample-data/lab-results/oru-0002.hl7")));
    }

    /**
     * Crypto-shredding (rules.md R5, R15): the patient deletes a document; its archived input (the HL7 with every
     * lab value) cannot be opened any more, and its data key row is gone; another patient's file still opens.
     */
    @Test
    void deletingADocumentMakesItsArchivedInputUnreadableAtOnce() throws Exception {
        List<SyntheticPatient> patients = SyntheticPatients.pool(2, 424_242L);
        SyntheticPatient p = patients.get(0);
        SyntheticPatient other = patients.get(1);
        ingest("lab-results", dropOf("labs", Map.of(
                "to-delete.hl7", new OruBuilder().patient(p).controlId("SHRED-1").orderNumber("CMD-SHRED-1").observations(3).build(),
                "to-keep.hl7", new OruBuilder().patient(other).controlId("SHRED-2").orderNumber("CMD-SHRED-2").observations(3).build())));
        Path deleted = kept(work.resolve("archive/lab-results"), "to-delete.hl7");
        Path keptOther = kept(work.resolve("archive/lab-results"), "to-keep.hl7");
        assertThat(opened(deleted)).isNotEmpty();
        String uid = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'to-delete.hl7'", String.class);
        String token = tokenOf(deleted);

        ingest("patient-events", dropOf("events", Map.of("delete.csv", "ins,oid,event,at,detail\n"
                + p.ins() + "," + SyntheticPatient.TEST_OID + ",delete-document,2026-11-22T09:00:00+01:00," + uid + "\n")));

        assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE document_uid = ?", String.class, uid)).isEqualTo("DELETED");
        assertThat(count("SELECT count(*) FROM dmp.kept_file_key WHERE claim_token = ?", token)).as("key row gone").isZero();
        assertThatThrownBy(() -> opened(deleted)).hasCauseInstanceOf(SealedFile.Unreadable.class)
                .hasStackTraceContaining("destroyed");
        assertThat(opened(keptOther)).as("another patient's kept file still opens").isNotEmpty();
    }

    /** R15: the definitive deletion of a dossier shreds every kept file that holds one of its documents. */
    @Test
    void deletingADossierMakesEveryArchivedInputOfItUnreadable() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 515_151L).get(0);
        ingest("lab-results", dropOf("labs", Map.of(
                "first.hl7", new OruBuilder().patient(p).controlId("DOS-1").orderNumber("CMD-DOS-1").observations(2).build(),
                "second.hl7", new OruBuilder().patient(p).controlId("DOS-2").orderNumber("CMD-DOS-2").observations(2).build())));
        Path first = kept(work.resolve("archive/lab-results"), "first.hl7");
        Path second = kept(work.resolve("archive/lab-results"), "second.hl7");

        ingest("patient-events", dropOf("events", Map.of("delete.csv", "ins,oid,event,at,detail\n"
                + p.ins() + "," + SyntheticPatient.TEST_OID + ",delete-dossier,2026-11-22T09:00:00+01:00,\n")));

        for (Path f : List.of(first, second)) {
            assertThat(count("SELECT count(*) FROM dmp.kept_file_key WHERE claim_token = ?", tokenOf(f))).isZero();
            assertThatThrownBy(() -> opened(f)).hasCauseInstanceOf(SealedFile.Unreadable.class);
        }
    }

    private Path dropOf(String name, Map<String, String> files) throws IOException {
        Path drop = Files.createDirectories(work.resolve(name));
        for (var f : files.entrySet()) {
            Files.writeString(drop.resolve(f.getKey()), f.getValue());
            Files.setLastModifiedTime(drop.resolve(f.getKey()), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        return drop;
    }

    /** The claim token is the name of a kept file's folder. */
    private static String tokenOf(Path keptFile) {
        return keptFile.getParent().getFileName().toString();
    }

    private List<Path> keptFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : List.of(work.resolve("archive"), work.resolve("quarantine"))) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                // reason files lie beside the token folders (quarantine/<feed>/<token>.reason.json), inputs inside them
                s.filter(Files::isRegularFile).filter(f -> !(root.relativize(f).getNameCount() == 2
                        && f.getFileName().toString().endsWith(".reason.json"))).forEach(out::add);
            }
        }
        return out;
    }

    private static List<String> allNames(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
