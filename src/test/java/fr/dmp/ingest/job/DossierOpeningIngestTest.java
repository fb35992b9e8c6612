package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.tools.generate.OruBuilder;
import fr.dmp.ingest.tools.generate.PdfBuilder;
import fr.dmp.ingest.tools.generate.SidecarJson;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A document that opens a dossier brings the traits its later documents must agree with (ins.md, rules.md R2):
 * birth name, a first name, sex and birth date. An independent tester (round 16) opened dossiers from a QUAL lab
 * result whose PID-5, PID-7 and PID-8 were empty, and from a sidecar whose birth name was blank and first names
 * {@code ["-"]}; such a dossier compared nothing, and documents of other people that named its INS were stored in it.
 */
class DossierOpeningIngestTest extends PipelineTestSupport {

    static final String LAB = "lab-results";
    static final String REPORTS = "hospital-reports";
    /** ins.md's Corsica vector (2A), test OID: a made-up patient, never real data. */
    static final SyntheticPatient PATIENT = new SyntheticPatient("269052A12345688", "FICTIF-OUVERTURE",
            List.of("Aline"), Sex.F, LocalDate.of(1969, 5, 12), "2A004");
    /** Another made-up person whose document names the same INS (a wrong INS at the sender). */
    static final SyntheticPatient SOMEONE_ELSE = new SyntheticPatient(PATIENT.ins(), "FICTIF-AUTRE",
            List.of("Bruno"), Sex.M, LocalDate.of(1950, 1, 2), "75056");

    /** Another patient: another INS. */
    static final SyntheticPatient ANOTHER_INS = fr.dmp.ingest.tools.generate.SyntheticPatients.pool(1, 260_612_026L).get(0);

    private Path drop(String feed) throws Exception {
        Path drop = work.resolve("drop").resolve(feed);
        Files.createDirectories(drop);
        return drop;
    }

