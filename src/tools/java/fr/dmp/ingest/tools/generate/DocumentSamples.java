package fr.dmp.ingest.tools.generate;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The sample drop folders of the document feeds (hospital-reports, prescriptions, legacy-migration):
 * PDF reports in several layouts with their sidecars, CDA documents, MDM messages, HPRIM archives, and
 * the bad files each must quarantine. French text from {@link ClinicalTexts}; patients from the
 * lab-results pool, so that identities agree across feeds.
 */
public final class DocumentSamples {

    static final String ROOT = "1.2.250.1.213.1.1.9";
    static final String FINESS = "750000001";
    /** Patients the patient-events samples leave open and without opposition. */
    static final int[] OPEN_PATIENTS = {1, 4, 5, 6, 7, 8, 9, 11};

    private DocumentSamples() {
    }

    record Kind(String type, String title) {
    }

    static final List<Kind> REPORTS = List.of(
            new Kind("11490-0", "Lettre de liaison à la sortie"),
            new Kind("34874-8", "Compte rendu opératoire"),
            new Kind("18748-4", "Compte rendu d'imagerie médicale"),
            new Kind("11488-4", "Compte rendu de consultation"),
            new Kind("15507-7", "Compte rendu de passage aux urgences"),
            new Kind("60568-3", "Compte rendu d'anatomie et de cytologie pathologiques"),
            new Kind("77436-4", "Compte rendu d'anesthésie"),
            new Kind("34749-2", "Consultation pré-anesthésique"),
            new Kind("70004-7", "Compte rendu d'examen"),
            new Kind("18761-7", "Note de transfert"));

    /**
     * hospital-reports: 20 PDF reports with sidecars (a third without type hint, one scan, one whose
     * hint the content overrules), 10 CDA, 5 MDM, the bad files, and the rule samples.
     */
    static void hospitalReports(Path dir) {
        List<SyntheticPatient> pool = SampleData.patients();
        Random random = new Random(SampleData.SEED + 4);
        PdfBuilder.Layout[] layouts = {PdfBuilder.Layout.LETTERHEAD, PdfBuilder.Layout.TABLE, PdfBuilder.Layout.MULTIPAGE};
        Instant time = Instant.parse("2026-11-16T09:00:00Z");
        for (int i = 0; i < 20; i++) {
            Kind kind = REPORTS.get(i % REPORTS.size());
            SyntheticPatient p = pool.get(OPEN_PATIENTS[i % OPEN_PATIENTS.length]);
            String text = ClinicalTexts.document(kind.type(), random);
            PdfBuilder.Layout layout = i == 7 ? PdfBuilder.Layout.SCAN : layouts[i % layouts.length];
            byte[] pdf = PdfBuilder.render("Centre Hospitalier Fictif", kind.title(), lines(text), layout);
            boolean hint = i % 3 != 2 || layout == PdfBuilder.Layout.SCAN; // a scan is typed by its sidecar only
            String name = String.format("report-%02d-%s.pdf", i + 1, layout.name().toLowerCase());
            pdfWithSidecar(dir, name, pdf, p, hint ? kind.type() : null, kind.title(), time.plusSeconds(3600L * i),
                    ROOT + "^PDF-" + (i + 1));
        }
        // the sidecar says prescription, the text is an operative report: the content wins (and says so)
        SyntheticPatient p1 = pool.get(1);
        byte[] cro = PdfBuilder.render("Centre Hospitalier Fictif", "COMPTE RENDU OPERATOIRE",
                lines(ClinicalTexts.document("34874-8", random)), PdfBuilder.Layout.LETTERHEAD);
        pdfWithSidecar(dir, "report-21-wrong-hint.pdf", cro, p1, "57833-6", null, time, ROOT + "^PDF-21");

        // 10 CDA
        List<SyntheticPatient> cdaPatients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            cdaPatients.add(pool.get(OPEN_PATIENTS[(i + 3) % OPEN_PATIENTS.length]));
        }
        cda(dir, "cda-01-lab.xml", new CdaBuilder().patient(cdaPatients.get(0)).id(ROOT, "CDA-1").version("CDA-1", 1)
                .type("11502-2", "CR d'examens biologiques", "Compte rendu d'examens biologiques").time(time)
                .sections(List.<String[]>of(new String[] {"18719-5", "Biochimie", "Glucose : 5,4 mmol/L (3,9-6,1). Créatinine : 72 µmol/L."})));
        for (int i = 2; i <= 4; i++) {
            cda(dir, "cda-0" + i + "-discharge-letter.xml", new CdaBuilder().patient(cdaPatients.get(i - 1)).id(ROOT, "CDA-" + i)
                    .version("CDA-" + i, 1).time(time.plusSeconds(600L * i))
                    .type("11490-0", "Lettre de liaison à la sortie d'un établissement de soins", "Lettre de liaison")
                    .sections(sections(ClinicalTexts.document("11490-0", random))));
        }
        for (int i = 5; i <= 6; i++) {
            cda(dir, "cda-0" + i + "-imaging.xml", new CdaBuilder().patient(cdaPatients.get(i - 1)).id(ROOT, "CDA-" + i)
                    .version("CDA-" + i, 1).time(time.plusSeconds(600L * i))
                    .type("18748-4", "CR d'imagerie médicale", "Compte rendu d'imagerie")
                    .sections(sections(ClinicalTexts.document("18748-4", random))));
        }
        byte[] bodyPdf = PdfBuilder.render("Centre Hospitalier Fictif", "Compte rendu de consultation",
                lines(ClinicalTexts.document("11488-4", random)), PdfBuilder.Layout.LETTERHEAD);
        cda(dir, "cda-07-pdf-body.xml", new CdaBuilder().patient(cdaPatients.get(6)).id(ROOT, "CDA-7").version("CDA-7", 1)
                .time(time).type("11488-4", "CR ou fiche de consultation ou de visite", "Compte rendu de consultation").pdfBody(bodyPdf));
        cda(dir, "cda-08-replaces-cda-02.xml", new CdaBuilder().patient(cdaPatients.get(1)).id(ROOT, "CDA-8").version("CDA-2", 2)
                .replaces(ROOT + "^CDA-2").time(time.plusSeconds(86_400))
                .type("11490-0", "Lettre de liaison à la sortie d'un établissement de soins", "Lettre de liaison (corrigée)")
                .sections(sections(ClinicalTexts.document("11490-0", random))));
        cda(dir, "cda-09-consultation.xml", new CdaBuilder().patient(cdaPatients.get(8)).id(ROOT, "CDA-9").version("CDA-9", 1)
                .time(time).type("11488-4", "CR ou fiche de consultation ou de visite", "Compte rendu de consultation")
                .sections(sections(ClinicalTexts.document("11488-4", random))));
        cda(dir, "cda-10-old-pathology-code.xml", new CdaBuilder().patient(cdaPatients.get(9)).id(ROOT, "CDA-10")
                .version("CDA-10", 1).time(time).type("11526-1", "Pathology study", "Compte rendu d'anatomopathologie")
                .sections(sections(ClinicalTexts.document("60568-3", random))));

