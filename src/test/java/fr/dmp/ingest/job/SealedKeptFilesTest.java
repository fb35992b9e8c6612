package fr.dmp.ingest.job;

import fr.dmp.ingest.ChildJvm;
import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.feed.FeedConfigException;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.feed.KeptRetention;
import fr.dmp.ingest.ops.KeptFileRetention;
import fr.dmp.ingest.store.KeptFileAccess;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import fr.dmp.ingest.store.EmbeddedPostgresServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
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

    @Autowired
    EmbeddedPostgresServer postgres;

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
        String toDelete = new OruBuilder().patient(p).controlId("SHRED-1").orderNumber("CMD-SHRED-1").observations(3).build();
        ingest("lab-results", dropOf("labs", Map.of(
                "to-delete.hl7", toDelete,
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
        assertThat(count("SELECT count(*) FROM dmp.kept_file_shredded WHERE claim_token = ?", token)).isEqualTo(1);
        assertThatThrownBy(() -> opened(deleted)).hasCauseInstanceOf(SealedFile.Unreadable.class)
                .hasStackTraceContaining("destroyed");
        assertThat(opened(keptOther)).as("another patient's kept file still opens").isNotEmpty();

        // the sender sends the deleted document again: a duplicate, whose clear copy is not kept readable either
        ingest("lab-results", dropOf("labs-again", Map.of("resent.hl7", toDelete)));
        assertThat(outcome("lab-results", "resent.hl7")).startsWith("DUPLICATE");
        assertThat(names(work.resolve("archive/lab-results"))).doesNotContain("resent.hl7");
        assertThat(names(work.resolve("claim/lab-results"))).isEmpty();

        // purge removes what no one can open any more, audited; the other patient's file stays
        Path jobs = jobs(work.resolve("labs"), "");
        KeptFileRetention.Summary s = new KeptFileRetention(new KeptFileAccess(jdbc), new FeedFiles(jobs),
                new KeptFileKeyStore(jdbc, contentCipher)).apply(LocalDate.now(ZoneId.of("Europe/Paris")), false);
        assertThat(s).isEqualTo(new KeptFileRetention.Summary(0, 0, 1));
        assertThat(deleted.getParent()).doesNotExist();
        assertThat(keptOther).exists();
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'KEPT_FILE_DELETED' AND detail LIKE ?",
                "%claim " + token + "%")).isEqualTo(1);
    }

    /**
     * R5 across a crash: a file's disposition committed, the run killed before the file was kept, its document deleted
     * by an events run before recovery. Recovery must not seal it under a new key (the deletion would be undone): the
     * clear claimed file is dropped, nothing is kept, no key is made.
     */
    @Test
    void aClaimWhoseDocumentWasDeletedBeforeItWasKeptIsNeverSealedUnderANewKey() throws Exception {
        Path claimed = Files.createDirectories(work.resolve("claim/lab-results")).resolve("jTESTp0n1_x.hl7");
        Files.writeString(claimed, "MSH|^~\\&|LAB|...");
        jdbc.update("INSERT INTO dmp.kept_file_subject (claim_token, document_uid, dossier_id) VALUES ('jTESTp0n1', 'uid-deleted', NULL)");
        jdbc.queryForObject("SELECT dmp.kept_file_shred(ARRAY(SELECT claim_token FROM dmp.kept_file_subject WHERE document_uid = 'uid-deleted'))",
                Integer.class); // as the owner, what dmp.drop_documents does for a deleted document (V21)
        var d = new fr.dmp.ingest.intake.Disposition("jTESTp0n1", "lab-results", "x.hl7", null, "0".repeat(64), 10,
                fr.dmp.ingest.intake.FileOutcome.STORED, List.of(fr.dmp.ingest.intake.Disposition.ItemOutcome.stored(1, "11502-2")),
                1L, Instant.now());
        var disposer = new fr.dmp.ingest.intake.Disposer(work.resolve("archive/lab-results"), work.resolve("quarantine/lab-results"),
                ZoneId.of("Europe/Paris"), new KeptFileKeyStore(jdbc, contentCipher));

        disposer.dispose(d, claimed, null);

        assertThat(claimed).doesNotExist();
        assertThat(disposer.target(d)).doesNotExist();
        assertThat(count("SELECT count(*) FROM dmp.kept_file_key WHERE claim_token = 'jTESTp0n1'")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.kept_file_shredded WHERE claim_token = 'jTESTp0n1'")).isEqualTo(1);
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

    /**
     * kept open (issue 16): the operator opens a kept file to an owner-only file; the opening is in the audit trail
     * (who, which claim, when), in the patient's history (its dossier), before a byte is given. An existing target
     * is refused (exit 2), a file whose key is destroyed does not open (exit 1), nothing half written is left.
     */
    @Test
    void keptOpenDecryptsToAnOwnerOnlyFileAndIsAudited() throws Exception {
        Path drop = dropWithSamples("lab-results");
        ingest("lab-results", drop);
        Path jobs = jobs(drop, "");
        String token = tokenOf(kept(work.resolve("archive/lab-results"), "oru-0001.hl7"));
        Path to = work.resolve("opened.hl7");

        ProcessBuilder pb = ChildJvm.builder(postgres, jobs, Files.createDirectories(work.resolve("out")), List.of("-Xmx256m"),
                "kept", "open", "oru-0001.hl7", "--to", to.toString());
        Process child = ChildJvm.start(pb);
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(ChildJvm.output(pb)).isZero();
        assertThat(to).hasSameBinaryContentAs(Path.of("sample-data/lab-results/oru-0001.hl7"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(to))).isEqualTo("rw-------");
        String user = System.getProperty("user.name");
        assertThat(jdbc.queryForList("SELECT detail FROM dmp.audit_event WHERE action = 'KEPT_FILE_OPENED' AND dossier_id IS NOT NULL",
                String.class)).singleElement().asString().contains("claim " + token).contains("opened by " + user).contains("to a file");

        ProcessBuilder again = ChildJvm.builder(postgres, jobs, work.resolve("out"), List.of("-Xmx256m"),
                "kept", "open", token, "--to", to.toString());
        Process second = ChildJvm.start(again);
        assertThat(second.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(second.exitValue()).as("an existing target is never overwritten").isEqualTo(2);

        // the key destroyed: nothing opens, nothing is left at the target, and no opening is audited (round 27, a tester:
        // the patient's history said "opened" after a deletion)
        jdbc.update("DELETE FROM dmp.kept_file_key WHERE claim_token = ?", token);
        long openings = count("SELECT count(*) FROM dmp.audit_event WHERE action = 'KEPT_FILE_OPENED'");
        Path shredded = work.resolve("shredded.hl7");
        ProcessBuilder third = ChildJvm.builder(postgres, jobs, work.resolve("out"), List.of("-Xmx256m"),
                "kept", "open", token, "--to", shredded.toString());
        Process p3 = ChildJvm.start(third);
        assertThat(p3.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p3.exitValue()).isEqualTo(1);
        assertThat(ChildJvm.output(third)).contains("destroyed").doesNotContain("oru-0001");
        assertThat(shredded).doesNotExist();
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'KEPT_FILE_OPENED'")).isEqualTo(openings);
    }

    /**
     * issue 15 item 1, issue 16: purge deletes the kept files past their feed's retention (here quarantine P6M, archive
     * P2Y), a dry run first counting them; each deletion destroys the claim's key and is audited; a second run finds
     * nothing; within the retention nothing goes.
     */
    @Test
    void purgeDeletesKeptFilesPastTheirFeedsRetentionAndAuditsIt() throws Exception {
        Path drop = dropWithSamples("lab-results");
        ingest("lab-results", drop);
        FeedFiles feeds = new FeedFiles(jobs(drop, "retention: {archive: P2Y, quarantine: P6M}\n"));
        assertThat(feeds.retention("lab-results")).isEqualTo(new KeptRetention(Period.ofYears(2), Period.ofMonths(6)));
        KeptFileRetention retention = new KeptFileRetention(new KeptFileAccess(jdbc), feeds, new KeptFileKeyStore(jdbc, contentCipher));
        long archived = count("SELECT count(*) FROM dmp.disposition WHERE outcome <> 'QUARANTINED'");
        long quarantined = count("SELECT count(*) FROM dmp.disposition WHERE outcome = 'QUARANTINED'");
        assertThat(archived).isPositive();
        assertThat(quarantined).isPositive();
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        List<String> before = allNames(work);

        assertThat(retention.apply(today.plusMonths(5), false).total()).as("within both retentions").isZero();
        KeptFileRetention.Summary dry = retention.apply(today.plusMonths(7), true);
        assertThat(dry).isEqualTo(new KeptFileRetention.Summary(0, (int) quarantined, 0));
        assertThat(allNames(work)).as("a dry run deletes nothing").isEqualTo(before);
        assertThat(count("SELECT count(*) FROM dmp.kept_file_key")).isEqualTo(archived + quarantined);

        KeptFileRetention.Summary done = retention.apply(today.plusMonths(7), false);
        assertThat(done).isEqualTo(dry);
        assertThat(names(work.resolve("quarantine/lab-results"))).as("kept files and reason files gone").isEmpty();
        assertThat(names(work.resolve("archive/lab-results"))).hasSize((int) archived);
        assertThat(count("SELECT count(*) FROM dmp.kept_file_key")).as("their keys destroyed").isEqualTo(archived);
        assertThat(count("SELECT count(DISTINCT substring(detail from 'claim (\\S+)')) FROM dmp.audit_event"
                + " WHERE action = 'KEPT_FILE_DELETED' AND detail LIKE '%quarantine retention P6M over%'")).isEqualTo(quarantined);
        assertThat(retention.apply(today.plusMonths(7), false).total()).as("a second run finds nothing").isZero();

        KeptFileRetention.Summary later = retention.apply(today.plusYears(2).plusDays(1), false);
        assertThat(later.archived()).isEqualTo((int) archived);
        assertThat(names(work.resolve("archive/lab-results"))).isEmpty();
        assertThat(count("SELECT count(*) FROM dmp.kept_file_key")).isZero();
    }

    @Test
    void aMalformedRetentionIsRefusedAtStartNamingTheField() throws Exception {
        FeedFiles feeds = new FeedFiles(jobs(work.resolve("drop"), "retention: {archive: ten years}\n"));
        assertThatThrownBy(() -> feeds.load("lab-results")).isInstanceOf(FeedConfigException.class)
                .hasMessageContaining("retention.archive").hasMessageContaining("P10Y");
        FeedFiles unknown = new FeedFiles(jobs(work.resolve("drop"), "retention: {archives: P1Y}\n"));
        assertThatThrownBy(() -> unknown.load("lab-results")).hasMessageContaining("retention.archives");
        FeedFiles none = new FeedFiles(jobs(work.resolve("drop"), ""));
        assertThat(none.retention("lab-results")).as("defaults").isEqualTo(KeptRetention.DEFAULT)
                .isEqualTo(new KeptRetention(Period.ofYears(10), Period.ofYears(1)));
    }

    /**
     * issue 15 item 1, rules.md R3/R14: the purge of a closed dossier past its ten years destroys the keys of its
     * archived input files in its transaction, and the kept-file side of purge then deletes them, audited.
     */
    @Test
    void purgingADossierMakesItsArchivedInputsUnreadableAndPurgeDeletesThem() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 616_161L).get(0);
        Path labs = dropOf("labs", Map.of("closed-later.hl7",
                new OruBuilder().patient(p).controlId("PUR-1").orderNumber("CMD-PUR-1").observations(2).build()));
        ingest("lab-results", labs);
        Path archived = kept(work.resolve("archive/lab-results"), "closed-later.hl7");
        ingest("patient-events", dropOf("events", Map.of("close.csv", "ins,oid,event,at,detail\n"
                + p.ins() + "," + SyntheticPatient.TEST_OID + ",close,2026-11-22T09:00:00+01:00,\n")));
        LocalDate day = LocalDate.parse("2036-11-23");

        var purge = fr.dmp.ingest.cli.PurgeCommand.run(jobDataSource, day, false,
                java.time.Clock.fixed(day.atStartOfDay().toInstant(java.time.ZoneOffset.UTC), java.time.ZoneOffset.UTC));
        assertThat(purge.documents()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.kept_file_key WHERE claim_token = ?", tokenOf(archived))).isZero();
        assertThatThrownBy(() -> opened(archived)).hasCauseInstanceOf(SealedFile.Unreadable.class);

        KeptFileRetention.Summary s = new KeptFileRetention(new KeptFileAccess(jdbc), new FeedFiles(jobs(labs, "")),
                new KeptFileKeyStore(jdbc, contentCipher)).apply(day, false);
        assertThat(s).isEqualTo(new KeptFileRetention.Summary(0, 0, 1));
        assertThat(archived.getParent()).doesNotExist();
    }

    @Autowired
    JdbcTemplate jobJdbc;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager chunkTransactions;

    /**
     * Found on review: the keys were inserted inside the chunk's transaction, so a crash after the claimed files were
     * removed and before the chunk committed left sealed files whose keys never were (the files lost). A key is
     * committed on its own, before its kept file is written, whatever transaction the caller is in.
     */
    @Test
    void aKeyIsCommittedOnItsOwnEvenWhenTheChunksTransactionRollsBack() {
        KeptFileKeyStore keys = new KeptFileKeyStore(jobJdbc, contentCipher);
        String one = "j9p0n" + System.nanoTime();
        String batch = "j9p1n" + System.nanoTime();
        org.springframework.transaction.support.TransactionTemplate chunk =
                new org.springframework.transaction.support.TransactionTemplate(chunkTransactions);
        chunk.executeWithoutResult(status -> {
            keys.sealing(one, "lab-results");
            keys.sealing(java.util.Map.of(batch, "lab-results"));
            status.setRollbackOnly(); // the chunk's commit never comes (a crash, a failed step update)
        });
        assertThat(keys.exists(one)).as("single key").isTrue();
        assertThat(keys.exists(batch)).as("a chunk's keys").isTrue();
    }

    @Autowired
    javax.sql.DataSource jobDataSource;

    /** jobs/lab-results.yml pointed at this test's drop and work folders, with extra lines. */
    private Path jobs(Path drop, String extra) throws IOException {
        Path jobs = Files.createDirectories(work.resolve("jobs"));
        String shipped = Files.readString(Path.of("jobs/lab-results.yml"));
        if (extra.startsWith("retention:")) {
            shipped = shipped.replaceFirst("(?m)^retention: .*$", ""); // a field given twice is refused (round 28)
        }
        Files.writeString(jobs.resolve("lab-results.yml"), shipped
                .replaceFirst("(?m)^drop: .*$", "drop: " + drop)
                .replaceFirst("(?m)^work: .*$", "work: " + work) + "\n" + extra);
        return jobs;
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
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
