package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.report.RunReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static java.util.Map.entry;

/**
 * End to end, one test per feed, on sample-data in the order of {@code --feed all} (lab-results opens
 * the dossiers, patient-events changes them, then the document feeds): every count per reason and per
 * type, the documents' metadata, and every input archived or quarantined.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedsIngestTest extends PipelineTestSupport {

    RunReport lab;
    RunReport events;
    RunReport hospital;
    RunReport legacy;
    RunReport prescriptions;
    /** The scenario's folders: JUnit injects a fresh {@code work} before each test. */
    java.nio.file.Path scenario;

    @Override
    protected boolean emptyStoreBeforeEach() {
        return false;
    }

    @BeforeAll
    void runEveryFeed() throws Exception {
        work = Files.createTempDirectory("dmp-feeds-test");
        scenario = work;
        emptyTheStore();
        assertThat(runner.feedNames("all")).containsExactly("lab-results", "patient-events", "hospital-reports",
                "legacy-migration", "prescriptions");
        lab = ingest("lab-results", dropWithSamples("lab-results"));
        events = ingest("patient-events", dropWithSamples("patient-events"));
        hospital = ingest("hospital-reports", dropWithSamples("hospital-reports"));
        legacy = ingest("legacy-migration", dropWithSamples("legacy-migration"));
        prescriptions = ingest("prescriptions", dropWithSamples("prescriptions"));
    }

    private void accountsForEveryFile(String feed, RunReport r, long files) {
        assertThat(r.files()).isEqualTo(files).isEqualTo(r.stored() + r.duplicates() + r.quarantined());
        assertThat(names(scenario.resolve("drop").resolve(feed))).isEmpty();
        assertThat(names(scenario.resolve("claim").resolve(feed))).isEmpty();
        // a PDF and its sidecar are one input: the archive and the quarantine hold both
        long archived = names(scenario.resolve("archive").resolve(feed)).stream().filter(n -> !n.endsWith(".pdf.json")).count();
        long quarantined = names(scenario.resolve("quarantine").resolve(feed)).stream()
                .filter(n -> !n.endsWith(".reason.json") && !n.endsWith(".pdf.json")).count();
        assertThat(archived).isEqualTo(r.stored() + r.duplicates());
        assertThat(quarantined).isEqualTo(r.quarantined());
        // the progress the console and the progress line read ends at every file, the deferred replacements too
        assertThat(count("SELECT count(*) FROM dmp.run_progress WHERE feed = ? AND finished_at IS NOT NULL AND done = ?"
                + " AND total = ? AND quarantined = ?", feed, files, files, r.quarantined())).isEqualTo(1);
    }

    @Test
    void labResults() {
        accountsForEveryFile("lab-results", lab, 66);
        assertThat(lab.types()).isEqualTo(Map.of("11502-2", 56L));
    }

    @Test
    void patientEvents() {
        accountsForEveryFile("patient-events", events, 7);
        assertThat(events.reasons()).isEqualTo(Map.of("FORMAT_UNSUPPORTED", 1L)); // events-bad.csv
        assertThat(events.types()).containsEntry("event:close", 2L).containsEntry("event:death", 1L)
                .containsEntry("event:merge", 1L).containsEntry("event:mask", 1L).containsEntry("event:delete-document", 1L);
        assertThat(count("SELECT count(*) FROM dmp.dossier_event WHERE state = 'PENDING'")).isZero();
    }

    @Test
    void hospitalReports() {
        accountsForEveryFile("hospital-reports", hospital, 62);
        assertThat(hospital.stored()).isEqualTo(44);
        assertThat(hospital.reasons()).isEqualTo(Map.ofEntries(
                entry("PDF_ENCRYPTED", 1L),          // bad-encrypted.pdf
                entry("FORMAT_CORRUPT", 2L),         // bad-truncated.pdf, bad-mdm-broken-base64.hl7
                entry("METADATA_MISSING", 2L),       // bad-no-sidecar.pdf, bad-cda-no-record-target.xml
                entry("INS_INVALID", 1L),            // bad-sidecar-ins-key.pdf
                entry("UNSAFE_CONTENT", 1L),         // bad-cda-doctype.xml
                entry("DOSSIER_CLOSED", 1L), entry("PATIENT_DECEASED", 1L), entry("DOSSIER_OPPOSITION", 2L),
                entry("IDENTITY_MISMATCH", 5L), entry("IDENTITY_NOT_QUALIFIED", 1L), entry("VERSION_CONFLICT", 1L)));
        assertThat(hospital.types()).isEqualTo(Map.ofEntries(entry("11488-4", 6L), entry("11490-0", 11L), entry("11502-2", 1L),
                entry("15507-7", 2L), entry("18748-4", 8L), entry("18761-7", 2L), entry("34749-2", 2L), entry("34874-8", 5L),
                entry("60568-3", 3L), entry("70004-7", 2L), entry("77436-4", 2L)));
        // a PDF body in a CDA is the content, stored once per SHA-256
        assertThat(jdbc.queryForObject("SELECT mime_type || ' ' || format_code FROM dmp.document WHERE source_file = 'cda-07-pdf-body.xml'",
                String.class)).isEqualTo("application/pdf urn:ihe:iti:xds-sd:pdf:2008");
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_file = 'report-08-scan.pdf' AND 'NO_TEXT_LAYER' = ANY(flags)")).isEqualTo(1);
        // rule-r6-masked-at-source.pdf and rule-not-qualified.pdf are the same bytes: one blob if both were stored
        assertThat(count("SELECT count(*) FROM dmp.content c JOIN dmp.document d ON d.content_sha256 = c.sha256"
                + " WHERE d.source_file = 'rule-r6-masked-at-source.pdf'")).isEqualTo(1);
        assertThat(count("SELECT count(*) - count(DISTINCT sha256) FROM dmp.content")).isZero();
        // a local code of the sender through the feed's table; an old code mapped and recorded
        assertThat(jdbc.queryForObject("SELECT type_code || ' ' || (classification->'evidence'->>0) FROM dmp.document"
                + " WHERE source_file = 'mdm-01-t02-pdf.hl7'", String.class)).isEqualTo("34874-8 feed-map:TXA-2=CRO");
        assertThat(jdbc.queryForObject("SELECT type_code || ' ' || (classification->'evidence')::text FROM dmp.document"
                + " WHERE source_file = 'cda-10-old-pathology-code.xml'", String.class)).contains("60568-3").contains("alias:11526-1->60568-3");
        // the content overruled a wrong sidecar hint, and the disagreement is kept
        assertThat(jdbc.queryForObject("SELECT type_code || ' ' || (classification->>'source') || ' ' || (classification->'evidence')::text"
                + " FROM dmp.document WHERE source_file = 'report-21-wrong-hint.pdf'", String.class))
                .startsWith("34874-8 content").contains("disagreement:sidecar=57833-6");
        // every stored document has a type and class from the catalogue, and its evidence
        assertThat(count("SELECT count(*) FROM dmp.document WHERE jsonb_array_length(classification->'evidence') = 0")).isZero();
    }

    @Test
    void legacyMigration() {
        accountsForEveryFile("legacy-migration", legacy, 16);
        assertThat(legacy.reasons()).isEqualTo(Map.of("FORMAT_CORRUPT", 1L,   // bad-hprim-unknown-record.hpr
                "DOSSIER_UNKNOWN", 1L));                                        // bad-no-dossier.hpr (existing-only)
        assertThat(legacy.types()).isEqualTo(Map.of("11502-2", 22L, "11490-0", 1L, "18748-4", 1L));
        // HPRIM results are observations like HL7 ones; the original bytes are the content
        assertThat(count("SELECT count(*) FROM dmp.observation o JOIN dmp.document d ON d.id = o.document_id"
                + " WHERE d.source_format = 'hprim'")).isGreaterThan(20);
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_format = 'hprim' AND mime_type = 'application/x-hprim'"))
                .isEqualTo(21);
    }

    @Test
    void prescriptions() {
        accountsForEveryFile("prescriptions", prescriptions, 13);
        // an invoice is no prescription; prescription-08.pdf ("demande de soins infirmiers, faire faire par IDE",
        // no sidecar) is a nursing prescription, PRESC-INF in codes.md, not the generic 57832-8: the model trained
        // with writers w9, w10 gave it PRESC-INF at 0.82 (0.58, refused, before them); the model trained with w17-w19
        // (better on the 992 independent documents) gives it PRESC-INF at 0.56 only, under the 0.6 threshold (0.7 since round 19): refused,
        // for a person to type, rather than stored on a guess
        assertThat(prescriptions.reasons()).isEqualTo(Map.of("TYPE_UNKNOWN", 2L));
        assertThat(prescriptions.types()).isEqualTo(Map.of("57833-6", 6L, "57832-8", 2L, "PRESC-BIO", 3L));
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_feed = 'prescriptions' AND class_code <> '42'")).isZero();
    }
}
