package fr.dmp.ingest.format.hl7;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.Unreadable;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.tools.generate.CdaBuilder;
import fr.dmp.ingest.tools.generate.MdmBuilder;
import fr.dmp.ingest.tools.generate.OruBuilder;
import fr.dmp.ingest.tools.generate.PdfBuilder;
import fr.dmp.ingest.tools.generate.SyntheticPatient;
import fr.dmp.ingest.tools.generate.SyntheticPatients;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** HL7 messages that carry a document: MDM^T02/T10 and the ANS ORU^R01 with an ED observation. */
class MdmReaderTest {

    static final ReadContext CONTEXT = new ReadContext(StandardCharsets.ISO_8859_1, ZoneId.of("Europe/Paris"));
    static final SyntheticPatient PATIENT = SyntheticPatients.pool(2, 5).get(1);
    static final byte[] PDF = PdfBuilder.render("CH Fictif", "Compte rendu opératoire",
            List.of("Intervention : cholécystectomie sous cœlioscopie."), PdfBuilder.Layout.LETTERHEAD);

    private final Hl7Reader reader = new Hl7Reader();

    private ReadItem read(String message) {
        return reader.read(new InputFile("x.hl7", message.getBytes(StandardCharsets.UTF_8), null), CONTEXT).get(0);
    }

    @Test
    void mdmT02WithABase64PdfGivesTheDocumentIdTypeAndContent() {
        SourceDocument doc = (SourceDocument) read(new MdmBuilder().patient(PATIENT).documentId("CRO-7").typeCode("34874-8")
                .confidentiality("R").pdf(PDF).build());
        assertThat(doc.messageType()).isEqualTo("MDM^T02");
        assertThat(doc.meta().documentId()).isEqualTo(MdmBuilder.uniqueId("CRO-7"));
        assertThat(doc.meta().typeHints()).extracting(h -> h.code() + "@" + h.evidence()).contains("34874-8@hl7:TXA-2");
        assertThat(doc.meta().confidentiality()).containsExactly("R");
        assertThat(doc.meta().replacesId()).isNull();
        assertThat(doc.content().bytes()).isEqualTo(PDF);
        assertThat(doc.content().text()).contains("cholécystectomie");
        assertThat(doc.patient().statedStatus()).isEqualTo("QUAL");
    }

    /** Round 29, a tester with HL7's v2-to-fhir MDM sample: a text OBX before the ED gave every PDF that line's label as title. */
    @Test
    void anEmbeddedDocumentIsTitledByItsOwnObxNotAnEarlierTextLine() {
        String message = new MdmBuilder().patient(PATIENT).documentId("CRO-13").typeCode("34874-8").pdf(PDF).build();
        String withLine = message.replace("OBX|1|ED|34874-8^Document^LN|",
                "OBX|1|TX|TAIMT^Transcription Authentication Interface Message Text^L||signed||||||F\rOBX|2|ED|34874-8^Compte rendu opératoire^LN|");
        assertThat(withLine).isNotEqualTo(message);
        SourceDocument doc = (SourceDocument) read(withLine);
        assertThat(doc.problems()).isEmpty();
        assertThat(doc.meta().title()).isEqualTo("Compte rendu opératoire");
    }

    /** Round 12: a TXA-6 of HL7's explicit null {@code ""} is absent, so TXA-4 dates the document (was DATE_INVALID). */
    @Test
    void anExplicitNullOriginationTimeFallsBackToTheActivityTime() {
        String message = new MdmBuilder().patient(PATIENT).documentId("CRO-12").typeCode("34874-8").pdf(PDF).build();
        StringBuilder out = new StringBuilder();
        for (String segment : message.split("\r")) {
            if (segment.startsWith("TXA|")) {
                String[] f = segment.split("\\|", -1);
                f[4] = "20261201083000+0100";
                f[6] = "\"\"";
                segment = String.join("|", f);
            }
            out.append(segment).append('\r');
        }
        SourceDocument doc = (SourceDocument) read(out.toString());
        assertThat(doc.problems()).isEmpty();
        assertThat(doc.meta().creationTime()).isEqualTo(java.time.Instant.parse("2026-12-01T07:30:00Z"));
    }

