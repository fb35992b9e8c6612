package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.report.RunReport;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** End to end on sample-data/lab-results against real PostgreSQL. */
class LabResultsIngestTest extends PipelineTestSupport {

    static final Map<String, Long> BAD_FILES = Map.of(
            "INS_INVALID", 2L,          // bad-ins-key, bad-two-messages-one-bad (its first message is stored)
            "INS_MISSING", 1L,          // bad-no-pid3
            "INS_UNKNOWN_OID", 1L,      // bad-unknown-oid (an IPP and an old INS-C, no INS OID)
            "FORMAT_CORRUPT", 1L,       // bad-truncated
            "FORMAT_UNSUPPORTED", 2L,   // bad-not-hl7, bad-empty
            "ENCODING_INVALID", 1L,     // bad-charset-declared-utf8 (ISO-8859-1 bytes)
            "IDENTITY_NOT_QUALIFIED", 1L, // bad-identity-provisional (PID-32 PROV)
            "METADATA_MISSING", 1L,     // bad-no-control-id
            "DATE_INVALID", 1L);        // bad-future-date

    @Test
    void everyFileIsStoredDuplicateOrQuarantinedWithItsReasonAndARerunStoresNothingNew() throws Exception {
        Path drop = dropWithSamples("lab-results");
        long sampleFiles;
        try (var s = Files.list(drop)) {
            sampleFiles = s.count();
        }

        RunReport first = ingest("lab-results", drop);

        assertThat(first.files()).isEqualTo(sampleFiles).isEqualTo(66);
        assertThat(first.files()).isEqualTo(first.stored() + first.duplicates() + first.quarantined());
        assertThat(first.stored()).isEqualTo(54);       // 52 single messages, the batch of two, the duplicate identity
        assertThat(first.duplicates()).isEqualTo(1);    // oru-0007-resent
        assertThat(first.quarantined()).isEqualTo(11);
        assertThat(first.reasons()).isEqualTo(BAD_FILES);
        assertThat(first.types()).isEqualTo(Map.of("11502-2", 56L));

        // the store
        assertThat(count("SELECT count(*) FROM dmp.document")).isEqualTo(56);
        assertThat(count("SELECT count(*) FROM dmp.document WHERE type_code = '11502-2' AND class_code = '10'")).isEqualTo(56);
        assertThat(count("SELECT count(*) FROM dmp.dossier")).isEqualTo(13);
        assertThat(count("SELECT count(DISTINCT content_sha256) FROM dmp.document")).isEqualTo(56);
        assertThat(count("SELECT count(*) FROM dmp.content")).isEqualTo(56);
        assertThat(count("SELECT count(*) FROM dmp.document_text")).isEqualTo(56);
        assertThat(count("SELECT count(*) FROM dmp.observation")).isGreaterThan(56);
        assertThat(count("SELECT count(*) FROM dmp.observation WHERE numeric_value IS NULL AND value_type = 'NM'")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.disposition")).isEqualTo(66);
        assertThat(count("SELECT count(*) FROM dmp.quarantine_entry")).isEqualTo(11);
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'STORED'")).isEqualTo(56);
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'DUPLICATE'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'REJECTED'")).isEqualTo(11);
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'CREATED'")).isEqualTo(13);
        // accents decoded from every charset variant, no mojibake
        assertThat(count("SELECT count(*) FROM dmp.document_text WHERE text LIKE '%Ã%'")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.dossier WHERE birth_name LIKE '%Ã%' OR array_to_string(first_names, ' ') LIKE '%Ã%'")).isZero();

        // the files: drop and claim folders empty, every input archived or quarantined once
        assertThat(names(drop)).isEmpty();
        assertThat(names(work.resolve("claim"))).isEmpty();
        assertThat(names(work.resolve("archive").resolve("lab-results"))).hasSize(55);
        assertThat(names(work.resolve("quarantine").resolve("lab-results")))
                .filteredOn(n -> !n.endsWith(".reason.json")).hasSize(11);
        assertThat(names(work.resolve("quarantine").resolve("lab-results")))
                .filteredOn(n -> n.endsWith(".reason.json")).hasSize(11);

        // a reason file names the item and masks the INS
        String reason = Files.readString(reasonFile(work.resolve("quarantine/lab-results"), "bad-two-messages-one-bad.hl7"),
                StandardCharsets.UTF_8);
        assertThat(reason).contains("\"index\" : 2", "\"reason\" : \"INS_INVALID\"", "\"jobExecutionId\" : " + first.jobExecutionId())
                .containsPattern("\\*{11}\\d{4}");
        assertThat(reason).doesNotContainPattern("\\d{15}");
        assertThat(Files.readString(work.resolve("reports/lab-results.json"))).contains("\"files\" : 66");

        // the same drop again: nothing new stored, every good file is a duplicate
        Path again = dropWithSamples("lab-results");
        RunReport second = ingest("lab-results", again);
        assertThat(second.files()).isEqualTo(66);
        assertThat(second.stored()).isZero();
        assertThat(second.duplicates()).isEqualTo(55);
        assertThat(second.quarantined()).isEqualTo(11);
        assertThat(count("SELECT count(*) FROM dmp.document")).isEqualTo(56);
        assertThat(names(work.resolve("claim"))).isEmpty();
        assertThat(names(work.resolve("archive").resolve("lab-results"))).hasSize(110);
    }
}