        // 5 MDM: local codes of the sender go through the feed's table (jobs/hospital-reports.yml)
        byte[] mdmPdf = PdfBuilder.render("Centre Hospitalier Fictif", "Compte rendu opératoire",
                lines(ClinicalTexts.document("34874-8", random)), PdfBuilder.Layout.LETTERHEAD);
        SyntheticPatient m1 = pool.get(8);
        hl7(dir, "mdm-01-t02-pdf.hl7", new MdmBuilder().controlId("MDM-1").patient(m1).documentId("MDM-DOC-1").typeCode("CRO")
                .time(time).pdf(mdmPdf).build());
        hl7(dir, "mdm-02-t02-cda.hl7", new MdmBuilder().controlId("MDM-2").patient(pool.get(9)).documentId("MDM-DOC-2")
                .typeCode("11490-0").time(time).cda(new CdaBuilder().patient(pool.get(9)).id(ROOT, "MDM-CDA-2")
                        .version("MDM-CDA-2", 1).time(time).sections(sections(ClinicalTexts.document("11490-0", random))).build()).build());
        hl7(dir, "mdm-03-t02-text.hl7", new MdmBuilder().controlId("MDM-3").patient(pool.get(11)).documentId("MDM-DOC-3")
                .typeCode("CONSULT").time(time).text(ClinicalTexts.document("11488-4", random)).build());
        byte[] mdmPdf2 = PdfBuilder.render("Centre Hospitalier Fictif", "Compte rendu opératoire (corrigé)",
                lines(ClinicalTexts.document("34874-8", random)), PdfBuilder.Layout.LETTERHEAD);
        hl7(dir, "mdm-04-t10-replaces-mdm-01.hl7", new MdmBuilder().controlId("MDM-4").patient(m1).documentId("MDM-DOC-4")
                .replacement("MDM-DOC-1").typeCode("CRO").time(time.plusSeconds(7200)).pdf(mdmPdf2).build());
        hl7(dir, "mdm-05-t02-imaging.hl7", new MdmBuilder().controlId("MDM-5").patient(pool.get(6)).documentId("MDM-DOC-5")
                .typeCode("18748-4").confidentiality("R").time(time)
                .pdf(PdfBuilder.render("Centre Hospitalier Fictif", "Compte rendu d'imagerie",
                        lines(ClinicalTexts.document("18748-4", random)), PdfBuilder.Layout.TABLE)).build());

