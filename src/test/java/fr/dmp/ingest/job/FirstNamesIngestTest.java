package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.report.RunReport;
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
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 part 2, end to end against real PostgreSQL: identity traits as French civil status writes them
 * (ins.md, "Identity status and traits", second round). A first name of two words ("Marie Claire", one
 * first name, HL7 PID-5.2) opens the dossier with the list as it is, and the patient's later documents
 * link to it; they were all refused IDENTITY_MISMATCH ("first names") while the store joined the list
 * with spaces and split it back.
 */
class FirstNamesIngestTest extends PipelineTestSupport {

    static final String FEED = "lab-results";
    /** ins.md's Corsica vector (2A), test OID: a made-up patient, never real data. */
    static final SyntheticPatient MARIE_CLAIRE = new SyntheticPatient("269052A12345688", "FICTIF-PRENOMS",
            List.of("Marie Claire", "Anne"), Sex.F, LocalDate.of(1969, 5, 12), "2a004");

    private Path drop() throws Exception {
        Path drop = work.resolve("drop").resolve(FEED);
        Files.createDirectories(drop);
        return drop;
    }

    private static void write(Path drop, String name, String message) throws Exception {
        Path f = drop.resolve(name);
        Files.writeString(f, message, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofHours(1)))); // complete
    }

    private static OruBuilder oru(SyntheticPatient p, String controlId, long seed) {
        return new OruBuilder().patient(p).controlId(controlId).orderNumber("CMD-" + controlId).seed(seed)
                .time(Instant.parse("2026-11-20T08:00:00Z"));
    }

    @Test
    void aTwoWordFirstNameOpensTheDossierAsAListAndTheNextDocumentsOfThePatientAreStoredToo() throws Exception {
        Path drop = drop();
        String first = oru(MARIE_CLAIRE, "NAMES-1", 1).build();
        assertThat(first).contains("|FICTIF-PRENOMS^Marie Claire^Marie Claire Anne^^^^L|"); // sample-data style PID-5
        write(drop, "marie-claire-1.hl7", first);

        RunReport one = ingest(FEED, drop);

        assertThat(outcome(FEED, "marie-claire-1.hl7")).isEqualTo("STORED");
        assertThat(one.stored()).isEqualTo(1);
        String[] stored = jdbc.queryForObject("SELECT first_names FROM dmp.dossier WHERE ins = ?",
                (rs, i) -> (String[]) rs.getArray(1).getArray(), MARIE_CLAIRE.ins());
        assertThat(Arrays.asList(stored)).containsExactly("Marie Claire", "Anne"); // the list, not four words

        // a second message of the same patient, written by another system: hyphen for the space, the birth place
        // in capitals (ins.md: an INSEE code compared case-folded)
        SyntheticPatient otherWriting = new SyntheticPatient(MARIE_CLAIRE.ins(), "FICTIF PRENOMS",
                List.of("Marie-Claire", "Anne"), Sex.F, MARIE_CLAIRE.birthDate(), "2A004");
        write(drop, "marie-claire-2.hl7", oru(MARIE_CLAIRE, "NAMES-2", 2).build());
        write(drop, "marie-claire-3.hl7", oru(otherWriting, "NAMES-3", 3).build());

        RunReport two = ingest(FEED, drop);

        assertThat(outcome(FEED, "marie-claire-2.hl7")).isEqualTo("STORED");
        assertThat(outcome(FEED, "marie-claire-3.hl7")).isEqualTo("STORED");
        assertThat(two.stored()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM dmp.dossier")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.document d JOIN dmp.dossier o ON o.id = d.dossier_id WHERE o.ins = ?",
                MARIE_CLAIRE.ins())).isEqualTo(3);
        // the dossier's identity is never overwritten by a document (ins.md)
        stored = jdbc.queryForObject("SELECT first_names FROM dmp.dossier WHERE ins = ?",
                (rs, i) -> (String[]) rs.getArray(1).getArray(), MARIE_CLAIRE.ins());
        assertThat(Arrays.asList(stored)).containsExactly("Marie Claire", "Anne");
    }

    @Test
    void theFirstWordOfATwoWordFirstNameIsNotThatFirstName() throws Exception {
        Path drop = drop();
        write(drop, "marie-claire-1.hl7", oru(MARIE_CLAIRE, "NAMES-1", 1).build());
        ingest(FEED, drop);
        // "Marie" with "Claire Anne" after it: the same words, another list of first names
        SyntheticPatient marie = new SyntheticPatient(MARIE_CLAIRE.ins(), MARIE_CLAIRE.birthName(),
                List.of("Marie", "Claire", "Anne"), Sex.F, MARIE_CLAIRE.birthDate(), MARIE_CLAIRE.birthPlace());
        write(drop, "marie-4.hl7", oru(marie, "NAMES-4", 4).build());

        ingest(FEED, drop);

        assertThat(outcome(FEED, "marie-4.hl7")).isEqualTo("QUARANTINED:IDENTITY_MISMATCH");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry ORDER BY id DESC LIMIT 1", String.class))
                .contains("first names").doesNotContain("Marie").doesNotContain("FICTIF");
    }

    @Test
    void aListWrittenOutInOneCdaGivenIsTheDossiersTwoWordFirstNameNotAMismatch() throws Exception {
        // ins.md: one first name may hold a space; a lone CDA given only says the words (round 15: refused
        // IDENTITY_MISMATCH "first names" against the dossier its lab result had opened with "Maria Lucia")
        SyntheticPatient maria = new SyntheticPatient("269052A12345688", "FICTIF-PRENOMS", List.of("Maria Lucia"),
                Sex.F, LocalDate.of(1969, 5, 12), "2A004");
        Path drop = drop();
        write(drop, "maria-1.hl7", oru(maria, "NAMES-5", 5).build());
        ingest(FEED, drop);
        assertThat(outcome(FEED, "maria-1.hl7")).isEqualTo("STORED");

        Path reports = work.resolve("drop").resolve("hospital-reports");
        Files.createDirectories(reports);
        String cda = new fr.dmp.ingest.tools.generate.CdaBuilder().patient(maria).id("1.2.250.1.213.1.1.9", "NAMES-6")
                .sections(List.<String[]>of(new String[] {"11535-2", "Conclusion", "Sortie."})).build();
        assertThat(cda).contains("<given>Maria Lucia</given>"); // one given, no qualifier: the list written out
        write(reports, "maria-2.xml", cda);
        // the same words cut elsewhere, and other words, are still refused
        SyntheticPatient other = new SyntheticPatient(maria.ins(), maria.birthName(), List.of("Maria Luisa"),
                maria.sex(), maria.birthDate(), maria.birthPlace());
        write(reports, "maria-3.xml", new fr.dmp.ingest.tools.generate.CdaBuilder().patient(other)
                .id("1.2.250.1.213.1.1.9", "NAMES-7").sections(List.<String[]>of(new String[] {"11535-2", "Conclusion", "Sortie."}))
                .build());

        ingest("hospital-reports", reports);

        assertThat(outcome("hospital-reports", "maria-2.xml")).isEqualTo("STORED");
        assertThat(outcome("hospital-reports", "maria-3.xml")).isEqualTo("QUARANTINED:IDENTITY_MISMATCH");
        String[] stored = jdbc.queryForObject("SELECT first_names FROM dmp.dossier WHERE ins = ?",
                (rs, i) -> (String[]) rs.getArray(1).getArray(), maria.ins());
        assertThat(Arrays.asList(stored)).containsExactly("Maria Lucia");
    }

    @Test
    void aDossierOpenedFromAListWrittenOutTakesTheSameWordsInSlotsOfTheirOwn() throws Exception {
        // ins.md, V41 (round 15's leftover): the dossier opened by a lone CDA given knew "Maria" and "Lucia", cut at
        // the space, and refused IDENTITY_MISMATCH the lab result that gave "Maria Lucia" in one slot
        SyntheticPatient maria = new SyntheticPatient("269052A12345688", "FICTIF-PRENOMS", List.of("Maria Lucia"),
                Sex.F, LocalDate.of(1969, 5, 12), "2A004");
        Path reports = work.resolve("drop").resolve("hospital-reports");
        Files.createDirectories(reports);
        write(reports, "maria-1.xml", new fr.dmp.ingest.tools.generate.CdaBuilder().patient(maria).id("1.2.250.1.213.1.1.9", "NAMES-8")
                .sections(List.<String[]>of(new String[] {"11535-2", "Conclusion", "Sortie."})).build());
        ingest("hospital-reports", reports);
        assertThat(outcome("hospital-reports", "maria-1.xml")).isEqualTo("STORED");
        assertThat(jdbc.queryForObject("SELECT first_names_written_out FROM dmp.dossier WHERE ins = ?", Boolean.class,
                maria.ins())).isTrue();

        SyntheticPatient twoNames = new SyntheticPatient(maria.ins(), maria.birthName(), List.of("Maria", "Lucia"),
                maria.sex(), maria.birthDate(), maria.birthPlace());
        SyntheticPatient otherOrder = new SyntheticPatient(maria.ins(), maria.birthName(), List.of("Lucia", "Maria"),
                maria.sex(), maria.birthDate(), maria.birthPlace());
        SyntheticPatient moreWords = new SyntheticPatient(maria.ins(), maria.birthName(), List.of("Maria Lucia Ana"),
                maria.sex(), maria.birthDate(), maria.birthPlace());
        Path drop = drop();
        write(drop, "one-slot.hl7", oru(maria, "NAMES-9", 5).build());
        write(drop, "two-slots.hl7", oru(twoNames, "NAMES-10", 5).build());
        write(drop, "other-order.hl7", oru(otherOrder, "NAMES-11", 5).build());
        write(drop, "more-words.hl7", oru(moreWords, "NAMES-12", 5).build());
        ingest(FEED, drop);

        assertThat(outcome(FEED, "one-slot.hl7")).isEqualTo("STORED");
        assertThat(outcome(FEED, "two-slots.hl7")).isEqualTo("STORED");
        assertThat(outcome(FEED, "other-order.hl7")).isEqualTo("QUARANTINED:IDENTITY_MISMATCH");
        assertThat(outcome(FEED, "more-words.hl7")).isEqualTo("QUARANTINED:IDENTITY_MISMATCH");
    }
}