    @Test
    void mdmT10NamesTheDocumentItReplaces() {
        SourceDocument doc = (SourceDocument) read(new MdmBuilder().patient(PATIENT).documentId("CRO-8")
                .replacement("CRO-7").typeCode("34874-8").pdf(PDF).build());
        assertThat(doc.messageType()).isEqualTo("MDM^T10");
        assertThat(doc.meta().replacesId()).isEqualTo(MdmBuilder.uniqueId("CRO-7"));
    }

    @Test
    void mdmWithACdaIsReadByTheCdaReaderAndATextMdmIsAPlainTextDocument() {
        String cda = new CdaBuilder().patient(PATIENT).id("1.2.250.1.213.1.1.9", "CDA-MDM").build();
        SourceDocument fromCda = (SourceDocument) read(new MdmBuilder().patient(PATIENT).documentId("X").cda(cda).build());
        assertThat(fromCda.format()).isEqualTo(SourceFormat.CDA);
        assertThat(fromCda.meta().documentId()).isEqualTo("1.2.250.1.213.1.1.9^CDA-MDM");
        SourceDocument text = (SourceDocument) read(new MdmBuilder().patient(PATIENT).documentId("T-1")
                .text("Compte rendu de consultation\nExamen clinique normal | rien à signaler").build());
        assertThat(text.content().mediaType()).isEqualTo("text/plain");
        assertThat(text.content().text()).contains("Examen clinique normal | rien à signaler");
    }

    @Test
    void aDocumentWhoseObx2IsEmptyOrUnknownIsRefusedNotStoredAsItsBase64Text() { // review: read as ST since OBX-2 defaults
        String ed = new MdmBuilder().patient(PATIENT).documentId("CRO-9").typeCode("34874-8").pdf(PDF).build();
        assertThat(ed).contains("OBX|1|ED|");
        for (String type : List.of("", "XX")) {
            ReadItem item = read(ed.replace("OBX|1|ED|", "OBX|1|" + type + "|"));
            assertThat(item).as("OBX-2 '" + type + "'").isInstanceOf(Unreadable.class);
            assertThat(((Unreadable) item).rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
            assertThat(((Unreadable) item).rejection().detail()).contains("OBX-2");
        }
        // the same document with OBX-2 = ED is read as before
        assertThat(read(ed)).isInstanceOf(SourceDocument.class);
    }

    /**
     * An independent writer's MDM files, as interfaces send long documents: the base64 wrapped at 76 or 64 characters
     * with its line ends escaped the HL7 way ({@code \X0D\\X0A\}, {@code \X0A\}), which HAPI leaves in the value, and
     * a base64 split over three repetitions of OBX-5 (a field length cap). The first two were refused "broken base64",
     * the third gave a PDF without pages. A character foreign to base64 is still refused.
     */
    @Test
    void base64WrappedWithEscapedLineEndsOrSplitOverRepetitionsIsOneDocument() {
        String b64 = Base64.getEncoder().encodeToString(PDF);
        String message = new MdmBuilder().patient(PATIENT).documentId("CRO-9").typeCode("34874-8").pdf(PDF).build();
        assertThat(message).contains(b64);
        int third = b64.length() / 3;
        List<String> variants = List.of(wrap(b64, 76, "\\X0D\\\\X0A\\"), wrap(b64, 64, "\\X0A\\"), wrap(b64, 76, "\\.br\\"),
                b64.substring(0, third) + "~^AP^PDF^Base64^" + b64.substring(third, 2 * third) + "~^AP^PDF^Base64^" + b64.substring(2 * third),
                // round 35, a tester: the repetitions go on with the data alone, the header not repeated
                b64.substring(0, third) + "~" + b64.substring(third, 2 * third) + "~" + b64.substring(2 * third));
        for (String variant : variants) {
            ReadItem item = read(message.replace(b64, variant));
            assertThat(item).as(variant.substring(70, 90)).isInstanceOf(SourceDocument.class);
            assertThat(((SourceDocument) item).content().bytes()).isEqualTo(PDF);
        }
        Unreadable u = (Unreadable) read(message.replace(b64, b64.substring(0, 100) + "*#!!%%" + b64.substring(100)));
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        // two whole PDFs in the repetitions are two documents, not one to glue together
        Unreadable two = (Unreadable) read(message.replace(b64, b64 + "~^AP^PDF^Base64^" + b64));
        assertThat(two.rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
    }

    /** A scanned paper document (ED-3 JPEG or TIFF) is stored as sent, as a CDA's scanned body is; a PDF called JPEG is not. */
    @Test
    void aScannedJpegOrTiffIsStoredAsSentAndAPdfCalledJpegIsRefused() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
                (byte) 0xFF, (byte) 0xD9};
        byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        String b64 = Base64.getEncoder().encodeToString(PDF);
        String message = new MdmBuilder().patient(PATIENT).documentId("SCAN-1").typeCode("11488-4").pdf(PDF).build();
        for (Object[] c : new Object[][] {{"JPEG", jpeg, "image/jpeg"}, {"TIFF", tiff, "image/tiff"}}) {
            SourceDocument doc = (SourceDocument) read(message.replace("^PDF^Base64^" + b64,
                    "^" + c[0] + "^Base64^" + Base64.getEncoder().encodeToString((byte[]) c[1])));
            assertThat(doc.content().bytes()).isEqualTo(c[1]);
            assertThat(doc.content().mediaType()).isEqualTo(c[2]);
            assertThat(doc.messageType()).isEqualTo("MDM^T02");
            assertThat(doc.flags()).contains(SourceDocument.NO_TEXT_LAYER);
        }
        Unreadable disguised = (Unreadable) read(message.replace("^PDF^Base64^", "^JPEG^Base64^"));
        assertThat(disguised.rejection().reason()).isEqualTo(ReasonCode.UNSAFE_CONTENT);
    }

