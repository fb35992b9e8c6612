package fr.dmp.ingest.tools.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes the curated drop folders of {@code sample-data/}: synthetic, reproducible (fixed seeds), with
 * the good files and the bad ones each feed must quarantine. The end-to-end tests assert their counts,
 * so a change here is a change of those tests. Synthetic patients only: never real patient data.
 */
public final class SampleData {

    public static final long SEED = 20261126L;

    private SampleData() {
    }

    /** Writes every feed's sample drop folder under {@code root}. */
    public static void writeAll(Path root) {
        labResults(root.resolve("lab-results"));
        patientEvents(root.resolve("patient-events"), root.resolve("lab-results"));
        DocumentSamples.hospitalReports(root.resolve("hospital-reports"));
        DocumentSamples.prescriptions(root.resolve("prescriptions"));
        DocumentSamples.legacyMigration(root.resolve("legacy-migration"));
    }

    /** The lab-results pool: the patients every feed's samples refer to, with the same traits everywhere. */
    public static List<SyntheticPatient> patients() {
        return SyntheticPatients.pool(12, SEED);
    }

    /** A second matricule for patient 11: the same person registered twice, merged by ADT A40. */
    public static String duplicateIdentityOf11() {
        SyntheticPatient p = patients().get(11);
        String number = p.ins().substring(0, 10) + "999";
        return number + String.format("%02d", fr.dmp.ingest.domain.Ins.controlKey(number));
    }

    /**
     * lab-results: 52 ORU^R01 files from 4 laboratories for 12 patients (versions 2.3 to 2.6; UTF-8 and
     * ISO-8859-1, declared in MSH-18 or not), one batch file of two messages, one message sent twice,
     * one message of a patient registered under a second matricule, and 11 bad files.
     */
    public static void labResults(Path dir) {
        List<SyntheticPatient> patients = patients();
        String[] versions = {"2.3", "2.4", "2.5", "2.6"};
        Instant base = Instant.parse("2026-11-02T06:30:00Z");
        byte[] seventh = null;
        for (int i = 1; i <= 52; i++) {
            int variant = i % 4;
            String charsetField = switch (variant) {
                case 0 -> "UNICODE UTF-8";
                case 1 -> "8859/1";
                default -> "";
            };
            Charset charset = variant == 1 || variant == 3 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
            OruBuilder b = new OruBuilder()
                    .version(versions[i % versions.length])
                    .charset(charsetField)
                    .controlId("SAMPLE-" + String.format("%04d", i))
                    .lab(OruBuilder.LABS.get(i % OruBuilder.LABS.size()))
                    .patient(patients.get(i % patients.size()))
                    .identityStatus(i % 9 == 0 ? "VALI" : "QUAL")
                    .time(base.plusSeconds(3600L * 7 * i))
                    .orderNumber("CMD-" + (1000 + i))
                    .observations(1 + (i * 7) % 40)
                    .seed(SEED + i);
            if (i % 5 == 0) {
                b.comment("Prélèvement hémolysé\\.br\\Contrôle à prévoir \\T\\ résultat à confirmer");
            }
            if (i % 6 == 0) {
                b.extraObx("TX|LAB-COMMENT^Commentaire du biologiste^L||Résultat conforme \\F\\ pas d'anomalie||||||F");
            }
            byte[] bytes = b.build().getBytes(charset);
            write(dir.resolve(String.format("oru-%04d.hl7", i)), bytes);
            if (i == 7) {
                seventh = bytes;
            }
        }
        // the same message sent again under another name: a duplicate, archived, stored once
        write(dir.resolve("oru-0007-resent.hl7"), seventh);
        // patient 11 registered a second time under another matricule (merged later by ADT A40)
        write(dir.resolve("oru-duplicate-identity.hl7"), utf8(oru(patients.get(11), "DUP-ID-1", 3)
                .pid3(OruBuilder.insCx(duplicateIdentityOf11(), SyntheticPatient.TEST_OID)).build()));

        // two good messages in a batch envelope: two documents from one file
        String batch = "FHS|^~\\&|GLIMS|LABO-FICTIF-ALPHA|DMP|DMP|20261120110000+0100\r"
                + "BHS|^~\\&|GLIMS|LABO-FICTIF-ALPHA|DMP|DMP|20261120110000+0100\r"
                + oru(patients.get(1), "BATCH-1", 3).build()
                + oru(patients.get(2), "BATCH-2", 4).build()
                + "BTS|2\rFTS|1\r";
        write(dir.resolve("batch-two-messages.hl7"), batch.getBytes(StandardCharsets.UTF_8));

        SyntheticPatient p = patients.get(3);
        String goodIns = p.ins();
        String badKey = goodIns.substring(0, 13) + String.format("%02d", (Integer.parseInt(goodIns.substring(13)) % 97) + 1);
        write(dir.resolve("bad-ins-key.hl7"), utf8(oru(p, "BAD-1", 2)
                .pid3(OruBuilder.insCx(badKey, SyntheticPatient.TEST_OID)).build()));
        write(dir.resolve("bad-no-pid3.hl7"), utf8(oru(p, "BAD-2", 2).pid3("").build()));
        write(dir.resolve("bad-unknown-oid.hl7"), utf8(oru(p, "BAD-3", 2)
                .pid3("4455667788^^^HOPITAL-FICTIF&1.2.250.1.71.4.2.2&ISO^PI~" + goodIns
                        + "^^^INS-C&1.2.250.1.213.1.4.2&ISO^INS-C").build()));
        String full = oru(p, "BAD-4", 3).build();
        write(dir.resolve("bad-truncated.hl7"), utf8(full.substring(0, full.indexOf("PV1|"))));
        write(dir.resolve("bad-not-hl7.hl7"), utf8("Bonjour,\nveuillez trouver ci-joint les résultats.\nCordialement\n"));
        write(dir.resolve("bad-empty.hl7"), new byte[0]);
        write(dir.resolve("bad-charset-declared-utf8.hl7"), oru(p, "BAD-5", 2).charset("UNICODE UTF-8").build()
                .getBytes(StandardCharsets.ISO_8859_1));
        String twoOneBad = oru(patients.get(4), "TWO-1", 2).build()
                + oru(p, "TWO-2", 2).pid3(OruBuilder.insCx(badKey, SyntheticPatient.TEST_OID)).build();
        write(dir.resolve("bad-two-messages-one-bad.hl7"), utf8(twoOneBad));
        write(dir.resolve("bad-identity-provisional.hl7"), utf8(oru(p, "BAD-6", 2).identityStatus("PROV").build()));
        write(dir.resolve("bad-no-control-id.hl7"), utf8(oru(p, "", 2).build()));
        write(dir.resolve("bad-future-date.hl7"), utf8(oru(p, "BAD-7", 2).time(Instant.parse("2031-01-01T08:00:00Z")).build()));
    }

