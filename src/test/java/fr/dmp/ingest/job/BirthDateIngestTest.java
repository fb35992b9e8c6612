package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.tools.generate.OruBuilder;
import fr.dmp.ingest.tools.generate.SyntheticPatient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 9, end to end against real PostgreSQL: an independent writer's lab result for a patient born abroad, whose
 * civil status (and so the INS referential) holds only a birth year, was refused DATE_INVALID ("PID-7 birth date
 * unparseable"): the patient could not be fed at all. A year or a month alone now opens the dossier at that
 * precision; the same partial date, however written, links; a complete date is another trait (ins.md: birth dates
 * must be equal), IDENTITY_MISMATCH.
 */
class BirthDateIngestTest extends PipelineTestSupport {

    static final String FEED = "lab-results";
    /** Born abroad (99) in May 1961, key computed as ins.md says, test OID: a made-up patient, never real data. */
    static final SyntheticPatient BORN_ABROAD = new SyntheticPatient("161059933500131", "FICTIF-ANNEE",
            List.of("Ibrahim Sékou"), Sex.M, LocalDate.of(1961, 5, 3), "99335");

    private static void write(Path drop, String name, String message) throws Exception {
        Path f = drop.resolve(name);
        Files.writeString(f, message, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofHours(1)))); // complete
    }

    /** The builder's message with PID-7 written as {@code birth}. */
    private static String oru(String controlId, long seed, String birth) {
        String built = new OruBuilder().patient(BORN_ABROAD).controlId(controlId).orderNumber("CMD-" + controlId).seed(seed)
                .time(Instant.parse("2026-11-20T08:00:00Z")).build();
        assertThat(built).contains("|19610503|");
        return built.replace("|19610503|", "|" + birth + "|");
    }

    @Test
    void aBirthYearAloneOpensTheDossierAndOnlyThatYearAloneLinksToIt() throws Exception {
        Path drop = work.resolve("drop").resolve(FEED);
        Files.createDirectories(drop);
        write(drop, "year-1.hl7", oru("YEAR-1", 1, "1961"));

        ingest(FEED, drop);

        assertThat(outcome(FEED, "year-1.hl7")).isEqualTo("STORED");
        Map<String, Object> dossier = jdbc.queryForMap("SELECT birth_date::text AS d, birth_date_precision AS p FROM dmp.dossier WHERE ins = ?",
                BORN_ABROAD.ins());
        assertThat(dossier).containsEntry("d", "1961-01-01").containsEntry("p", "YEAR");

        write(drop, "year-2.hl7", oru("YEAR-2", 2, "19610000"));  // the same year, with zeros for what is unknown
        write(drop, "day-3.hl7", oru("DAY-3", 3, "19610101"));    // 1 January is a date, not "unknown"
        write(drop, "month-4.hl7", oru("MONTH-4", 4, "196105"));  // a month the dossier does not know

        ingest(FEED, drop);

        assertThat(outcome(FEED, "year-2.hl7")).isEqualTo("STORED");
        assertThat(outcome(FEED, "day-3.hl7")).isEqualTo("QUARANTINED:IDENTITY_MISMATCH");
        assertThat(outcome(FEED, "month-4.hl7")).isEqualTo("QUARANTINED:IDENTITY_MISMATCH");
        assertThat(jdbc.queryForList("SELECT detail FROM dmp.quarantine_entry", String.class))
                .allSatisfy(d -> assertThat(d).contains("birth date").doesNotContain("1961"));
        assertThat(count("SELECT count(*) FROM dmp.document")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM dmp.dossier")).isEqualTo(1);
    }
}