        // bad files
        SyntheticPatient b = pool.get(5);
        byte[] letter = PdfBuilder.render("Centre Hospitalier Fictif", "Lettre de liaison", lines(ClinicalTexts.document("11490-0", random)),
                PdfBuilder.Layout.LETTERHEAD);
        pdfWithSidecar(dir, "bad-encrypted.pdf", PdfBuilder.encrypted(letter, true), b, "11490-0", null, time, ROOT + "^BAD-1");
        pdfWithSidecar(dir, "bad-truncated.pdf", Arrays.copyOf(letter, letter.length / 3), b, "11490-0", null, time, ROOT + "^BAD-2");
        SampleData.write(dir.resolve("bad-no-sidecar.pdf"), letter);
        String ins = b.ins();
        String wrongKey = ins.substring(0, 13) + String.format("%02d", Integer.parseInt(ins.substring(13)) % 97 + 1);
        SampleData.write(dir.resolve("bad-sidecar-ins-key.pdf"), letter);
        SampleData.write(dir.resolve("bad-sidecar-ins-key.pdf.json"), SidecarJson.of(b, wrongKey, "QUAL", "11490-0", null,
                FINESS, time, List.of("N"), null, ROOT + "^BAD-3").getBytes(StandardCharsets.UTF_8));
        cda(dir, "bad-cda-doctype.xml", new CdaBuilder().patient(b).id(ROOT, "BAD-4")
                .prolog("<!DOCTYPE ClinicalDocument [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n"));
        cda(dir, "bad-cda-no-record-target.xml", new CdaBuilder().patient(b).id(ROOT, "BAD-5").withoutRecordTarget());
        hl7(dir, "bad-mdm-broken-base64.hl7", new MdmBuilder().controlId("MDM-BAD").patient(b).documentId("BAD-6")
                .typeCode("CRO").brokenBase64("JVBERi0xLjc#not~base64*").build());

