package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.format.hprim.HprimFramingTest;
import fr.dmp.ingest.tools.generate.HprimBuilder;
import fr.dmp.ingest.tools.generate.OruBuilder;
import fr.dmp.ingest.tools.generate.PdfBuilder;
import fr.dmp.ingest.tools.generate.SidecarJson;
import fr.dmp.ingest.tools.generate.SyntheticPatient;
import fr.dmp.ingest.tools.generate.SyntheticPatients;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shapes found in files written by others (third round, docs/real-senders.md), through the feeds into the store:
 * each was refused or failed before, and each is a file as a real sender or tool writes it.
 */
class OthersFilesTest extends PipelineTestSupport {

    static final Instant T = Instant.parse("2026-11-20T08:00:00Z");

    private Path drop(String name) throws Exception {
        return Files.createDirectories(work.resolve("drop-" + name));
    }

    private static void old(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    }

    /** ImageMagick's and scanners' PDFs end the Info title with U+0000: it failed the chunk's write (INTERNAL_ERROR). */
    @Test
    void aScannedPdfWhoseTitleEndsWithNulIsStored() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 160_001L).get(0);
        byte[] pdf;
        try (PDDocument doc = Loader.loadPDF(PdfBuilder.render("CH Fictif", "Compte rendu scanné",
                List.of("Texte dans l'image seulement."), PdfBuilder.Layout.SCAN))) {
            doc.getDocumentInformation().setTitle("scan0001\u0000");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            pdf = out.toByteArray();
        }
        Path drop = drop("nul-title");
        Files.write(drop.resolve("nul-title.pdf"), pdf);
        Files.writeString(drop.resolve("nul-title.pdf.json"), SidecarJson.of(p, "11490-0", null, "750000001", T));
        old(drop.resolve("nul-title.pdf"));
        old(drop.resolve("nul-title.pdf.json"));
        ingest("hospital-reports", drop);
        assertThat(outcome("hospital-reports", "nul-title.pdf")).isEqualTo("STORED");
        assertThat(jdbc.queryForObject("SELECT title FROM dmp.document WHERE source_file = 'nul-title.pdf'", String.class))
                .isEqualTo("scan0001");
    }

    /** A listener that dumps its MLLP frames leaves VT ... FS CR around each message: they were FORMAT_UNSUPPORTED. */
    @Test
    void labResultsInMllpFramesAreStored() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 160_002L).get(0);
        String one = new OruBuilder().patient(p).controlId("MLLP-1").orderNumber("CMD-MLLP-1").observations(2).seed(1).time(T).build();
        String two = new OruBuilder().patient(p).controlId("MLLP-2").orderNumber("CMD-MLLP-2").observations(2).seed(2).time(T).build();
        Path drop = drop("mllp");
        Files.write(drop.resolve("mllp.hl7"), ("\u000B" + one + "\u001C\r\u000B" + two + "\u001C\r").getBytes(StandardCharsets.UTF_8));
        old(drop.resolve("mllp.hl7"));
        ingest("lab-results", drop);
        assertThat(outcome("lab-results", "mllp.hl7")).isEqualTo("STORED");
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_file = 'mllp.hl7'")).isEqualTo(2);
    }

    /** Fourth round: a PDF saved from a mail or a web form keeps its part headers before %PDF- (message/rfc822 to Tika: FORMAT_UNSUPPORTED). */
    @Test
    void aPdfWithBytesBeforeItsHeaderIsStoredAsItCame() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 160_003L).get(0);
        byte[] pdf = PdfBuilder.render("CH Fictif", "Compte rendu de consultation", List.of("Patient vu en consultation."),
                PdfBuilder.Layout.LETTERHEAD);
        byte[] before = "Content-Type: application/pdf\r\nContent-Transfer-Encoding: binary\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[before.length + pdf.length];
        System.arraycopy(before, 0, file, 0, before.length);
        System.arraycopy(pdf, 0, file, before.length, pdf.length);
        Path drop = drop("prefixed-pdf");
        Files.write(drop.resolve("prefixed.pdf"), file);
        Files.writeString(drop.resolve("prefixed.pdf.json"), SidecarJson.of(p, "11488-4", null, "750000001", T));
        old(drop.resolve("prefixed.pdf"));
        old(drop.resolve("prefixed.pdf.json"));
        ingest("hospital-reports", drop);
        assertThat(outcome("hospital-reports", "prefixed.pdf")).isEqualTo("STORED");
        assertThat(jdbc.queryForObject("SELECT size_bytes FROM dmp.document WHERE source_file = 'prefixed.pdf'", Long.class))
                .isEqualTo((long) file.length);
    }

    /** A serial listener's capture: HPRIM Santé in ASTM E1381 frames (FORMAT_UNSUPPORTED before), two messages. */
    @Test
    void hprimInSerialFramesIsStoredWithoutTheFraming() throws Exception {
        List<SyntheticPatient> two = SyntheticPatients.pool(2, 160_004L);
        String m1 = new HprimBuilder().patient(two.get(0)).orderNumber("SER-1").observations(3).seed(1).time(T).lineEnd("\r\n").build();
        String m2 = new HprimBuilder().patient(two.get(1)).orderNumber("SER-2").observations(2).seed(2).time(T).lineEnd("\r\n").build();
        // rules.md R2: a migration feeds existing dossiers only; a lab result opens them
        Path opening = drop("serial-open");
        for (int i = 0; i < 2; i++) {
            Files.writeString(opening.resolve("open-" + i + ".hl7"), new OruBuilder().patient(two.get(i)).controlId("OPEN-" + i)
                    .orderNumber("CMD-OPEN-" + i).observations(1).seed(i).time(T).build());
            old(opening.resolve("open-" + i + ".hl7"));
        }
        ingest("lab-results", opening);
        Path drop = drop("serial");
        Files.write(drop.resolve("serial.hpr"), HprimFramingTest.e1381(m1 + m2, 64));
        old(drop.resolve("serial.hpr"));
        ingest("legacy-migration", drop);
        assertThat(outcome("legacy-migration", "serial.hpr")).isEqualTo("STORED");
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_file = 'serial.hpr'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM dmp.observation o JOIN dmp.document d ON d.id = o.document_id"
                + " WHERE d.source_file = 'serial.hpr'")).isEqualTo(5);
    }

    /**
     * Fifth round: a CDA whose patient name is written as the CI-SIS and the ANS examples write it (the birth first
     * names without qualifier, the first of them BR, the name and first name in use CL) was read with three first
     * names, so the patient's dossier, opened by a lab result, refused it IDENTITY_MISMATCH.
     */
    @Test
    void aCdaWithTheCiSisNameQualifiersLinksToTheDossierALabResultOpened() throws Exception {
        SyntheticPatient p = new SyntheticPatient("269052A12345688", "FICTIF-CISIS", List.of("Dominique", "Marie-Louise"),
                fr.dmp.ingest.domain.Sex.F, java.time.LocalDate.of(1969, 5, 12), "2A004");
        Path opening = drop("cisis-open");
        Files.writeString(opening.resolve("open.hl7"), new OruBuilder().patient(p).controlId("CISIS-1").orderNumber("CMD-CISIS-1")
                .observations(1).seed(1).time(T).build());
        old(opening.resolve("open.hl7"));
        ingest("lab-results", opening);
        assertThat(outcome("lab-results", "open.hl7")).isEqualTo("STORED");
        String cda = new fr.dmp.ingest.tools.generate.CdaBuilder().patient(p).id("1.2.250.1.213.1.1.9", "CISIS-2")
                .version("CISIS-SET-2", 1).type("11490-0", "Lettre de liaison à la sortie", "Lettre de liaison").time(T)
                .sections(List.<String[]>of(new String[] {"18776-5", "Traitement de sortie", "Paracétamol 1 g si douleur."})).build()
                .replaceFirst("(?s)(<patient>\\s*)<name>.*?</name>", "$1<name><family qualifier=\"BR\">FICTIF-CISIS</family>"
                        + "<given>Dominique Marie-Louise</given><given qualifier=\"BR\">Dominique</given>"
                        + "<family qualifier=\"CL\">EPOUSE</family><given qualifier=\"CL\">Domi</given></name>");
        Path drop = drop("cisis");
        Files.writeString(drop.resolve("cisis.xml"), cda);
        old(drop.resolve("cisis.xml"));
        ingest("hospital-reports", drop);
        assertThat(outcome("hospital-reports", "cisis.xml")).isEqualTo("STORED");
        assertThat(count("SELECT count(*) FROM dmp.dossier")).isEqualTo(1);
    }

    /**
     * Round 29, a tester (rules.md R13): a CDA replacing a document (RPLC) while stating another set (setId) was filed in its
     * target's set, the set it states dropped, and the set it named kept a current version of its own.
     */
    @Test
    void r13_aReplacementStatingAnotherSetThanItsTargetsIsAVersionConflict() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 160_029L).get(0);
        java.util.function.Function<String[], String> cda = a -> {
            fr.dmp.ingest.tools.generate.CdaBuilder b = new fr.dmp.ingest.tools.generate.CdaBuilder().patient(p)
                    .id("1.2.250.1.213.1.1.9", a[0]).version(a[1], Integer.parseInt(a[2]))
                    .type("18748-4", "CR d'imagerie médicale", "Compte rendu d'imagerie").time(T.plusSeconds(60L * a[2].hashCode()))
                    .sections(List.<String[]>of(new String[] {"18782-3", "Résultat", "Radiographie du thorax sans anomalie"}));
            if (a.length > 3) {
                b.replaces("1.2.250.1.213.1.1.9^" + a[3]);
            }
            return b.build();
        };
        Path first = drop("setid-1");
        Files.writeString(first.resolve("a-v1.xml"), cda.apply(new String[] {"A-1", "SET-A", "1"}));
        Files.writeString(first.resolve("b-v1.xml"), cda.apply(new String[] {"B-1", "SET-B", "1"}));
        old(first.resolve("a-v1.xml"));
        old(first.resolve("b-v1.xml"));
        ingest("hospital-reports", first);
        Path second = drop("setid-2");
        Files.writeString(second.resolve("a-v2-states-set-b.xml"), cda.apply(new String[] {"A-2", "SET-B", "2", "A-1"}));
        old(second.resolve("a-v2-states-set-b.xml"));
        ingest("hospital-reports", second);
        // its own run: in one drop, the good replacement read first would make this one "already replaced"
        Path third = drop("setid-3");
        Files.writeString(third.resolve("a-v2.xml"), cda.apply(new String[] {"A-3", "SET-A", "2", "A-1"}));
        old(third.resolve("a-v2.xml"));
        ingest("hospital-reports", third);
        assertThat(outcome("hospital-reports", "a-v2-states-set-b.xml")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(quarantineDetail("a-v2-states-set-b.xml")).contains("another set (CDA setId) than the document it replaces");
        assertThat(outcome("hospital-reports", "a-v2.xml")).isEqualTo("STORED");
        assertThat(jdbc.queryForList("SELECT document_uid || ':' || status FROM dmp.document WHERE set_id LIKE '%SET-_'"
                + " ORDER BY document_uid", String.class)).containsExactly("1.2.250.1.213.1.1.9^A-1:REPLACED",
                "1.2.250.1.213.1.1.9^A-3:CURRENT", "1.2.250.1.213.1.1.9^B-1:CURRENT");
    }

    /** A review, round 29: a target that stated no set (an MDM's PDF) passes its versions on to the set its replacement states. */
    @Test
    void r13_aReplacementOfADocumentWithoutASetStartsTheSetItStates() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 160_031L).get(0);
        Path first = drop("noset-1");
        Files.writeString(first.resolve("doc-1.hl7"), new fr.dmp.ingest.tools.generate.MdmBuilder().patient(p).documentId("NOSET-1").typeCode("18748-4")
                .pdf(fr.dmp.ingest.tools.generate.PdfBuilder.render("CH Fictif", "Compte rendu d'imagerie",
                List.of("Radiographie du thorax : pas d'anomalie."), fr.dmp.ingest.tools.generate.PdfBuilder.Layout.LETTERHEAD))
                .time(T).build());
        old(first.resolve("doc-1.hl7"));
        ingest("hospital-reports", first);
        assertThat(outcome("hospital-reports", "doc-1.hl7")).isEqualTo("STORED");
        java.util.function.Function<String[], String> cda = a -> new fr.dmp.ingest.tools.generate.CdaBuilder().patient(p)
                .id("1.2.250.1.213.1.1.9", a[0]).version("SET-X", Integer.parseInt(a[1])).replaces(a[2])
                .type("18748-4", "CR d'imagerie médicale", "Compte rendu d'imagerie").time(T.plusSeconds(3600L * Integer.parseInt(a[1])))
                .sections(List.<String[]>of(new String[] {"18782-3", "Résultat", "Radiographie du thorax sans anomalie"})).build();
        // an attacker: a T10 of it inherits its id as set, stated by no one either
        Path t10 = drop("noset-1b");
        Files.writeString(t10.resolve("doc-1b.hl7"), new fr.dmp.ingest.tools.generate.MdmBuilder().patient(p).documentId("NOSET-1B")
                .replacement("NOSET-1").controlId("NOSET-1B").typeCode("18748-4").pdf(fr.dmp.ingest.tools.generate.PdfBuilder.render(
                        "CH Fictif", "Compte rendu d'imagerie", List.of("Radiographie du thorax : pas d'anomalie, relue."),
                        fr.dmp.ingest.tools.generate.PdfBuilder.Layout.LETTERHEAD)).time(T.plusSeconds(600)).build());
        old(t10.resolve("doc-1b.hl7"));
        ingest("hospital-reports", t10);
        assertThat(outcome("hospital-reports", "doc-1b.hl7")).isEqualTo("STORED");
        Path second = drop("noset-2");
        Files.writeString(second.resolve("doc-2.xml"), cda.apply(new String[] {"NOSET-2", "2", fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("NOSET-1B")}));
        old(second.resolve("doc-2.xml"));
        ingest("hospital-reports", second);
        Path third = drop("noset-3");
        Files.writeString(third.resolve("doc-3.xml"), cda.apply(new String[] {"NOSET-3", "3", "1.2.250.1.213.1.1.9^NOSET-2"}));
        old(third.resolve("doc-3.xml"));
        ingest("hospital-reports", third);
        assertThat(outcome("hospital-reports", "doc-2.xml")).isEqualTo("STORED");
        assertThat(outcome("hospital-reports", "doc-3.xml")).isEqualTo("STORED");
        assertThat(jdbc.queryForList("SELECT document_uid || ':' || status || ':' || (set_id LIKE '%SET-X') FROM dmp.document"
                + " WHERE document_uid LIKE '%NOSET-%' ORDER BY document_uid", String.class)).containsExactly(
                "1.2.250.1.213.1.1.9.7^NOSET-1:REPLACED:false", "1.2.250.1.213.1.1.9.7^NOSET-1B:REPLACED:false",
                "1.2.250.1.213.1.1.9^NOSET-2:REPLACED:true",
                "1.2.250.1.213.1.1.9^NOSET-3:CURRENT:true");
    }

    private String quarantineDetail(String file) {
        return jdbc.queryForObject("SELECT items::text FROM dmp.disposition WHERE original_name = ?", String.class, file);
    }

    /** ANS "Transmission de documents CDA en HL7 v2": one ORU carrying a lab report as CDA N1 and CDA N3, two documents. */
    @Test
    void anOruCarryingTwoCdaDocumentsStoresBoth() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 160_005L).get(0);
        java.util.function.Function<String, String> cda = id -> java.util.Base64.getEncoder().encodeToString(
                new fr.dmp.ingest.tools.generate.CdaBuilder().patient(p).id("1.2.250.1.213.1.1.9", id).version("SET-" + id, 1)
                        .type("11502-2", "CR d'examens biologiques", "Compte rendu de biologie").time(T)
                        .sections(List.<String[]>of(new String[] {"18719-5", "Biochimie", "Glycémie 6,39 mmol/L"})).build()
                        .getBytes(StandardCharsets.UTF_8));
        String oru = new OruBuilder().patient(p).controlId("N1N3-1").orderNumber("CMD-N1N3").observations(0).seed(1).time(T)
                .extraObx("ED|11502-2^CR d'examens biologiques^LN||^TEXT^XML^Base64^" + cda.apply("N1") + "||||||F")
                .extraObx("ED|11502-2^CR d'examens biologiques^LN||^TEXT^XML^Base64^" + cda.apply("N3") + "||||||F").build();
        Path drop = drop("n1n3");
        Files.writeString(drop.resolve("n1n3.hl7"), oru);
        old(drop.resolve("n1n3.hl7"));
        ingest("lab-results", drop);
        assertThat(outcome("lab-results", "n1n3.hl7")).isEqualTo("STORED");
        assertThat(jdbc.queryForList("SELECT document_uid FROM dmp.document WHERE source_file = 'n1n3.hl7' ORDER BY document_uid", String.class))
                .containsExactly("1.2.250.1.213.1.1.9^N1", "1.2.250.1.213.1.1.9^N3");
    }

    /**
     * A file whose first document replaces one not stored waits for its target until the end of the run (rules.md R13),
     * and its other document is stored meanwhile; read again at the end, that document was told DUPLICATE of itself,
     * and the run reported it so. Found with the ANS ORU examples carrying a CDA N1 and N3.
     */
    @Test
    void aDocumentStoredWhileItsFileWaitedIsReportedStoredNotDuplicate() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 160_006L).get(0);
        java.util.function.BiFunction<String, String, String> cda = (id, replaces) -> {
            fr.dmp.ingest.tools.generate.CdaBuilder b = new fr.dmp.ingest.tools.generate.CdaBuilder().patient(p)
                    .id("1.2.250.1.213.1.1.9", id).version("SET-" + id, replaces == null ? 1 : 2)
                    .type("11502-2", "CR d'examens biologiques", "Compte rendu de biologie").time(T)
                    .sections(List.<String[]>of(new String[] {"18719-5", "Biochimie", "Glycémie 6,39 mmol/L"}));
            if (replaces != null) {
                b.replaces("1.2.250.1.213.1.1.9^" + replaces);
            }
            return java.util.Base64.getEncoder().encodeToString(b.build().getBytes(StandardCharsets.UTF_8));
        };
        String waits = new OruBuilder().patient(p).controlId("WAIT-1").orderNumber("CMD-WAIT-1").observations(0).seed(1).time(T)
                .extraObx("ED|11502-2^CR^LN||^TEXT^XML^Base64^" + cda.apply("V2", "NEVER-SENT") + "||||||F").build();
        String stored = new OruBuilder().patient(p).controlId("WAIT-2").orderNumber("CMD-WAIT-2").observations(0).seed(2).time(T)
                .extraObx("ED|11502-2^CR^LN||^TEXT^XML^Base64^" + cda.apply("OTHER", null) + "||||||F").build();
        Path drop = drop("waits");
        Files.writeString(drop.resolve("waits.hl7"), waits + stored);
        old(drop.resolve("waits.hl7"));
        ingest("lab-results", drop);
        assertThat(outcome("lab-results", "waits.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(jdbc.queryForObject("SELECT items::text FROM dmp.disposition WHERE original_name = 'waits.hl7'", String.class))
                .contains("\"kind\": \"STORED\", \"index\": 2").doesNotContain("DUPLICATE");
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_file = 'waits.hl7'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'DUPLICATE'")).isZero();
    }

    /**
     * HPRIM Santé as laboratories export it (ASTM E1394): one H ... L message holding several patients. It was refused
     * whole (FORMAT_UNSUPPORTED); each patient is now stored in its own dossier with its own results.
     */
    @Test
    void anHprimMessageOfTwoPatientsStoresEachInItsOwnDossier() throws Exception {
        List<SyntheticPatient> two = SyntheticPatients.pool(2, 160_007L);
        Path opening = drop("multi-open");
        for (int i = 0; i < 2; i++) {
            Files.writeString(opening.resolve("open-" + i + ".hl7"), new OruBuilder().patient(two.get(i)).controlId("MULTI-OPEN-" + i)
                    .orderNumber("CMD-MULTI-OPEN-" + i).observations(1).seed(i).time(T).build());
            old(opening.resolve("open-" + i + ".hl7"));
        }
        ingest("lab-results", opening);
        String m1 = new HprimBuilder().patient(two.get(0)).orderNumber("MULTI-1").observations(3).seed(1).time(T).lineEnd("\r\n").build();
        String m2 = new HprimBuilder().patient(two.get(1)).orderNumber("MULTI-2").observations(2).seed(2).time(T).lineEnd("\r\n").build();
        // one message: the first one's H, both patients' records, one L
        String both = m1.substring(0, m1.lastIndexOf("L|")) + m2.substring(m2.indexOf("\r\nP|") + 2);
        Path drop = drop("multi");
        Files.write(drop.resolve("multi.hpr"), both.getBytes(StandardCharsets.ISO_8859_1));
        old(drop.resolve("multi.hpr"));
        ingest("legacy-migration", drop);
        assertThat(outcome("legacy-migration", "multi.hpr")).isEqualTo("STORED");
        assertThat(count("SELECT count(DISTINCT dossier_id) FROM dmp.document WHERE source_file = 'multi.hpr'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM dmp.observation o JOIN dmp.document d ON d.id = o.document_id"
                + " WHERE d.source_file = 'multi.hpr'")).isEqualTo(5);
        for (SyntheticPatient p : two) {
            assertThat(count("SELECT count(*) FROM dmp.document d JOIN dmp.dossier o ON o.id = d.dossier_id"
                    + " WHERE d.source_file = 'multi.hpr' AND o.ins = ?", p.ins())).isEqualTo(1);
        }
    }
}
