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

    /**
     * Round 28 (a tester on other projects' HL7 fixtures): a culture's isolates and their antibiograms, a local code
     * with LOINC second, a range in components, are stored as sent; a year 0000 in OBX-14 is DATE_INVALID for the
     * sender, not INTERNAL_ERROR.
     */
    @Test
    void aCulturesIsolatesSecondCodesAndRangesAreStoredAsSentAndAYearZeroIsADateError() throws Exception {
        String pid = "PID|1||279035121518989^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.10&ISO^INS||"
                + "ESSAI-CULTURE^Zoé^Zoé^^^^L||19790315|F|||^^^^^^BDL^^75056|||||||||||||||||||||QUAL";
        String msh = "MSH|^~\\&|LIS|LABO^1.2.250.1.71.4.2.2.1^ISO|DMP|DMP|20261120101500+0100||ORU^R01^ORU_R01|";
        String culture = msh + "M-ATB|P|2.5.1\r" + pid + "\r"
                + "OBR|1|CMD-28|RES-28|600-7^Hémoculture^LN|||20261120080000+0100|||||||||||||||20261120100000+0100|||F\r"
                + "OBX|1|CWE|600-7^Germe identifié^LN|1|112283007^Escherichia coli^SCT||||||F\r"
                + "OBX|2|CWE|600-7^Germe identifié^LN|2|3092008^Staphylococcus aureus^SCT||||||F\r"
                + "OBR|2|CMD-28|RES-28|29576-6^Antibiogramme^LN|||20261120080000+0100||||G|||||||||||20261120100000+0100|||F|600-7&Germe&LN^1\r"
                + "OBX|1|SN|18864-9^Ampicilline^LN|1|<=^2|mg/L||S|||F\r"
                + "OBR|3|CMD-28|RES-28|29576-6^Antibiogramme^LN|||20261120080000+0100||||G|||||||||||20261120100000+0100|||F|600-7&Germe&LN^2\r"
                + "OBX|1|SN|18864-9^Ampicilline^LN|1|>=^32|mg/L||R|||F\r";
        String coded = msh + "M-ALT|P|2.5.1\r" + pid + "\r"
                + "OBR|1|CMD-29|RES-29|24326-1^Ionogramme^LN|||20261120080000+0100|||||||||||||||20261120100000+0100|||F\r"
                + "OBX|1|NM|K^Potassium^L^2823-3^Potassium^LN||4.1|mmol/L|3.5^5.0|N|||F\r";
        String yearZero = msh + "M-Y0|P|2.5.1\r" + pid + "\r"
                + "OBR|1|CMD-30|RES-30|2345-7^Glycémie^LN|||20261120080000+0100|||||||||||||||20261120100000+0100|||F\r"
                + "OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L|3.9-6.1|N|||F|||00000101\r";
        Path drop = Files.createDirectories(work.resolve("drop-others"));
        Files.writeString(drop.resolve("culture.hl7"), culture);
        Files.writeString(drop.resolve("coded.hl7"), coded);
        Files.writeString(drop.resolve("year-zero.hl7"), yearZero);
        for (String f : new String[] {"culture.hl7", "coded.hl7", "year-zero.hl7"}) { // past the quiet period
            Files.setLastModifiedTime(drop.resolve(f), java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600)));
        }
        RunReport r = ingest("lab-results", drop);
        assertThat(r.stored()).as(r.reasons() + " " + names(work.resolve("quarantine/lab-results"))).isEqualTo(2);
        assertThat(r.reasons()).isEqualTo(Map.of("DATE_INVALID", 1L));

        var ampicillin = jdbc.queryForList("SELECT o.abnormal_flags, o.order_seq, o.sub_id, o.parent_code, o.parent_sub_id"
                + " FROM dmp.observation o JOIN dmp.document d ON d.id = o.document_id"
                + " WHERE d.message_control_id = 'M-ATB' AND o.code = '18864-9' ORDER BY o.seq");
        assertThat(ampicillin).extracting(m -> m.get("abnormal_flags") + " " + m.get("order_seq") + " " + m.get("sub_id") + " "
                + m.get("parent_code") + "^" + m.get("parent_sub_id")).containsExactly("S 2 1 600-7^1", "R 3 1 600-7^2");
        assertThat(count("SELECT count(*) FROM dmp.observation o JOIN dmp.document d ON d.id = o.document_id"
                + " WHERE d.message_control_id = 'M-ATB' AND o.order_seq = 1 AND o.sub_id IN ('1', '2') AND o.parent_code IS NULL"))
                .isEqualTo(2);
        // a query by LOINC finds the result under its second code
        assertThat(jdbc.queryForList("SELECT code || ' ' || code_system || ' ' || alt_code || ' ' || alt_code_system || ' '"
                + " || reference_range AS r FROM dmp.observation WHERE (code_system = 'LN' AND code = '2823-3')"
                + " OR (alt_code_system = 'LN' AND alt_code = '2823-3')", String.class))
                .containsExactly("K L 2823-3 LN 3.5^5.0");
        String reason = Files.readString(reasonFile(work.resolve("quarantine/lab-results"), "year-zero.hl7"), StandardCharsets.UTF_8);
        assertThat(reason).contains("DATE_INVALID").contains("observation time before 1850").doesNotContain("INTERNAL_ERROR");
    }
}