    private static String wrap(String s, int width, String lineEnd) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i += width) {
            out.append(s, i, Math.min(s.length(), i + width)).append(lineEnd);
        }
        return out.toString();
    }

    @Test
    void theDocumentIdKeepsItsNamespaceAndAnOidThenAnExtensionIsReadAsRootAndExtension() {
        // round 15: TXA-12 "<OID>^CRO-MDM-0212" was stored as the bare OID, so the sender's next document (same OID,
        // another extension) was refused VERSION_CONFLICT; a namespace id was dropped the same way
        String standard = new MdmBuilder().patient(PATIENT).documentId("CRO-MDM-0213").pdf(PDF).build();
        String cdaOrder = standard.replace("CRO-MDM-0213^^1.2.250.1.213.1.1.9.7^ISO", "1.2.250.1.213.1.1.9.7^CRO-MDM-0212");
        String namespaced = standard.replace("CRO-MDM-0213^^1.2.250.1.213.1.1.9.7^ISO", "123^CONSULT");
        String bare = standard.replace("CRO-MDM-0213^^1.2.250.1.213.1.1.9.7^ISO", "123");
        assertThat(cdaOrder).isNotEqualTo(standard);
        assertThat(((SourceDocument) read(standard)).meta().documentId()).isEqualTo("1.2.250.1.213.1.1.9.7^CRO-MDM-0213");
        assertThat(((SourceDocument) read(cdaOrder)).meta().documentId()).isEqualTo("1.2.250.1.213.1.1.9.7^CRO-MDM-0212");
        assertThat(((SourceDocument) read(namespaced)).meta().documentId()).isEqualTo("CONSULT^123");
        assertThat(((SourceDocument) read(bare)).meta().documentId()).isEqualTo("123");
    }

    @Test
    void brokenBase64IsFormatCorrupt() {
        Unreadable u = (Unreadable) read(new MdmBuilder().patient(PATIENT).brokenBase64("JVBERi0xLjc*** not base64 ***").build());
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
    }

    @Test
    void anOruCarryingACdaTakesItsMetadataFromTheCda() {
        String cda = new CdaBuilder().patient(PATIENT).id("1.2.250.1.213.1.1.9", "CRBIO-1")
                .type("11502-2", "CR d'examens biologiques", "Compte rendu de biologie").build();
        String oru = new OruBuilder().patient(PATIENT).controlId("ORU-ED").observations(0)
                .extraObx("ED|11502-2^CR d'examens biologiques^LN||^TEXT^XML^Base64^"
                        + Base64.getEncoder().encodeToString(cda.getBytes(StandardCharsets.UTF_8)) + "||||||F").build();
        SourceDocument doc = (SourceDocument) read(oru);
        assertThat(doc.format()).isEqualTo(SourceFormat.CDA);
        assertThat(doc.meta().documentId()).isEqualTo("1.2.250.1.213.1.1.9^CRBIO-1");
        assertThat(doc.meta().typeHints()).extracting(h -> h.evidence()).containsExactly("cda:code");
        assertThat(doc.meta().messageId()).isEqualTo("ORU-ED");
    }

    // ---- shapes of the ANS examples (ansforge/hl7V2-exemples, "Transmission de documents CDA en HL7 v2"): the
    // messages there carry no licence, so these are our own messages written in the same shape, with our values

    /** PRT segments after the document's OBX, then the flags as CWE {@code Y^^HL70136} and routing flags. */
    private static String withAnsFlags(String mdm, String... flags) {
        StringBuilder sb = new StringBuilder(mdm.strip());
        sb.append("\rPRT||UC||SB^^HL70912|10001234567^ESSAI^Jean^^^^^^RPPS&1.2.250.1.71.4.2.1&ISO^D^^^RPPS");
        sb.append("\rPRT||UC||RCT^^HL70912|10001234568^TEST^Anne^^^^^^RPPS&1.2.250.1.71.4.2.1&ISO^D^^^RPPS");
        int i = 2;
        for (String f : flags) {
            String[] kv = f.split("=");
            sb.append("\rOBX|").append(i++).append("|CWE|").append(kv[0]).append("^Libellé^MetaDMPMSS||")
                    .append(kv[1]).append("^^HL70136||||||F|");
        }
        sb.append("\rOBX|").append(i).append("|ED|CORPSMAIL_PS^Corps du mail^MetaDMPMSS||^TEXT^^Base64^")
                .append(Base64.getEncoder().encodeToString("Cher confrère, ci-joint le compte rendu.".getBytes(StandardCharsets.UTF_8)))
                .append("||||||F|");
        return sb.append('\r').toString();
    }

    @Test
    void r6_flagsSentAsCodedValuesOfTheAnsProfileAreKeptAndRoutingFlagsAreNotConfidentiality() { // rules.md R6
        String cda = new CdaBuilder().patient(PATIENT).id("1.2.250.1.213.1.1.9", "CDA-FLAGS").build();
        SourceDocument doc = (SourceDocument) read(withAnsFlags(new MdmBuilder().patient(PATIENT).documentId("F-1").cda(cda).build(),
                "MASQUE_PS=N", "INVISIBLE_PATIENT=Y", "INVISIBLE_REP_LEGAUX=Y", "CONNEXION_SECRETE=N", "MODIF_CONF_CODE=N",
                "DESTDMP=Y", "DESTMSSANTEPS=Y", "DESTMSSANTEPAT=N", "ACK_RECEPTION=Y", "ACK_LECTURE_MSS=N"));
        // before: every flag read as "Y^^HL70136" and so as absent; the document was stored visible to the patient
        assertThat(doc.meta().confidentiality()).contains("INVISIBLE_PATIENT", "INVISIBLE_REPRESENTANTS_LEGAUX")
                .doesNotContain("MASQUE_PS", "DESTDMP", "DESTMSSANTEPS", "ACK_RECEPTION", "CORPSMAIL_PS");
        assertThat(doc.problems()).isEmpty();
    }

    /** Round 30, a tester: the ANS guide's own ORU examples write ACK_LECTURE (its profile ACK_LECTURE_MSS): every report refused. */
    @Test
    void r6_everyAcknowledgementFlagRoutesTheMessageAndIsNoConfidentiality() {
        String cda = new CdaBuilder().patient(PATIENT).id("1.2.250.1.213.1.1.9", "CDA-ACK").build();
        SourceDocument doc = (SourceDocument) read(withAnsFlags(new MdmBuilder().patient(PATIENT).documentId("F-2").cda(cda).build(),
                "ACK_LECTURE=Y", "ACK_RECEPTION_MSS=Y", "ACK_LECTURE_PATIENT=Y", "MASQUE_PS=Y"));
        assertThat(doc.meta().confidentiality()).containsExactly("N", "MASQUE_PS"); // TXA-18 N, and the flag set to Y
        assertThat(doc.problems()).isEmpty();
    }

    /**
     * Round 30, an attacker: a flag in OBX-3's alternate triplet ({@code ^^^INVISIBLE_PATIENT^^MetaDMPMSS}) was dropped, and a
     * value other than Y or N ("O" for oui, "YES") was read as no flag: the document stored visible (rules.md R6).
     */
    @Test
    void r6_aFlagInTheAlternateTripletIsReadAndAValueOtherThanYOrNIsRefused() {
        String cda = new CdaBuilder().patient(PATIENT).id("1.2.250.1.213.1.1.9", "CDA-ALT").build();
        String mdm = new MdmBuilder().patient(PATIENT).documentId("F-3").cda(cda).build().strip()
                + "\rOBX|2|CE|^^^INVISIBLE_PATIENT^^MetaDMPMSS||Y^^HL70136||||||F|\r";
        SourceDocument doc = (SourceDocument) read(mdm);
        assertThat(doc.meta().confidentiality()).contains("INVISIBLE_PATIENT");
        for (String value : java.util.List.of("O", "YES")) {
            SourceDocument oui = (SourceDocument) read(withAnsFlags(new MdmBuilder().patient(PATIENT).documentId("F-4").cda(cda).build(),
                    "MASQUE_PS=" + value));
            assertThat(oui.problems()).as(value).extracting(fr.dmp.ingest.domain.Rejection::reason)
                    .contains(fr.dmp.ingest.domain.ReasonCode.METADATA_INVALID);
        }
    }

    @Test
    void r6_aSecretConnectionSentAsACodedValueIsKeptSoThatValidationRefusesIt() {
        SourceDocument doc = (SourceDocument) read(withAnsFlags(new MdmBuilder().patient(PATIENT).documentId("F-2").pdf(PDF).build(),
                "CONNEXION_SECRETE=Y", "DESTDMP=Y"));
        assertThat(doc.meta().confidentiality()).contains("CONNEXION_SECRETE");
    }

    @Test
    void aDocumentTheSenderDidNotAddressToTheDmpIsRefused() {
        SourceDocument doc = (SourceDocument) read(withAnsFlags(new MdmBuilder().patient(PATIENT).documentId("F-3").pdf(PDF).build(),
                "DESTDMP=N", "DESTMSSANTEPS=Y"));
        assertThat(doc.problems()).extracting(p -> p.reason() + ": " + p.detail())
                .containsExactly("FORMAT_UNSUPPORTED: MetaDMPMSS DESTDMP=N: the sender did not address this document to the DMP");
    }

    /**
     * Round 25, a tester on the ANS guide "Transmission de documents CDA en HL7 v2": ORC-1, OBX-11 and the event must
     * agree, NW/F/T02 for a new document, RO/C/T10 for a replacement; a T02 whose CDA replaced another replaced it.
     */
    @Test
    void aMessageThatSaysNewWhileItsCdaReplacesAnotherIsAVersionConflict() {
        String cda = new CdaBuilder().patient(PATIENT).id("1.2.250.1.213.1.1.9", "R-2").version("SET-R", 2)
                .replaces("1.2.250.1.213.1.1.9^R-1").build();
        Unreadable t02 = (Unreadable) read(new MdmBuilder().patient(PATIENT).documentId("R-2").cda(cda).build());
        assertThat(t02.rejection().reason()).isEqualTo(ReasonCode.VERSION_CONFLICT);
        assertThat(t02.rejection().detail()).contains("MDM^T02").contains("relatedDocument RPLC");

        SourceDocument t10 = (SourceDocument) read(new MdmBuilder().patient(PATIENT).documentId("R-2")
                .replacement("R-1").cda(cda).build());
        assertThat(t10.meta().replacesId()).isEqualTo("1.2.250.1.213.1.1.9^R-1");

        String ed = "ED|11502-2^CR d'examens biologiques^LN||^TEXT^XML^Base64^"
                + Base64.getEncoder().encodeToString(cda.getBytes(StandardCharsets.UTF_8)) + "||||||";
        String oru = new OruBuilder().patient(PATIENT).controlId("ORU-RPLC").observations(0).extraObx(ed + "F").build();
        assertThat(((Unreadable) read(oru)).rejection().detail()).contains("OBX-11 F");
        assertThat(((Unreadable) read(oru.replace(ed + "F", ed + "C").replace("\rORC|RE|", "\rORC|NW|"))).rejection().detail())
                .contains("ORC-1 NW");
        SourceDocument replacing = (SourceDocument) read(oru.replace(ed + "F", ed + "C").replace("\rORC|RE|", "\rORC|RO|"));
        assertThat(replacing.meta().replacesId()).isEqualTo("1.2.250.1.213.1.1.9^R-1");
    }

    /** Round 25, microsoft/FHIR-Converter's v2.8 samples: MSH-9 {@code MDM^T10^MDM_T10}, a structure v2.6 does not name. */
    @Test
    void aStructureNameHl7V26DoesNotHaveIsReadByTheEvent() {
        String t10 = new MdmBuilder().patient(PATIENT).documentId("CRO-8").replacement("CRO-7").pdf(PDF).build();
        assertThat(t10).contains("MDM^T10^MDM_T02");
        SourceDocument doc = (SourceDocument) read(t10.replace("MDM^T10^MDM_T02", "MDM^T10^MDM_T10"));
        assertThat(doc.messageType()).isEqualTo("MDM^T10");
        assertThat(doc.meta().replacesId()).isEqualTo(MdmBuilder.uniqueId("CRO-7"));
        assertThat(Hl7Reader.withoutMessageStructure("MSH|^~\\&|A|B|C|D|20261202||MDM^T10^MDM_T10|1|P|2.8\rEVN|T10"))
                .isEqualTo("MSH|^~\\&|A|B|C|D|20261202||MDM^T10|1|P|2.8\rEVN|T10");
    }

    @Test
    void aSendersDeletionRequestIsRefusedNeverTakenForADocumentOrAVersion() {
        String cda = new CdaBuilder().patient(PATIENT).id("1.2.250.1.213.1.1.9", "CRBIO-DEL")
                .type("11502-2", "CR d'examens biologiques", "Compte rendu de biologie").build();
        String oru = new OruBuilder().patient(PATIENT).controlId("ORU-DEL").observations(0)
                .extraObx("ED|11502-2^CR d'examens biologiques^LN||^TEXT^XML^Base64^"
                        + Base64.getEncoder().encodeToString(cda.getBytes(StandardCharsets.UTF_8)) + "||||||D").build();
        Unreadable byStatus = (Unreadable) read(oru);
        assertThat(byStatus.rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
        assertThat(byStatus.rejection().detail()).startsWith("a sender's deletion request");

        String sent = oru.replace("||||||D", "||||||F");
        assertThat(read(sent)).as("the same message as a new document").isInstanceOf(SourceDocument.class);
        Unreadable byOrderControl = (Unreadable) read(sent.replace("\rORC|RE|", "\rORC|CA|"));
        assertThat(byOrderControl.rejection().detail()).startsWith("a sender's deletion request");

        String t04 = new MdmBuilder().patient(PATIENT).documentId("F-4").pdf(PDF).build()
                .replace("MDM^T02", "MDM^T04").replace("||||||F", "||||||D");
        assertThat(((Unreadable) read(t04)).rejection().detail()).startsWith("a sender's deletion request");
    }

    /** Found on an ANS example (Trans_LPS_CDA_MSSanté, messageDocB64): PID-3 and the embedded CDA named two patients. */
    @Test
    void aMessageAndItsEmbeddedCdaThatNameDifferentPatientsAreAnIdentityMismatch() {
        SyntheticPatient other = SyntheticPatients.pool(2, 5).get(0);
        String cda = new CdaBuilder().patient(other).id("1.2.250.1.213.1.1.9", "CDA-OTHER").build();
        SourceDocument doc = (SourceDocument) read(new MdmBuilder().patient(PATIENT).documentId("P-1").cda(cda).build());
        assertThat(doc.problems()).extracting(p -> p.reason() + ": " + p.detail())
                .contains("IDENTITY_MISMATCH: the message (PID-3) and the embedded CDA (recordTarget) name different INS");
        String same = new CdaBuilder().patient(PATIENT).id("1.2.250.1.213.1.1.9", "CDA-SAME").build();
        assertThat(((SourceDocument) read(new MdmBuilder().patient(PATIENT).documentId("P-2").cda(same).build())).problems())
                .isEmpty();
    }

    /** Found on a HAPI example (EscapeTest): MSH, PV1, ORC, OBR, OBX and no PID was "without PATIENT_RESULT group". */
    @Test
    void anOruWithoutPidSaysSo() {
        String oru = new OruBuilder().patient(PATIENT).controlId("NO-PID").build().replaceFirst("\rPID\\|[^\r]*", "");
        Unreadable u = (Unreadable) read(oru);
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(u.rejection().detail()).isEqualTo("ORU^R01 without PID segment");
    }
}