        RuleSamples.hospitalReports(dir);
    }

    /** prescriptions: 10 PDF prescriptions with sidecars (some without hint), 2 CDA, and a non-clinical PDF. */
    static void prescriptions(Path dir) {
        List<SyntheticPatient> pool = SampleData.patients();
        Random random = new Random(SampleData.SEED + 5);
        List<Kind> kinds = List.of(new Kind("57833-6", "Ordonnance"), new Kind("57832-8", "Prescription de soins"),
                new Kind("PRESC-BIO", "Prescription d'examens de biologie"));
        Instant time = Instant.parse("2026-11-17T14:00:00Z");
        for (int i = 0; i < 10; i++) {
            Kind kind = kinds.get(i % kinds.size());
            SyntheticPatient p = pool.get(OPEN_PATIENTS[(i + 1) % OPEN_PATIENTS.length]);
            byte[] pdf = PdfBuilder.render("Cabinet médical fictif", kind.title(), lines(ClinicalTexts.document(kind.type(), random)),
                    i % 2 == 0 ? PdfBuilder.Layout.LETTERHEAD : PdfBuilder.Layout.TABLE);
            pdfWithSidecar(dir, String.format("prescription-%02d.pdf", i + 1), pdf, p, i % 4 == 3 ? null : kind.type(),
                    kind.title(), time.plusSeconds(900L * i), ROOT + "^RX-" + (i + 1));
        }
        for (int i = 1; i <= 2; i++) {
            cda(dir, "cda-prescription-" + i + ".xml", new CdaBuilder().patient(pool.get(OPEN_PATIENTS[i])).id(ROOT, "RX-CDA-" + i)
                    .version("RX-CDA-" + i, 1).time(time).type("57833-6", "Prescription de produits de santé", "Ordonnance")
                    .sections(sections(ClinicalTexts.document("57833-6", random))));
        }
        byte[] invoice = PdfBuilder.render("Société Fictive de Fournitures", "Facture", lines(ClinicalTexts.unknown(random)),
                PdfBuilder.Layout.LETTERHEAD);
        pdfWithSidecar(dir, "bad-not-a-prescription.pdf", invoice, pool.get(4), null, "Facture", time, ROOT + "^RX-BAD");
    }

    /**
     * legacy-migration (existing dossiers only): 10 HPRIM archives (ISO-8859-1 and UTF-8, several messages,
     * continuation lines), an HPRIM Net report, an old HL7 2.3 result, a CDA and a PDF with sidecar; bad:
     * an HPRIM with an unknown record type, a document for a patient without dossier.
     */
    static void legacyMigration(Path dir) {
        List<SyntheticPatient> pool = SampleData.patients();
        Random random = new Random(SampleData.SEED + 6);
        Instant time = Instant.parse("2019-03-12T08:30:00Z");
        for (int i = 1; i <= 10; i++) {
            StringBuilder file = new StringBuilder();
            int messages = 1 + i % 3;
            for (int m = 0; m < messages; m++) {
                SyntheticPatient p = pool.get(OPEN_PATIENTS[(i + m) % OPEN_PATIENTS.length]);
                file.append(new HprimBuilder().patient(p).messageName("ARCH" + i + "-" + m).time(time.plusSeconds(86_400L * (i * 3 + m)))
                        .orderNumber("LEG-" + i + "-" + m).observations(2 + (i + m) % 6).commaDecimals(i % 2 == 0)
                        .comment(i % 4 == 0 ? "Résultat contrôlé sur un second prélèvement, conforme au précédent ; "
                                + "valeurs de référence adaptées à l'âge et au sexe du patient (norme du laboratoire fictif)" : null)
                        .lineLimit(i % 4 == 0 ? 80 : 0).seed(SampleData.SEED + i * 10L + m).build());
            }
            Charset cs = i % 3 == 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
            SampleData.write(dir.resolve(String.format("hprim-%02d.hpr", i)), file.toString().getBytes(cs));
        }
        SampleData.write(dir.resolve("hprim-net-01.txt"), new HprimBuilder().patient(pool.get(6)).messageName("NET-1")
                .orderNumber("NET-1").time(time).seed(SampleData.SEED + 99).buildNet().getBytes(StandardCharsets.ISO_8859_1));
        SampleData.write(dir.resolve("old-oru-v23.hl7"), SampleData.oru(pool.get(7), "LEGACY-ORU-1", 4).version("2.3")
                .charset("8859/1").time(time).build().getBytes(StandardCharsets.ISO_8859_1));
        cda(dir, "old-cda.xml", new CdaBuilder().patient(pool.get(8)).id(ROOT, "LEGACY-CDA-1").version("LEGACY-CDA-1", 1)
                .time(time).type("11490-0", "Lettre de liaison à la sortie d'un établissement de soins", "Lettre de sortie")
                .sections(sections(ClinicalTexts.document("11490-0", random))));
        byte[] pdf = PdfBuilder.render("Clinique Fictive", "Compte rendu d'imagerie", lines(ClinicalTexts.document("18748-4", random)),
                PdfBuilder.Layout.MULTIPAGE);
        pdfWithSidecar(dir, "old-report.pdf", pdf, pool.get(9), "18748-4", null, time, ROOT + "^LEGACY-PDF-1");
        String bad = new HprimBuilder().patient(pool.get(5)).messageName("BAD-1").orderNumber("LEG-BAD").seed(7).build();
        SampleData.write(dir.resolve("bad-hprim-unknown-record.hpr"),
                bad.replaceFirst("\r?\nOBX", "\r\nZZZ|1|unknown record\r\nOBX").getBytes(StandardCharsets.ISO_8859_1));
        SyntheticPatient stranger = SyntheticPatients.pool(1, 4242).get(0); // nobody's dossier
        SampleData.write(dir.resolve("bad-no-dossier.hpr"), new HprimBuilder().patient(stranger).messageName("BAD-2")
                .orderNumber("LEG-NODOSSIER").seed(8).build().getBytes(StandardCharsets.ISO_8859_1));
    }

    static List<String> lines(String text) {
        return List.of(text.split("\n"));
    }

    /** A clinical text as CDA sections: a section per paragraph, titled by its first line. */
    static List<String[]> sections(String text) {
        List<String[]> out = new ArrayList<>();
        for (String block : text.split("\n\\s*\n")) {
            String b = block.strip();
            if (b.isEmpty()) {
                continue;
            }
            int nl = b.indexOf('\n');
            String title = nl < 0 ? "Observation" : b.substring(0, nl).strip();
            String body = nl < 0 ? b : b.substring(nl + 1).strip();
            out.add(new String[] {"29545-1", title.length() > 120 ? title.substring(0, 120) : title, body});
        }
        return out;
    }

    static void pdfWithSidecar(Path dir, String name, byte[] pdf, SyntheticPatient p, String typeHint, String title, Instant time,
                               String id) {
        SampleData.write(dir.resolve(name), pdf);
        SampleData.write(dir.resolve(name + ".json"), SidecarJson.of(p, p.ins(), "QUAL", typeHint, title, FINESS, time,
                List.of("N"), null, id).getBytes(StandardCharsets.UTF_8));
    }

    static void cda(Path dir, String name, CdaBuilder cda) {
        SampleData.write(dir.resolve(name), cda.build().getBytes(StandardCharsets.UTF_8));
    }

    static void hl7(Path dir, String name, String message) {
        SampleData.write(dir.resolve(name), message.getBytes(StandardCharsets.UTF_8));
    }
}