    /**
     * patient-events: CSV and ADT events that hit each rule of rules.md on the lab-results patients
     * (closing, reopening, death, oppositions, break-glass, masking, deletion, merge), a resent copy of
     * an event, and a file with bad lines.
     */
    public static void patientEvents(Path dir, Path labResults) {
        List<SyntheticPatient> p = patients();
        String maskTarget = labDocumentId(labResults.resolve("oru-0019.hl7")); // patient 7
        String deleteTarget = labDocumentId(labResults.resolve("oru-0020.hl7")); // patient 8
        String oid = SyntheticPatient.TEST_OID;
        String csv = String.join("\n",
                "ins,oid,event,at,detail",
                p.get(0).ins() + "," + oid + ",close,2026-11-10T09:00:00+01:00,",
                p.get(1).ins() + "," + oid + ",close,2026-11-05T10:00:00+01:00,",
                p.get(1).ins() + "," + oid + ",reopen,2026-11-12T10:00:00+01:00,",
                p.get(3).ins() + "," + oid + ",oppose,2026-11-08T14:00:00+01:00,*",
                p.get(7).ins() + "," + oid + ",mask,2026-11-15T11:00:00+01:00," + maskTarget + ";MASQUE_PS",
                p.get(8).ins() + "," + oid + ",delete-document,2026-11-16T16:30:00+01:00," + deleteTarget) + "\n";
        write(dir.resolve("events-2026-11.csv"), utf8(csv));
        // the same closing sent again: recorded once, changes nothing
        write(dir.resolve("events-2026-11-resent.csv"), utf8("ins,oid,event,at,detail\n"
                + p.get(0).ins() + "," + oid + ",close,2026-11-10T09:00:00+01:00,\n"));
        write(dir.resolve("adt-a03-death.hl7"), utf8(new AdtBuilder().event("A03", "ADT_A03").controlId("ADT-DEATH-1")
                .patient(p.get(2)).time(Instant.parse("2026-11-14T18:00:00Z")).death(Instant.parse("2026-11-14T16:20:00Z")).build()));
        write(dir.resolve("adt-a28-zfa-opposition.hl7"), utf8(new AdtBuilder().event("A28", "ADT_A05").controlId("ADT-ZFA-1")
                .patient(p.get(10)).time(Instant.parse("2026-11-09T08:00:00Z"))
                .zfa("ACTIF", Instant.parse("2026-11-09T08:00:00Z"), null, "N", Instant.parse("2026-11-09T08:00:00Z"), "N",
                        Instant.parse("2026-11-09T08:00:00Z")).build()));
        write(dir.resolve("adt-a31-zfa-break-glass.hl7"), utf8(new AdtBuilder().event("A31", "ADT_A05").controlId("ADT-ZFA-2")
                .patient(p.get(9)).time(Instant.parse("2026-11-11T08:00:00Z"))
                .zfa("ACTIF", Instant.parse("2026-11-11T08:00:00Z"), null, "Y", Instant.parse("2026-11-11T08:00:00Z"), "Y",
                        Instant.parse("2026-11-11T08:00:00Z")).build()));
        write(dir.resolve("adt-a40-merge.hl7"), utf8(new AdtBuilder().event("A40", "ADT_A39").controlId("ADT-MERGE-1")
                .patient(p.get(11)).time(Instant.parse("2026-11-13T09:00:00Z")).merged(duplicateIdentityOf11()).build()));
        String bad = p.get(4).ins();
        String badKey = bad.substring(0, 13) + String.format("%02d", Integer.parseInt(bad.substring(13)) % 97 + 1);
        write(dir.resolve("events-bad.csv"), utf8("ins,oid,event,at,detail\n"
                + p.get(4).ins() + "," + oid + ",explode,2026-11-10T09:00:00+01:00,\n"
                + badKey + "," + oid + ",close,2026-11-10T09:00:00+01:00,\n"));
    }

    /** The document id the pipeline gives the lab message of a sample file (to target it with an event). */
    static String labDocumentId(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            var items = new fr.dmp.ingest.format.hl7.Hl7Reader().read(new fr.dmp.ingest.format.InputFile(file.getFileName().toString(),
                    bytes, null), new fr.dmp.ingest.format.ReadContext(StandardCharsets.ISO_8859_1, java.time.ZoneId.of("Europe/Paris")));
            var doc = (fr.dmp.ingest.format.SourceDocument) items.get(0);
            return fr.dmp.ingest.store.DocumentIds.of(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OruBuilder oru(SyntheticPatient p, String controlId, int observations) {
        return new OruBuilder().patient(p).controlId(controlId).observations(observations)
                .orderNumber("CMD-" + controlId).seed(controlId.hashCode());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