    private static void write(Path drop, String name, byte[] bytes) throws Exception {
        Path f = drop.resolve(name);
        Files.write(f, bytes);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofHours(1)))); // complete
    }

    private static String oru(SyntheticPatient p, String controlId) {
        return new OruBuilder().patient(p).controlId(controlId).orderNumber("CMD-" + controlId).seed(7)
                .time(Instant.parse("2026-11-20T08:00:00Z")).build();
    }

    /** The message with PID-5 (name), PID-7 (birth date), PID-8 (sex) and PID-11 (address) emptied; PID-32 stays QUAL. */
    private static String withoutTraits(String message) {
        StringBuilder out = new StringBuilder();
        for (String segment : message.split("\r")) {
            if (segment.startsWith("PID|")) {
                String[] f = segment.split("\\|", -1);
                for (int i : new int[] {5, 7, 8, 11}) {
                    f[i] = "";
                }
                segment = String.join("|", f);
            }
            out.append(segment).append('\r');
        }
        return out.toString();
    }

    @Test
    void aQualifiedMessageWithoutTraitsOpensNoDossierAndADossierOpenedLaterStillRefusesSomeoneElse() throws Exception {
        Path drop = drop(LAB);
        String bare = withoutTraits(oru(PATIENT, "OPEN-1"));
        assertThat(bare).contains("PID|1||").contains("|QUAL");
        write(drop, "no-traits.hl7", bare.getBytes(StandardCharsets.UTF_8));

        ingest(LAB, drop);

        // ins.md: the traits a dossier opens with are those later documents must agree with; none, none opened
        assertThat(outcome(LAB, "no-traits.hl7")).isEqualTo("QUARANTINED:METADATA_MISSING");
        assertThat(count("SELECT count(*) FROM dmp.dossier WHERE ins = ?", PATIENT.ins())).isZero();
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry ORDER BY id DESC LIMIT 1", String.class))
                .contains("birth name", "first name", "birth date").doesNotContain(PATIENT.ins());

        // the patient's own document opens it; another person's, naming the same INS, is then refused
        write(drop, "patient.hl7", oru(PATIENT, "OPEN-2").getBytes(StandardCharsets.UTF_8));
        ingest(LAB, drop); // alone: in one run, which of two people opens the dossier depends on the order of the files
        write(drop, "someone-else.hl7", oru(SOMEONE_ELSE, "OPEN-3").getBytes(StandardCharsets.UTF_8));
        ingest(LAB, drop);
        assertThat(outcome(LAB, "patient.hl7")).isEqualTo("STORED");
        assertThat(outcome(LAB, "someone-else.hl7")).isEqualTo("QUARANTINED:IDENTITY_MISMATCH");
        assertThat(count("SELECT count(*) FROM dmp.dossier WHERE ins = ? AND birth_name = ?", PATIENT.ins(),
                PATIENT.birthName())).isOne();

        // round 17: a document without traits is not stored in the dossier that exists either (it would compare
        // nothing); one without sex is, compared on the traits it gives; without sex, it opens none
        write(drop, "no-traits-again.hl7", withoutTraits(oru(PATIENT, "OPEN-4")).getBytes(StandardCharsets.UTF_8));
        write(drop, "no-sex.hl7", withoutSex(oru(PATIENT, "OPEN-5")).getBytes(StandardCharsets.UTF_8));
        write(drop, "no-sex-other-patient.hl7", withoutSex(oru(OTHER_INS, "OPEN-6")).getBytes(StandardCharsets.UTF_8));
        ingest(LAB, drop);
        assertThat(outcome(LAB, "no-traits-again.hl7")).isEqualTo("QUARANTINED:METADATA_MISSING");
        assertThat(outcome(LAB, "no-sex.hl7")).isEqualTo("STORED");
        assertThat(outcome(LAB, "no-sex-other-patient.hl7")).isEqualTo("QUARANTINED:METADATA_MISSING");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry WHERE file_name = 'no-sex-other-patient.hl7'",
                String.class)).isEqualTo("identity traits needed to open a dossier: sex");
    }

    /** Another made-up patient with a dossier of her own to open (ins.md test vector 2B). */
    static final SyntheticPatient OTHER_INS = new SyntheticPatient("175122B01234529", "FICTIF-AUTRE-INS",
            List.of("Claude"), Sex.M, LocalDate.of(1975, 12, 1), "2B033");

    /** The message with PID-8 (sex) emptied. */
    private static String withoutSex(String message) {
        StringBuilder out = new StringBuilder();
        for (String segment : message.split("\r")) {
            if (segment.startsWith("PID|")) {
                String[] f = segment.split("\\|", -1);
                f[8] = "";
                segment = String.join("|", f);
            }
            out.append(segment).append('\r');
        }
        return out.toString();
    }

    @Test
    void aDossierOpenedWithoutTraitsByAnEarlierVersionTakesNoDocumentUntilAQualifiedUpdateCompletesIt() throws Exception {
        // what an installation upgraded from before round 17 may hold: a dossier that compares nothing
        jdbc.update("INSERT INTO dmp.dossier (ins, ins_oid, created_by_feed) VALUES (?, ?, 'earlier-version')", PATIENT.ins(),
                SyntheticPatient.TEST_OID);
        Path drop = drop(LAB);
        write(drop, "someone-else.hl7", oru(SOMEONE_ELSE, "LEGACY-1").getBytes(StandardCharsets.UTF_8));
        ingest(LAB, drop);
        assertThat(outcome(LAB, "someone-else.hl7")).isEqualTo("QUARANTINED:IDENTITY_MISMATCH");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry ORDER BY id DESC LIMIT 1", String.class))
                .contains("lacks identity traits").contains("birth name");

        // a qualified identity update (ADT A31, QUAL) adds the traits the dossier lacks; the patient's document then links
        Path events = drop("patient-events");
        write(events, "a31.hl7", new fr.dmp.ingest.tools.generate.AdtBuilder().event("A31", "ADT_A05").controlId("LEGACY-U")
                .patient(PATIENT).time(Instant.parse("2026-11-21T08:00:00Z")).build().getBytes(StandardCharsets.UTF_8));
        ingest("patient-events", events);
        write(drop, "patient.hl7", oru(PATIENT, "LEGACY-2").getBytes(StandardCharsets.UTF_8));
        write(drop, "someone-else-again.hl7", oru(SOMEONE_ELSE, "LEGACY-3").getBytes(StandardCharsets.UTF_8));
        ingest(LAB, drop);
        assertThat(outcome(LAB, "patient.hl7")).isEqualTo("STORED");
        assertThat(outcome(LAB, "someone-else-again.hl7")).isEqualTo("QUARANTINED:IDENTITY_MISMATCH");
    }

    @Test
    void theSameDocumentSentForAnotherPatientIsNoDuplicateButAMismatchForIdentityMonitoring() throws Exception {
        // round 26 (a tester on PDF corpora): the same PDF bytes sent again under another patient's sidecar were archived
        // as a DUPLICATE of the first patient's document, audited in that dossier, and never filed for the second
        Path drop = drop(REPORTS);
        byte[] letter = PdfBuilder.render("CH Fictif", "Lettre de liaison", List.of("Madame, Monsieur et cher confrère,",
                "Votre patiente a été hospitalisée dans le service de pneumologie du 12 au 19 novembre pour une pneumopathie",
                "franche lobaire aiguë. Évolution favorable sous amoxicilline. Sortie ce jour à domicile.",
                "Traitement de sortie : amoxicilline 1 g trois fois par jour pendant cinq jours.", "Bien confraternellement."),
                PdfBuilder.Layout.LETTERHEAD);
        letterFor(drop, "first", letter, PATIENT);
        ingest(REPORTS, drop);
        assertThat(outcome(REPORTS, "first.pdf")).isEqualTo("STORED");

        letterFor(drop, "again-same-patient", letter, PATIENT);
        letterFor(drop, "other-patient", letter, ANOTHER_INS);
        ingest(REPORTS, drop);
        assertThat(outcome(REPORTS, "again-same-patient.pdf")).isEqualTo("DUPLICATE");
        assertThat(outcome(REPORTS, "other-patient.pdf")).isEqualTo("QUARANTINED:IDENTITY_MISMATCH");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry ORDER BY id DESC LIMIT 1", String.class))
                .startsWith("the same document is stored in another patient's dossier");
        assertThat(count("SELECT count(*) FROM dmp.audit_event a JOIN dmp.dossier d ON d.id = a.dossier_id"
                + " WHERE d.ins = ? AND a.action = 'DUPLICATE'", PATIENT.ins())).as("the first patient's audit").isEqualTo(1);

        // two copies in one chunk, for two patients: the second is no duplicate of the first either
        Path both = drop("reports-both");
        byte[] other = PdfBuilder.render("CH Fictif", "Lettre de liaison", List.of("Cher confrère,",
                "Votre patient a été hospitalisé en cardiologie du 3 au 8 novembre pour une décompensation cardiaque",
                "globale. Bonne évolution sous diurétiques. Sortie ce jour, à revoir en consultation dans un mois.",
                "Traitement de sortie : furosémide 40 mg le matin.", "Confraternellement."),
                PdfBuilder.Layout.LETTERHEAD);
        letterFor(both, "copy-a", other, PATIENT);
        letterFor(both, "copy-b", other, ANOTHER_INS);
        ingest(REPORTS, both);
        assertThat(List.of(outcome(REPORTS, "copy-a.pdf"), outcome(REPORTS, "copy-b.pdf")))
                .containsExactlyInAnyOrder("STORED", "QUARANTINED:IDENTITY_MISMATCH");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry ORDER BY id DESC LIMIT 1", String.class))
                .startsWith("the same document is stored in another patient's dossier");
    }

    /**
     * Round 28 (a tester on vendors' C-CDA exports, which reuse HL7's example document id): another document under an id
     * stored in another patient's dossier was told "the same document"; its detail now says the content differs.
     */
    @Test
    void anotherDocumentUnderAnIdStoredForAnotherPatientIsAMismatchThatSaysTheContentDiffers() throws Exception {
        Path drop = drop(REPORTS);
        Instant created = Instant.parse("2026-11-20T10:00:00Z");
        byte[] first = PdfBuilder.render("CH Fictif", "Lettre de liaison", List.of("Cher confrère,",
                "Votre patiente a été hospitalisée en gériatrie du 2 au 9 novembre pour une chute. Sortie à domicile.",
                "Traitement de sortie inchangé.", "Confraternellement."), PdfBuilder.Layout.LETTERHEAD);
        byte[] second = PdfBuilder.render("CH Fictif", "Lettre de liaison", List.of("Cher confrère,",
                "Votre patient a été hospitalisé en neurologie du 4 au 11 novembre pour un AVC ischémique mineur.",
                "Traitement de sortie : aspirine 75 mg, atorvastatine 40 mg.", "Confraternellement."), PdfBuilder.Layout.LETTERHEAD);
        write(drop, "a.pdf", first);
        write(drop, "a.pdf.json", SidecarJson.of(PATIENT, PATIENT.ins(), "QUAL", "11490-0", "Lettre de liaison", "750000001",
                created, List.of("N"), null, "1.2.250.1.999^PLACEHOLDER-1").getBytes(StandardCharsets.UTF_8));
        ingest(REPORTS, drop);
        assertThat(outcome(REPORTS, "a.pdf")).isEqualTo("STORED");
        write(drop, "b.pdf", second);
        write(drop, "b.pdf.json", SidecarJson.of(ANOTHER_INS, ANOTHER_INS.ins(), "QUAL", "11490-0", "Lettre de liaison",
                "750000001", created, List.of("N"), null, "1.2.250.1.999^PLACEHOLDER-1").getBytes(StandardCharsets.UTF_8));
        ingest(REPORTS, drop);
        assertThat(outcome(REPORTS, "b.pdf")).isEqualTo("QUARANTINED:IDENTITY_MISMATCH");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry ORDER BY id DESC LIMIT 1", String.class))
                .startsWith("a document with this id and another content is stored in another patient's dossier");

        // the same in one chunk (a review: the chunk's own branch broke the build once)
        Path both = drop("reports-one-chunk");
        write(both, "c.pdf", first);
        write(both, "c.pdf.json", SidecarJson.of(PATIENT, PATIENT.ins(), "QUAL", "11490-0", "Lettre de liaison", "750000001",
                created, List.of("N"), null, "1.2.250.1.999^PLACEHOLDER-2").getBytes(StandardCharsets.UTF_8));
        write(both, "d.pdf", second);
        write(both, "d.pdf.json", SidecarJson.of(ANOTHER_INS, ANOTHER_INS.ins(), "QUAL", "11490-0", "Lettre de liaison",
                "750000001", created, List.of("N"), null, "1.2.250.1.999^PLACEHOLDER-2").getBytes(StandardCharsets.UTF_8));
        ingest(REPORTS, both);
        assertThat(List.of(outcome(REPORTS, "c.pdf"), outcome(REPORTS, "d.pdf")))
                .containsExactlyInAnyOrder("STORED", "QUARANTINED:IDENTITY_MISMATCH");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry ORDER BY id DESC LIMIT 1", String.class))
                .startsWith("a document with this id and another content is stored in another patient's dossier");
    }

    /** A PDF letter and its sidecar naming the patient, dropped as NAME.pdf and NAME.pdf.json. */
    private static void letterFor(Path drop, String name, byte[] pdf, SyntheticPatient patient) throws Exception {
        write(drop, name + ".pdf", pdf);
        write(drop, name + ".pdf.json", SidecarJson.of(patient, "11490-0", "Lettre de liaison", "750000001",
                Instant.parse("2026-11-20T10:00:00Z")).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSidecarWhoseNamesAreBlankOrPunctuationOpensNoDossier() throws Exception {
        Path drop = drop(REPORTS);
        byte[] letter = PdfBuilder.render("CH Fictif", "Lettre de liaison", List.of("Sortie ce jour, RAS."),
                PdfBuilder.Layout.LETTERHEAD);
        Instant created = Instant.parse("2026-11-20T10:00:00Z");
        SyntheticPatient blank = new SyntheticPatient(PATIENT.ins(), " ", List.of("-"), PATIENT.sex(),
                PATIENT.birthDate(), PATIENT.birthPlace());
        write(drop, "blank-names.pdf", letter);
        write(drop, "blank-names.pdf.json", SidecarJson.of(blank, "11490-0", "Lettre de liaison", "750000001", created)
                .getBytes(StandardCharsets.UTF_8));

        ingest(REPORTS, drop);

        assertThat(outcome(REPORTS, "blank-names.pdf")).isEqualTo("QUARANTINED:METADATA_MISSING");
        assertThat(count("SELECT count(*) FROM dmp.dossier WHERE ins = ?", PATIENT.ins())).isZero();
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry ORDER BY id DESC LIMIT 1", String.class))
                .contains("birth name", "first name").doesNotContain("sex").doesNotContain("birth date");
    }

    @Test
    void aFileNamedAfterThePatientLeavesTheStoreWithItsInsMasked() throws Exception {
        // round 16: file names such as NAME_Firstname_INS.hl7 went whole into reason files and the audit trail
        Path drop = drop(LAB);
        String named = "FICTIF-OUVERTURE_Aline_" + PATIENT.ins();
        write(drop, named + "_1.hl7", withoutTraits(oru(PATIENT, "NAMED-1")).getBytes(StandardCharsets.UTF_8));
        ingest(LAB, drop); // alone: in the same chunk as the next one, it would link to the dossier that one opens
        write(drop, named + "_2.hl7", oru(PATIENT, "NAMED-2").getBytes(StandardCharsets.UTF_8));
        ingest(LAB, drop);

        assertThat(outcome(LAB, named + "_1.hl7")).isEqualTo("QUARANTINED:METADATA_MISSING");
        assertThat(outcome(LAB, named + "_2.hl7")).isEqualTo("STORED");
        String reasonFile = Files.readString(reasonFile(work.resolve("quarantine").resolve(LAB), named + "_1.hl7"));
        assertThat(reasonFile).doesNotContain(PATIENT.ins()).contains("***********" + PATIENT.ins().substring(11));
        fr.dmp.ingest.report.AuditTrail audit = new fr.dmp.ingest.report.AuditTrail(jdbc);
        long dossier = audit.dossiers(PATIENT.ins()).get(0).id();
        List<String> lines = audit.history(dossier, true).stream().map(fr.dmp.ingest.report.AuditTrail::line).toList();
        assertThat(String.join("\n", lines)).contains("STORED").contains("_***********" + PATIENT.ins().substring(11) + "_2.hl7")
                .doesNotContain(PATIENT.ins());
    }
}
