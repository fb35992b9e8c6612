package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.report.AuditTrail;
import fr.dmp.ingest.report.Reconciliation;
import fr.dmp.ingest.store.MigrationLedger.ReconciledRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14 part 3, a legacy migration with a manifest, end to end on sample-data/legacy-migration and
 * its manifest: every manifest line is stored, duplicate, quarantined (with its reason), missing or
 * checksum-mismatch, every dropped file it does not list is unexpected, across runs; the legacy record
 * id reaches the stored documents and the dossier's history (rules.md R7).
 */
class MigrationReconciliationTest extends PipelineTestSupport {

    static final String FEED = "legacy-migration";
    static final Path MANIFEST = Path.of("sample-data/legacy-migration.manifest.csv");

    @BeforeEach
    @AfterEach
    void forgetManifests() {
        jdbc.execute("TRUNCATE dmp.migration_manifest_line");
    }

    /** The dossiers the legacy documents go to (existing-only, rules.md R2), as in {@code --feed all}. */
    void openTheDossiers() {
        ingest("lab-results", dropWithSamples("lab-results"));
        ingest("patient-events", dropWithSamples("patient-events"));
        ingest("hospital-reports", dropWithSamples("hospital-reports"));
    }

    IngestRunner.Result migrate(Path drop) {
        return runner.runMigration(FEED, new IngestRunner.Options(drop, work, work.resolve("reports").resolve(FEED + ".json"),
                null), MANIFEST);
    }

    static Map<String, String> states(Reconciliation r) {
        return r.rows().stream().collect(Collectors.toMap(ReconciledRow::fileName,
                x -> x.state() + (x.reason() == null ? "" : ":" + x.reason())));
    }

    @Test
    void everyManifestLineAndEveryDroppedFileIsAccountedForAcrossRuns() throws Exception {
        openTheDossiers();
        Path drop = dropWithSamples(FEED);
        Path heldBack = work.resolve("held-back-hprim-09.hpr");
        Files.move(drop.resolve("hprim-09.hpr"), heldBack);

        IngestRunner.Result first = migrate(drop);
        Reconciliation r1 = first.reconciliation();
        assertThat(first.report().files()).isEqualTo(15);
        assertThat(r1.manifestLines()).isEqualTo(16);
        assertThat(r1.counts()).isEqualTo(Map.of("stored", 11L, "duplicate", 0L, "quarantined", 2L, "missing", 2L,
                "checksum-mismatch", 1L, "unexpected", 1L));
        assertThat(states(r1)).containsEntry("hprim-01.hpr", "stored").containsEntry("old-report.pdf", "stored")
                .containsEntry("hprim-09.hpr", "missing")                      // held back
                .containsEntry("hprim-11.hpr", "missing")                      // listed, never delivered
                .containsEntry("hprim-10.hpr", "checksum-mismatch")            // other bytes than the export's
                .containsEntry("bad-no-dossier.hpr", "quarantined:DOSSIER_UNKNOWN")
                .containsEntry("bad-hprim-unknown-record.hpr", "quarantined:FORMAT_CORRUPT")
                .containsEntry("hprim-net-01.txt", "unexpected");              // not in the manifest
        assertThat(r1.complete()).isFalse();

        // the CSV beside the report, and the counts in the JSON report
        long run1 = first.report().jobExecutionId();
        Path csv = work.resolve("reports").resolve(FEED + "-" + run1 + ".reconciliation.csv"); // --report <feed>.json
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(1 + 17).first().isEqualTo(String.join(",", Reconciliation.CSV_HEADER));
        assertThat(lines).contains("2,ARCH-LAB-1991-0001,hprim-01.hpr,stored,,2,2,",
                "17,ARCH-LAB-2006-0016,bad-no-dossier.hpr,quarantined,DOSSIER_UNKNOWN,0,,",
                "11,ARCH-LAB-2000-0010,hprim-10.hpr,checksum-mismatch,,,,\"the file of this name has other bytes than the"
                        + " manifest's checksum; it was stored, without this line's legacy record id\"",
                "4,ARCH-LAB-1993-0003,hprim-03.hpr,stored,,1,,",              // its INS agrees with the dossier's
                "\"\",,hprim-net-01.txt,unexpected,,,,not in the manifest; stored");
        assertThat(String.join("\n", lines)).doesNotContain("253072A00400773"); // no INS in the reconciliation
        String json = Files.readString(work.resolve("reports").resolve(FEED + ".json"));
        assertThat(json).contains("\"reconciliation\"", "\"missing\" : 2", "\"checksum-mismatch\" : 1",
                "\"unexpected\" : 1", "\"manifestLines\" : 16", "\"complete\" : false");

        // a later run receives the missing file: the reconciliation spans runs
        Files.move(heldBack, drop.resolve("hprim-09.hpr"));
        IngestRunner.Result second = runner.runMigration(FEED, new IngestRunner.Options(drop, work,
                work.resolve("reports").resolve(FEED + ".json"), null), null);
        assertThat(second.report().files()).isEqualTo(1);
        assertThat(second.reconciliation().counts()).containsEntry("stored", 12L).containsEntry("missing", 1L)
                .containsEntry("quarantined", 2L).containsEntry("checksum-mismatch", 1L).containsEntry("unexpected", 1L);
        assertThat(states(second.reconciliation())).containsEntry("hprim-09.hpr", "stored");
        assertThat(second.reconciliation().rows()).filteredOn(x -> x.fileName().equals("hprim-09.hpr"))
                .singleElement().satisfies(x -> assertThat(x.insDiffers()).isFalse());
        assertThat(count("SELECT count(*) FROM dmp.migration_manifest_line WHERE feed = ? AND state = 'stored'"
                + " AND reconciled_in = ?", FEED, second.report().jobExecutionId())).isEqualTo(12);

        // traceability: the legacy record id is stored with the documents and shown by audit --ins
        assertThat(jdbc.queryForList("SELECT DISTINCT legacy_record_id FROM dmp.document WHERE source_feed = ?"
                + " AND source_file = 'hprim-01.hpr'", String.class, FEED)).containsExactly("ARCH-LAB-1991-0001");
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_feed = ? AND source_file = 'hprim-net-01.txt'"
                + " AND legacy_record_id IS NULL", FEED)).isPositive();
        AuditTrail trail = new AuditTrail(jdbc);
        long dossier = trail.dossiers("176052B03351043").get(0).id();
        assertThat(trail.history(dossier, true).stream().map(AuditTrail::line))
                .anySatisfy(l -> assertThat(l).contains("STORED", "legacy record ARCH-LAB-1991-0001"));
    }

    @org.springframework.beans.factory.annotation.Autowired
    fr.dmp.ingest.store.EmbeddedPostgresServer postgres;

    /**
     * Resumable: {@code ingest --manifest} in a child JVM killed (kill -9, {@code halt}) after its fifth
     * chunk commits, run again, gives the reconciliation of one clean run — built from the dispositions,
     * which make file handling crash-safe.
     */
    @Test
    void killedInTheMiddleThenRunAgainTheReconciliationIsThatOfOneCleanRun() throws Exception {
        openTheDossiers();
        Reconciliation once = migrate(dropWithSamples(FEED)).reconciliation();
        String expected = once.toCsv();

        emptyTheStore();
        jdbc.execute("TRUNCATE dmp.migration_manifest_line");
        openTheDossiers();
        Path drop = work.resolve("crash-drop");
        copyTree(Path.of("sample-data").resolve(FEED), drop);
        Path jobs = work.resolve("jobs");
        Files.createDirectories(jobs);
        Files.writeString(jobs.resolve(FEED + ".yml"), Files.readString(Path.of("jobs", FEED + ".yml"))
                .replaceFirst("(?m)^drop: .*$", "drop: " + drop)
                .replaceFirst("(?m)^work: .*$", "work: " + work.resolve("crash-var"))
                .replaceFirst("(?m)^quietPeriod: .*$", "quietPeriod: 0s"));
        Path out = work.resolve("child");
        Files.createDirectories(out);
        ProcessBuilder killed = fr.dmp.ingest.ChildJvm.builder(postgres, jobs, out,
                // the fifth commit: the partitions run in no set order and most hold one file, so two commits could be
                // two of the four files stored without a record id or quarantined (seen once in the suite); five cannot
                List.of("-Xmx512m", "-Ddmp.faults.crash-at=commit:5"), "ingest", "--feed", FEED,
                "--manifest", MANIFEST.toAbsolutePath().toString(), "--dmp.chunk-size=3", "--dmp.threads=1");
        Process p = fr.dmp.ingest.ChildJvm.start(killed);
        assertThat(p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(fr.dmp.ingest.ChildJvm.output(killed)).isNotZero();
        long decided = count("SELECT count(*) FROM dmp.disposition WHERE feed = ?", FEED);
        assertThat(decided).as("killed in the middle").isBetween(1L, 15L);
        // the killed run never reconciled: the documents it stored carry their legacy record id all the same,
        // written with them in their chunk's transaction (neither file is a manifest line with its bytes)
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_feed = ? AND legacy_record_id IS NOT NULL", FEED))
                .isPositive();
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_feed = ? AND legacy_record_id IS NULL"
                + " AND source_file NOT IN ('hprim-net-01.txt', 'hprim-10.hpr')", FEED)).isZero();
        assertThat(count("SELECT count(*) FROM dmp.migration_manifest_line WHERE feed = ? AND reconciled_in IS NOT NULL", FEED))
                .isZero();

        ProcessBuilder again = fr.dmp.ingest.ChildJvm.builder(postgres, jobs, out, List.of("-Xmx512m"),
                "ingest", "--feed", FEED, "--manifest", MANIFEST.toAbsolutePath().toString(), "--dmp.chunk-size=3");
        Process q = fr.dmp.ingest.ChildJvm.start(again);
        assertThat(q.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(q.exitValue()).as(fr.dmp.ingest.ChildJvm.output(again)).isZero();
        Path csv;
        try (var files = Files.list(out.resolve("reports"))) {
            csv = files.filter(f -> f.toString().endsWith(".reconciliation.csv")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(csv)).isEqualTo(expected);
        assertThat(fr.dmp.ingest.ChildJvm.output(again)).contains("reconciliation", "incomplete");
    }

    /**
     * An archive of several patients whose manifest line names one of them is no discrepancy: the note flags a
     * line only when none of its documents reached the manifest's patient (it used to flag every archive of
     * several patients, which is why the sample manifest gave INS for single-patient files only).
     */
    @Test
    void anArchiveOfSeveralPatientsNamingOneOfThemHasNoInsNote() throws Exception {
        openTheDossiers();
        Path manifest = work.resolve("several-patients.manifest.csv");
        List<String> lines = Files.readAllLines(MANIFEST);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("ARCH-LAB-1991-0001,hprim-01.hpr,")) {
                lines.set(i, l.replaceFirst(",,2$", ",249039913416402,2"));            // the second of its two patients
            } else if (l.startsWith("ARCH-LAB-1994-0004,hprim-04.hpr,")) {
                lines.set(i, l.replaceFirst(",,$", ",253072A00400773,"));             // a patient it does not hold
            }
        }
        Files.write(manifest, lines);
        Reconciliation r = runner.runMigration(FEED, new IngestRunner.Options(dropWithSamples(FEED), work,
                work.resolve("reports").resolve(FEED + ".json"), null), manifest).reconciliation();
        assertThat(r.rows()).filteredOn(x -> x.fileName().equals("hprim-01.hpr")).singleElement().satisfies(x -> {
            assertThat(x.state()).isEqualTo("stored");
            assertThat(x.insDiffers()).isFalse();
        });
        assertThat(r.rows()).filteredOn(x -> x.fileName().equals("hprim-04.hpr")).singleElement().satisfies(x -> {
            assertThat(x.state()).isEqualTo("stored");
            assertThat(x.insDiffers()).isTrue();
        });
        assertThat(r.toCsv()).contains("hprim-04.hpr,stored,,2,,stored in a dossier of another INS than the manifest's")
                .contains("2,ARCH-LAB-1991-0001,hprim-01.hpr,stored,,2,2,\n");
    }

    @Test
    void aBrokenManifestIsRefusedAtStartAndNothingIsClaimed() throws Exception {
        Path drop = dropWithSamples(FEED);
        Path broken = work.resolve("broken.csv");
        List<String> lines = Files.readAllLines(MANIFEST);
        lines.set(3, lines.get(3).replaceFirst(",[0-9a-f]{64},", ",not-a-checksum,"));
        Files.write(broken, lines);
        assertThatThrownBy(() -> runner.runMigration(FEED, new IngestRunner.Options(drop, work, null, null), broken))
                .isInstanceOf(IngestFailure.class).hasMessage("feed legacy-migration: manifest line 4, field sha256: 64 hexadecimal digits");
        assertThat(names(drop)).hasSize(17);
        assertThat(count("SELECT count(*) FROM dmp.migration_manifest_line")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.disposition")).isZero();
    }

    @Test
    void aManifestInsideTheDropFolderIsRefusedAtStartNotTakenAsAnInput() throws Exception {
        // round 13, a migration tester: it was claimed, quarantined FORMAT_UNSUPPORTED with every INS it lists, and gone
        Path drop = dropWithSamples(FEED);
        Path inside = drop.resolve("manifest.csv");
        Files.copy(MANIFEST, inside);
        assertThatThrownBy(() -> runner.runMigration(FEED, new IngestRunner.Options(drop, work, null, null), inside))
                .isInstanceOf(IngestFailure.class).hasMessageContaining("the manifest is inside the drop folder")
                .hasMessageEndingWith("put it beside the drop folder");
        assertThat(inside).exists();
        assertThat(names(drop)).hasSize(18);
        assertThat(count("SELECT count(*) FROM dmp.disposition")).isZero();
    }

    @Test
    void aLaterManifestGivingAnEarlierRecordIdToAnotherFileIsRefusedNamingItsLineAndField() throws Exception {
        // round 13, a migration tester: the refusal named neither line nor field
        Path drop = Files.createDirectories(work.resolve("empty-drop"));
        runner.runMigration(FEED, new IngestRunner.Options(drop, work, null, null), MANIFEST);
        Path second = work.resolve("night-2.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(MANIFEST));
        lines.set(5, lines.get(5).replaceFirst("^([^,]+),[^,]+,", "$1,corrected-name.hpr,"));
        Files.write(second, lines);
        assertThatThrownBy(() -> runner.runMigration(FEED, new IngestRunner.Options(drop, work, null, null), second))
                .isInstanceOf(IngestFailure.class)
                .hasMessageStartingWith("feed legacy-migration: manifest line 6, field legacy_record_id: an earlier manifest gave it another file");
        assertThat(count("SELECT count(*) FROM dmp.migration_manifest_line WHERE file_name = 'corrected-name.hpr'")).isZero();
    }

    @Test
    void aFileNamedInAnotherUnicodeFormThanItsManifestLineIsThatLinesFile() throws Exception {
        // round 13, a migration tester: a manifest in NFC, the file in NFD (copied through a Mac) was "missing" + "unexpected"
        openTheDossiers();
        Path drop = dropWithSamples(FEED);
        String nfc = java.text.Normalizer.normalize("hprim-03-r\u00e9sultats.hpr", java.text.Normalizer.Form.NFC);
        String nfd = java.text.Normalizer.normalize(nfc, java.text.Normalizer.Form.NFD);
        Files.move(drop.resolve("hprim-03.hpr"), drop.resolve(nfd));
        Path manifest = work.resolve("nfc.csv");
        Files.writeString(manifest, Files.readString(MANIFEST).replace(",hprim-03.hpr,", "," + nfc + ","));
        Reconciliation r = runner.runMigration(FEED, new IngestRunner.Options(drop, work, null, null), manifest).reconciliation();
        assertThat(r.rows()).filteredOn(x -> x.legacyRecordId() != null && x.legacyRecordId().equals("ARCH-LAB-1993-0003"))
                .singleElement().satisfies(x -> assertThat(x.state()).isEqualTo("stored"));
        assertThat(r.rows()).noneMatch(x -> "unexpected".equals(x.state()) && x.fileName().contains("sultats"));
    }

    @Test
    void aFeedWithoutManifestHasNoReconciliation() {
        IngestRunner.Result r = runner.runMigration(FEED, new IngestRunner.Options(dropWithSamples(FEED), work, null, null), null);
        assertThat(r.reconciliation()).isNull();
        assertThat(r.report().files()).isEqualTo(16);
    }
}
