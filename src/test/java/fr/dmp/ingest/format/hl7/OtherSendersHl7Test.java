package fr.dmp.ingest.format.hl7;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.Unreadable;
import fr.dmp.ingest.tools.generate.MdmBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;

import static fr.dmp.ingest.format.hl7.Hl7ReaderTest.PID;
import static fr.dmp.ingest.format.hl7.Hl7ReaderTest.oru;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 28: HL7 v2 messages of other projects' fixtures (CDC's ReportStream ELR, Cerner and MEDITECH messages, rethinkhealth,
 * ruby-hl7, the ANS teleradiology guide), shapes rebuilt here with our own values.
 */
class OtherSendersHl7Test {

    private static final ReadContext CONTEXT = new ReadContext(StandardCharsets.ISO_8859_1, ZoneId.of("Europe/Paris"));
    private final Hl7Reader reader = new Hl7Reader();

    private ReadItem read(String message) {
        return reader.read(new InputFile("x.hl7", message.getBytes(StandardCharsets.UTF_8), null), CONTEXT).get(0);
    }

    private SourceDocument results(String obx) {
        ReadItem item = read(oru("2.5.1", "UNICODE UTF-8", "M-28", PID, obx));
        assertThat(item).isInstanceOf(SourceDocument.class);
        return (SourceDocument) item;
    }

    /** A range written in components (Cerner's {@code ^^10.000000}, {@code 3.5^5.0}) was cut to its first one or emptied. */
    @Test
    void aReferenceRangeWrittenInComponentsIsKeptWhole() {
        SourceDocument doc = results("OBX|1|NM|2823-3^Potassium^LN||4.1|mmol/L|3.5^5.0|N|||F\r"
                + "OBX|2|NM|10368-9^Plomb^LN||50|ug/dL|^^10.000000|H|||F\r"
                + "OBX|3|NM|2345-7^Glucose^LN||5.4|mmol/L|3.9-6.1|N|||F");
        assertThat(doc.observations()).extracting(Observation::referenceRange)
                .containsExactly("3.5^5.0", "^^10.000000", "3.9-6.1");
        assertThat(doc.content().text()).contains("(3.5^5.0)").contains("(^^10.000000) [H]");
    }

    /** A review: HL7's explicit null "" in OBX-7 is no range, and blanks around one are not kept. */
    @Test
    void anExplicitNullRangeIsNoneAndARangeIsStripped() {
        SourceDocument doc = results("OBX|1|NM|2823-3^Potassium^LN||4.1|mmol/L|\"\"|N|||F\r"
                + "OBX|2|NM|2345-7^Glucose^LN||5.4|mmol/L| 3.9-6.1 |N|||F");
        assertThat(doc.observations()).extracting(Observation::referenceRange).containsExactly(null, "3.9-6.1");
    }

    /** Round 29, a tester on simple-hl7's messages: OBX-6 {@code CD:289^mg/dL} (a LIS's unit table key) stored "CD:289". */
    @Test
    void aUnitGivenByATableKeyIsStoredByItsText() {
        SourceDocument doc = results("OBX|1|NM|2085-9^HDL^LN||62|CD:289^mg/dL|>40|N|||F\r"
                + "OBX|2|NM|2345-7^Glucose^LN||5.4|mmol/L^mmol/L^UCUM|3.9-6.1|N|||F\r"
                + "OBX|3|NM|2823-3^Potassium^LN||4.1|^mmol/L|3.5-5.0|N|||F\r"
                + "OBX|4|NM|718-7^Hemoglobine^LN||13.1|g/dL^grammes par decilitre^L|12-16|N|||F\r"
                + "OBX|5|NM|777-3^Plaquettes^LN||250|1042^10*9/L|150-400|N|||F\r"
                + "OBX|6|NM|5811-5^Densite^LN||1.020|1^ratio^UCUM|1.005-1.030|N|||F");
        assertThat(doc.observations()).extracting(Observation::unit).containsExactly("mg/dL", "mmol/L", "mmol/L", "g/dL", "10*9/L", "1");
    }

    /** Round 30, a tester (hl7v2-rs, HL7v2Kit): {@code 10^9/L} with its caret unescaped was stored "9/L", {@code x10^9/L^^UCUM} "x10". */
    @Test
    void aPowerOfTenWrittenWithAnUnescapedCaretKeepsItsWholeUnit() {
        SourceDocument doc = results("OBX|1|NM|6690-2^Leucocytes^LN||7.5|10^9/L|4.0-10.0|N|||F\r"
                + "OBX|2|NM|789-8^Hematies^LN||5.2|10^12/L|4.5-5.9|N|||F\r"
                + "OBX|3|NM|777-3^Plaquettes^LN||250|x10^9/L^^UCUM|150-400|N|||F\r"
                + "OBX|4|NM|777-3^Plaquettes^LN||251|10\\S\\9/L|150-400|N|||F\r"
                + "OBX|5|NM|2345-7^Glucose^LN||5.4|10^mmol/L|3.9-6.1|N|||F");
        assertThat(doc.observations()).extracting(Observation::unit).containsExactly("10^9/L", "10^12/L", "x10^9/L", "10^9/L",
                "mmol/L");
    }

    /** A laboratory's local code first and LOINC second (OBX-3.4/3.6): the LOINC code was dropped. */
    @Test
    void theTestsSecondCodeIsKept() {
        SourceDocument doc = results("OBX|1|NM|GLY^Glycemie^L^2345-7^Glucose^LN||5.4|mmol/L|3.9-6.1|N|||F\r"
                + "OBX|2|NM|2823-3^Potassium^LN||4.1|mmol/L|3.5-5.0|N|||F");
        Observation local = doc.observations().get(0);
        assertThat(local.code()).isEqualTo("GLY");
        assertThat(local.codeSystem()).isEqualTo("L");
        assertThat(local.alternate()).isEqualTo(new Observation.Coding("2345-7", "LN"));
        assertThat(doc.observations().get(1).alternate()).isNull();
    }

    /**
     * A culture with two germs and an antibiogram for each (MEDITECH's layout): each result keeps its order, its sub-ID
     * and its order's parent result, so that the two ampicillin rows tell their germ.
     */
    @Test
    void eachAntibiogramNamesTheIsolateItBelongsTo() {
        String message = "MSH|^~\\&|LIS|LABO^1.2.250.1.71.4.2.2.1^ISO|DMP|DMP|20261120101500+0100||ORU^R01^ORU_R01|M-ATB|P|2.5.1\r"
                + PID + "\r"
                + "OBR|1|CMD-9|RES-9|600-7^Hémoculture^LN|||20261120080000+0100|||||||||||||||20261120100000+0100|||F\r"
                + "OBX|1|CWE|600-7^Germe identifié^LN|1|112283007^Escherichia coli^SCT||||||F\r"
                + "OBX|2|CWE|600-7^Germe identifié^LN|2|3092008^Staphylococcus aureus^SCT||||||F\r"
                + "OBR|2|CMD-9|RES-9|29576-6^Antibiogramme^LN|||20261120080000+0100||||G|||||||||||20261120100000+0100|||F|600-7&Germe identifié&LN^1\r"
                + "OBX|1|SN|18864-9^Ampicilline^LN|1|<=^2|mg/L||S|||F\r"
                + "OBR|3|CMD-9|RES-9|29576-6^Antibiogramme^LN|||20261120080000+0100||||G|||||||||||20261120100000+0100|||F|600-7&Germe identifié&LN^2\r"
                + "OBX|1|SN|18864-9^Ampicilline^LN|1|>=^32|mg/L||R|||F\r";
        SourceDocument doc = (SourceDocument) read(message);
        List<Observation> o = doc.observations();
        assertThat(o).hasSize(4);
        assertThat(o).extracting(x -> x.grouping().order()).containsExactly(1, 1, 2, 3);
        assertThat(o).extracting(x -> x.grouping().subId()).containsExactly("1", "2", "1", "1");
        assertThat(o.get(0).grouping().parentCode()).isNull();
        assertThat(o.get(2).grouping().parentCode()).isEqualTo("600-7");
        assertThat(o.get(2).grouping().parentSubId()).isEqualTo("1");
        assertThat(o.get(3).grouping().parentSubId()).isEqualTo("2");
        assertThat(o.get(2).abnormalFlags()).isEqualTo("S");
        assertThat(o.get(3).abnormalFlags()).isEqualTo("R");
    }

    /**
     * Round 31, a tester with OpenEMR's and Mediboard's messages: hexadecimal escapes (HL7 v2.5 2.7.5) were kept as
     * written in results and titles ({@code caf\XE9\ cr\XE8\me}, {@code D\XE9\pistage}) while a name's were undone.
     */
    @Test
    void hexadecimalEscapesAreUndoneInResultsCommentsAndTheTitle() {
        String message = "MSH|^~\\&|LIS|LABO^1.2.250.1.71.4.2.2.1^ISO|DMP|DMP|20261120101500+0100||ORU^R01^ORU_R01|M-HEX|P|2.5.1|||||||UNICODE UTF-8\r"
                + PID + "\r"
                + "OBR|1|CMD-7|RES-7|2345-7^D\\XE9\\pistage\\X00\\^LN|||20261120080000+0100|||||||||||||||20261120100000+0100|||F\r"
                + "OBX|1|ST|2345-7^Aspect^LN||caf\\XE9\\ cr\\XE8\\me||||||F\r"
                + "OBX|2|FT|2345-8^Commentaire\\X0D0A\\libre^LN||A\\X42\\C\\X0D0A\\ligne \\XC3A9\\t\\X1B\\\r"
                + "NTE|1||Contr\\XF4\\le\r";
        SourceDocument doc = (SourceDocument) read(message);
        assertThat(doc.meta().title()).isEqualTo("Dépistage");
        assertThat(doc.observations().get(0).value()).isEqualTo("café crème");
        // a line break escaped is one; UTF-8 bytes are read as UTF-8; an escaped control character is dropped
        assertThat(doc.observations().get(1).value()).isEqualTo("ABC\nligne ét");
        // a review: in a one-line field (title, result name) an escaped line break is a space, a NUL is dropped (it ended
        // the file INTERNAL_ERROR at the database)
        assertThat(doc.observations().get(1).display()).isEqualTo("Commentaire libre");
        assertThat(doc.content().text()).contains("Contrôle").doesNotContain("\\X");
    }

    /**
     * Round 31, a tester with OpenEMR's messages: a result posted as wrong (OBX-11 W, HL7 table 0085: "transmitted for wrong
     * patient") and a report whose every result is cancelled (X) were filed, each becoming the current report in place
     * of the final. Neither is a result to file: refused, saying what the sender sent. A report with one cancelled test
     * beside a final one is a report.
     */
    @Test
    void aResultPostedAsWrongOrAReportOfCancelledResultsOnlyIsNotFiled() {
        ReadItem wrong = read(oru("2.5.1", "UNICODE UTF-8", "M-W", PID, "OBX|1|NM|2823-3^Potassium^LN||4.0|mmol/L|3.5-5.0|N|||W"));
        assertThat(wrong).isInstanceOf(Unreadable.class);
        assertThat(((Unreadable) wrong).rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
        assertThat(((Unreadable) wrong).rejection().detail()).startsWith("a result posted as wrong (OBX-11 W");

        String cancelledReport = oru("2.5.1", "UNICODE UTF-8", "M-X", PID, "OBX|1|NM|2823-3^Potassium^LN|||mmol/L|||||X")
                .replace("|||F\r", "|||X\r");
        ReadItem cancelled = read(cancelledReport);
        assertThat(cancelled).isInstanceOf(Unreadable.class);
        assertThat(((Unreadable) cancelled).rejection().detail()).startsWith("a cancellation (OBR-25 X");
        ReadItem cancelledResultsOnly = read(oru("2.5.1", "UNICODE UTF-8", "M-X2", PID, "OBX|1|NM|2823-3^Potassium^LN|||mmol/L|||||X")
                .replace("|||F\r", "|||\r"));
        assertThat(cancelledResultsOnly).isInstanceOf(Unreadable.class);
        ReadItem correctedToCancelled = read(oru("2.5.1", "UNICODE UTF-8", "M-X4", PID, "OBX|1|NM|2823-3^Potassium^LN|||mmol/L|||||X")
                .replace("|||F\r", "|||C\r"));
        assertThat(correctedToCancelled).as("a review: OBR-25 C over cancelled results only").isInstanceOf(Unreadable.class);
        ReadItem orderCancelled = read(oru("2.5.1", "UNICODE UTF-8", "M-X5", PID, "OBX|1|NM|2823-3^Potassium^LN||4.0|mmol/L|3.5-5.0|N|||F")
                .replace("|||F\r", "|||X\r"));
        assertThat(orderCancelled).as("an attacker: OBR-25 X over final results").isInstanceOf(Unreadable.class);
        assertThat(((Unreadable) orderCancelled).rejection().detail()).as("round 32: the results were given")
                .startsWith("a cancellation (OBR-25 X: the order cancelled");
        assertThat(((Unreadable) cancelledResultsOnly).rejection().detail()).startsWith("a cancellation (OBX-11 X: every result");

        // an attacker: one order cancelled (OBR-25 X) beside a reported one refused the whole message, the sodium lost
        String twoOrders = oru("2.5.1", "UNICODE UTF-8", "M-X6", PID, "OBX|1|NM|2345-7^Glucose^LN||5.1|mmol/L|3.9-6.1|N|||F")
                .replace("|||F\r", "|||X\r")
                + "OBR|2|CMD-1|RES-1|2951-2^Sodium^LN|||20261120080000+0100|||||||||||||||20261120100000+0100|||F\r"
                + "OBX|1|NM|2951-2^Sodium^LN||140|mmol/L|135-145|N|||F\r";
        SourceDocument sodium = (SourceDocument) read(twoOrders);
        assertThat(sodium.observations()).extracting(Observation::code).containsExactly("2951-2");
        assertThat(fr.dmp.ingest.store.DocumentIds.setOf(sodium.meta(), "u")).endsWith("|tests:2951-2");
        ReadItem bothCancelled = read(twoOrders.replace("20261120100000+0100|||F\rOBX|1|NM|2951-2", "20261120100000+0100|||X\rOBX|1|NM|2951-2"));
        assertThat(((Unreadable) bothCancelled).rejection().detail()).startsWith("a cancellation (OBR-25 X");
        ReadItem oneCancelled = read(oru("2.5.1", "UNICODE UTF-8", "M-X3", PID, "OBX|1|NM|2823-3^Potassium^LN||4.0|mmol/L|3.5-5.0|N|||F\r"
                + "OBX|2|NM|2951-2^Sodium^LN|||mmol/L|||||X"));
        assertThat(oneCancelled).isInstanceOf(SourceDocument.class);
    }

    /**
     * Round 35, a tester: a message flipping a preliminary's results to final without them (OBX-11 U, HL7 table 0085)
     * became the current report with empty results, the potassium of 6.2 out of the record; and ORC-1 CA on one cancelled
     * order refused the whole message, the final results of the orders beside it lost (OC, CR and RE were left out).
     */
    @Test
    void aStatusChangeWithoutResultsIsRefusedAndAnOrderCancelledByOrcCaIsLeftOut() {
        ReadItem flip = read(oru("2.5.1", "UNICODE UTF-8", "M-U", PID, "OBX|1|NM|2823-3^Potassium^LN|||mmol/L|||||U\r"
                + "OBX|2|NM|2951-2^Sodium^LN|||mmol/L|||||U"));
        assertThat(flip).isInstanceOf(Unreadable.class);
        assertThat(((Unreadable) flip).rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
        assertThat(((Unreadable) flip).rejection().detail()).startsWith("a status change without its results (OBX-11 U");
        // a review: the results after a specimen segment (IHE LAB-3's layout) were not looked at; a W result was filed
        String specimenFirst = oru("2.5.1", "UNICODE UTF-8", "M-U2", PID, "OBX|1|NM|2823-3^Potassium^LN|||mmol/L|||||U")
                .replace("|||F\rOBX|1", "|||F\rSPM|1|||BLD\rOBX|1");
        assertThat(specimenFirst).contains("SPM|1|||BLD\rOBX|1");
        assertThat(((Unreadable) read(specimenFirst)).rejection().detail()).startsWith("a status change without its results (OBX-11 U");
        ReadItem wrongAfterSpecimen = read(specimenFirst.replace("|||||U", "|||||W"));
        assertThat(((Unreadable) wrongAfterSpecimen).rejection().detail()).startsWith("a result posted as wrong (OBX-11 W");

        String sodium = "OBR|2|CMD-1|RES-1|2951-2^Sodium^LN|||20261120080000+0100|||||||||||||||20261120100000+0100|||F\r"
                + "OBX|1|NM|2951-2^Sodium^LN||140|mmol/L|135-145|N|||F\r";
        String cancelledByCa = oru("2.5.1", "UNICODE UTF-8", "M-CA", PID, "OBX|1|NM|2345-7^Glucose^LN|||mmol/L|||||X")
                .replace("|||F\r", "|||X\r").replace("\rOBR|1|", "\rORC|CA|CMD-1\rOBR|1|") + "ORC|RE|CMD-1\r" + sodium;
        SourceDocument kept = (SourceDocument) read(cancelledByCa);
        assertThat(kept.observations()).extracting(Observation::code).containsExactly("2951-2");
        // ORC-1 CA and the order without any result: that order's cancellation too
        String caNoResult = oru("2.5.1", "UNICODE UTF-8", "M-CA2", PID, "OBX|1|NM|2345-7^Glucose^LN|||mmol/L|||||X");
        caNoResult = caNoResult.substring(0, caNoResult.indexOf("OBX|1|")).replace("\rOBR|1|", "\rORC|CA|CMD-1\rOBR|1|")
                + "ORC|RE|CMD-1\r" + sodium;
        assertThat(((SourceDocument) read(caNoResult)).observations()).extracting(Observation::code).containsExactly("2951-2");
        // ORC-1 CA over final results is still a deletion request: refused whole
        ReadItem caOverFinal = read(oru("2.5.1", "UNICODE UTF-8", "M-CA3", PID, "OBX|1|NM|2345-7^Glucose^LN||5.1|mmol/L|3.9-6.1|N|||F")
                .replace("\rOBR|1|", "\rORC|CA|CMD-1\rOBR|1|"));
        assertThat(((Unreadable) caOverFinal).rejection().detail()).startsWith("a sender's deletion request");
    }

    /**
     * Round 33, a tester with IPF's PCD-01 message: one result deleted (OBX-11 D) beside final ones refused the whole report,
     * saying "the document stays stored" of a document never stored. The deleted result is left out; all deleted is a
     * deletion request, refused as before.
     */
    @Test
    void aResultDeletedBesideFinalOnesIsLeftOutAndEveryResultDeletedIsADeletionRequest() {
        SourceDocument doc = results("OBX|1|NM|2345-7^Glucose^LN||5.1|mmol/L|3.9-6.1|N|||F\r"
                + "OBX|2|NM|718-7^Hemoglobin^LN||13.5|g/dL|12-16|N|||D\r"
                + "OBX|3|NM|2951-2^Sodium^LN||140|mmol/L|135-145|N|||F");
        assertThat(doc.observations()).extracting(Observation::code).containsExactly("2345-7", "2951-2");
        ReadItem all = read(oru("2.5.1", "UNICODE UTF-8", "M-D2", PID, "OBX|1|NM|2345-7^Glucose^LN||5.1|mmol/L|3.9-6.1|N|||D\r"
                + "OBX|2|NM|718-7^Hemoglobin^LN||13.5|g/dL|12-16|N|||D"));
        assertThat(((Unreadable) all).rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
        assertThat(((Unreadable) all).rejection().detail()).startsWith("a sender's deletion request")
                .contains("a document stored stays stored");
    }

    /** MSH-12 with spaces after it, or a 2.x version HAPI does not know (2.9), was refused "HL7 parse error". */
    @Test
    void aVersionWithSpacesOrNewerThanHapiKnowsIsRead() {
        String obx = "OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L|3.9-6.1|N|||F";
        for (String version : new String[] {"2.5.1  ", "2.3 ", "2.9", "2.9.1", "2.5.2"}) {
            ReadItem item = read(oru(version, "UNICODE UTF-8", "M-V", PID, obx));
            assertThat(item).as(version).isInstanceOf(SourceDocument.class);
            assertThat(((SourceDocument) item).observations()).as(version).hasSize(1);
        }
        assertThat(Hl7Reader.readableVersion("MSH|^~\\&|A|B|C|D|2026||ORU^R01|1|P|2.9^FRA^2.10\rPID|1"))
                .isEqualTo("MSH|^~\\&|A|B|C|D|2026||ORU^R01|1|P|2.8.1^FRA^2.10\rPID|1");
        // a review: "2.3.0" is 2.3, not the version before it
        assertThat(Hl7Reader.readableVersion("MSH|^~\\&|A|B|C|D|2026||ORU^R01|1|P|2.3.0\rPID|1"))
                .isEqualTo("MSH|^~\\&|A|B|C|D|2026||ORU^R01|1|P|2.3\rPID|1");
        String known = "MSH|^~\\&|A|B|C|D|2026||ORU^R01|1|P|2.5.1\rPID|1";
        assertThat(Hl7Reader.readableVersion(known)).isSameAs(known);
        Unreadable notAVersion = (Unreadable) read(oru("X.Y", "UNICODE UTF-8", "M-V", PID, obx));
        assertThat(notAVersion.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
    }

    /** The ANS teleradiology guide's ED of type TEXT holding base64 text: refused "malformed XML", a format never sent. */
    @Test
    void anEmbeddedTextIsRefusedAsUnsupportedNamingItsType() {
        String text = Base64.getEncoder().encodeToString("Protocole IRM cérébrale sans injection.".getBytes(StandardCharsets.UTF_8));
        String message = "MSH|^~\\&|RIS|IMAGERIE^1.2.250.1.71.4.2.2.1^ISO|DMP|DMP|20261120101500+0100||ORU^R01^ORU_R01|M-ED|P|2.5\r"
                + PID + "\r"
                + "OBR|1|CMD-1|RES-1|18748-4^CR imagerie^LN|||20261120080000+0100||||||||||||||20261120100000+0100|||F\r"
                + "OBX|1|ED|PROTOCOLE^Protocole d'imagerie^L||^TEXT^^Base64^" + text + "||||||F\r";
        Unreadable u = (Unreadable) read(message);
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
        assertThat(u.rejection().detail()).contains("TEXT").contains("neither a PDF nor a CDA").doesNotContain("XML");
        // a review: ED-2 is the sender's field, shown only when it looks like a code (a name and an INS were copied)
        Unreadable named = (Unreadable) read(message.replace("^TEXT^^Base64^", "^DUPONT-JEAN-279035121518989^^Base64^"));
        assertThat(named.rejection().detail()).doesNotContain("279035121518989").doesNotContain("DUPONT").contains("type ?");
        Unreadable word = (Unreadable) read(message.replace("^TEXT^^Base64^", "^180057510699991^DUPONTSECRET^Base64^"));
        assertThat(word.rejection().detail()).doesNotContain("DUPONTSECRET").doesNotContain("9999").contains("type ?/?");
        // an HTML display rendering (TEXT/HTML) looks like XML: named as what ED-3 says, not "XML that is not a CDA" (round 30)
        String html = Base64.getEncoder().encodeToString("<html><body><p>Hb 13.1 g/dL</p></body></html>".getBytes(StandardCharsets.UTF_8));
        Unreadable display = (Unreadable) read(message.replace("^TEXT^^Base64^" + text, "^TEXT^HTML^Base64^" + html));
        assertThat(display.rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
        assertThat(display.rejection().detail()).contains("of type TEXT/HTML is neither a PDF nor a CDA");
        // a MIME type whole in ED-3, ED-2 empty (Apache Camel's MDM, round 32): was "declared XML but its bytes are ..."
        Unreadable mime = (Unreadable) read(message.replace("^TEXT^^Base64^" + text, "^^text/html^Base64^" + text));
        assertThat(mime.rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
        assertThat(mime.rejection().detail()).contains("of type text/html is neither a PDF nor a CDA").doesNotContain("XML");
        // and whole in ED-2, ED-3 empty (dot-base's MDM, round 37): it was named "of type ?"
        Unreadable inEd2 = (Unreadable) read(message.replace("^TEXT^^Base64^" + text, "^text/plain^^Base64^" + text));
        assertThat(inEd2.rejection().detail()).contains("of type text/plain is neither a PDF nor a CDA");
        Unreadable hidden = (Unreadable) read(message.replace("^TEXT^^Base64^" + text, "^DUPONT/JEAN^^Base64^" + text));
        assertThat(hidden.rejection().detail()).doesNotContain("DUPONT").doesNotContain("JEAN");
        // a review: a PDF declared octet-stream in ED-2 is read by its bytes, as before
        String pdf = Base64.getEncoder().encodeToString(fr.dmp.ingest.tools.generate.PdfBuilder.render("Laboratoire Fictif",
                "Compte rendu", List.of("Glycemie 6,39 mmol/L", "Creatinine 80 umol/L"), fr.dmp.ingest.tools.generate.PdfBuilder.Layout.LETTERHEAD));
        assertThat(read(message.replace("^TEXT^^Base64^" + text, "^application/octet-stream^^Base64^" + pdf)))
                .isInstanceOf(fr.dmp.ingest.format.SourceDocument.class);
        Unreadable pdfNamed = (Unreadable) read(message.replace("^TEXT^^Base64^" + text, "^DUPONT/JEAN^XML^Base64^" + pdf));
        assertThat(pdfNamed.rejection().detail()).doesNotContain("DUPONT").doesNotContain("JEAN");
        Unreadable withParameter = (Unreadable) read(message.replace("^TEXT^^Base64^" + text, "^^text/html; name=cr.html^Base64^" + text));
        assertThat(withParameter.rejection().detail()).as("an attacker").contains("of type text/html is neither");
        // bytes declared XML that are not: FORMAT_CORRUPT, as before (ask to resend)
        Unreadable xml = (Unreadable) read(message.replace("^TEXT^^Base64^", "^TEXT^XML^Base64^"));
        assertThat(xml.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(Hl7EmbeddedDocument.startsLikeXml("\uFEFF  <ClinicalDocument/>".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Hl7EmbeddedDocument.startsLikeXml("<x/>".getBytes(StandardCharsets.UTF_16BE))).isTrue(); // no mark
        assertThat(Hl7EmbeddedDocument.startsLikeXml("Protocole".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    /** PID-23 is free text in HL7: a town's name there refused every document (IDENTITY_NOT_QUALIFIED); a code is still read. */
    @Test
    void aBirthPlaceWrittenAsATownInPid23IsNoTraitAndACodeIsOne() {
        String noBdl = PID.replace("^^^^^^BDL^^75056", "");
        String[] f = noBdl.split("\\|", -1);
        String[] withTown = f.clone();
        withTown[23] = "PARIS";
        SourceDocument town = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "M-P", String.join("|", withTown),
                "OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L|3.9-6.1|N|||F"));
        assertThat(town.patient().traits().birthPlace()).isNull();
        for (String place : new String[] {"PARIS 14E", "75 PARIS", "7505"}) { // a review: towns with numbers
            String[] other = f.clone();
            other[23] = place;
            SourceDocument d = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "M-P", String.join("|", other),
                    "OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L|3.9-6.1|N|||F"));
            assertThat(d.patient().traits().birthPlace()).as(place).isNull();
        }
        String[] withCode = f.clone();
        withCode[23] = "13055";
        SourceDocument code = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "M-P", String.join("|", withCode),
                "OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L|3.9-6.1|N|||F"));
        assertThat(code.patient().traits().birthPlace()).isEqualTo("13055");
    }

    /** HL7 table 0271: an MDM whose TXA-17 says the document is in progress (a draft) was stored as the current version. */
    @Test
    void aDocumentNotFinishedIsRefused() {
        String message = new MdmBuilder().patient(MdmReaderTest.PATIENT).documentId("CR-IP").typeCode("11488-4")
                .pdf(MdmReaderTest.PDF).build();
        for (String status : new String[] {"IP", "IN", "DI"}) {
            SourceDocument doc = (SourceDocument) read(withTxa17(message, status));
            assertThat(doc.problems()).as(status).extracting(p -> p.reason()).containsExactly(ReasonCode.METADATA_INVALID);
            assertThat(doc.problems().get(0).detail()).contains("TXA-17").contains(status);
        }
        // round 28's left item: a repetition whose second value is a draft was taken as authenticated
        SourceDocument repeated = (SourceDocument) read(withTxa17(message, "AU~IP"));
        assertThat(repeated.problems()).extracting(p -> p.reason()).containsExactly(ReasonCode.METADATA_INVALID);
        assertThat(repeated.problems().get(0).detail()).contains("TXA-17 document completion status IP");
        for (String status : new String[] {"AU", "LA", "PA", "DO", "", "AU~LA"}) {
            assertThat(((SourceDocument) read(withTxa17(message, status))).problems()).as(status).isEmpty();
        }
    }

    private static String withTxa17(String message, String status) {
        return withTxa(message, 17, status);
    }

    /** Round 29, a tester: HL7 table 0272's U ("usual control") in TXA-18 refused every routine report; it is the DMP's N. */
    @Test
    void txa18UsualControlIsTheNormalLevel() {
        String message = new MdmBuilder().patient(MdmReaderTest.PATIENT).documentId("CR-U").typeCode("11488-4")
                .pdf(MdmReaderTest.PDF).build();
        SourceDocument usual = (SourceDocument) read(withTxa(message, 18, "U"));
        assertThat(usual.problems()).isEmpty();
        assertThat(usual.meta().confidentiality()).containsExactly("N");
        assertThat(((SourceDocument) read(withTxa(message, 18, "V"))).meta().confidentiality()).containsExactly("V");
        // an attacker: every repetition is read, none dropped (R6)
        assertThat(((SourceDocument) read(withTxa(message, 18, "N~MASQUE_PS"))).meta().confidentiality())
                .containsExactly("N", "MASQUE_PS");
        assertThat(((SourceDocument) read(withTxa(message, 18, "N~V"))).meta().confidentiality()).containsExactly("N", "V");
        assertThat(((SourceDocument) read(withTxa(message, 18, "~V"))).meta().confidentiality()).containsExactly("V");
    }

    /** A review, round 29: an MDM's TXA-18 N beside its CDA's V made two levels, refused; the stricter level holds (R6). */
    @Test
    void aMessagesLevelBesideItsCdasKeepsTheStricterOne() {
        assertThat(Hl7EmbeddedDocument.withMessageFlags(List.of("V"), List.of("N"))).containsExactly("V");
        assertThat(Hl7EmbeddedDocument.withMessageFlags(List.of("N"), List.of("R", "MASQUE_PS"))).containsExactly("R", "MASQUE_PS");
        assertThat(Hl7EmbeddedDocument.withMessageFlags(List.of(), List.of("N"))).containsExactly("N");
        assertThat(Hl7EmbeddedDocument.withMessageFlags(List.of("R", "INVISIBLE_PATIENT"), List.of("R"))).containsExactly("R", "INVISIBLE_PATIENT");
        String cda = new fr.dmp.ingest.tools.generate.CdaBuilder().patient(MdmReaderTest.PATIENT).id("1.2.250.1.213.1.1.9", "CDA-V")
                .version("SET-CDA-V", 1).confidentiality("V").type("34874-8", "CR opératoire", "Compte rendu opératoire")
                .sections(List.<String[]>of(new String[] {"10219-4", "Intervention", "Cholécystectomie"})).build();
        String message = new MdmBuilder().patient(MdmReaderTest.PATIENT).documentId("CDA-V").typeCode("34874-8").cda(cda).build();
        SourceDocument doc = (SourceDocument) read(withTxa(message, 18, "U"));
        assertThat(doc.problems()).isEmpty();
        assertThat(doc.meta().confidentiality()).containsExactly("V");
    }

    private static String withTxa(String message, int field, String status) {
        StringBuilder out = new StringBuilder();
        for (String segment : message.split("\r")) {
            if (segment.startsWith("TXA|")) {
                String[] f = segment.split("\\|", -1);
                String[] g = java.util.Arrays.copyOf(f, Math.max(f.length, field + 1));
                for (int i = 0; i < g.length; i++) {
                    g[i] = g[i] == null ? "" : g[i];
                }
                g[field] = status;
                segment = String.join("|", g);
            }
            out.append(segment).append('\r');
        }
        return out.toString();
    }

    /**
     * Round 32, a tester on CDC's ELR fixtures (Epic, Mayo, LabWare): tests coded only in OBR-4's alternate triplet
     * ({@code ^^^VR01746^...^L}) had no test in their set, so an influenza report of the same order replaced the COVID one.
     */
    @Test
    void aTestCodedOnlyInTheAlternateTripletVersionsItsOwnReport() {
        String obx = "OBX|1|CWE|94500-6^SARS-CoV-2 RNA^LN||260385009^Negatif^SCT||||||F";
        SourceDocument covid = (SourceDocument) read(oru("2.5.1", "UNICODE UTF-8", "M-A1", PID, obx)
                .replace("24331-1^Bilan lipidique^LN", "^^^VR01746^2019 NOVEL CORONAVIRUS PCR-EUA^L"));
        SourceDocument flu = (SourceDocument) read(oru("2.5.1", "UNICODE UTF-8", "M-A2", PID, obx)
                .replace("24331-1^Bilan lipidique^LN", "^^^VR01801^INFLUENZA A AND B PCR^L"));
        assertThat(fr.dmp.ingest.store.DocumentIds.setOf(covid.meta(), "u1")).endsWith("|tests:VR01746");
        assertThat(fr.dmp.ingest.store.DocumentIds.setOf(flu.meta(), "u2")).endsWith("|tests:VR01801");
        assertThat(covid.meta().title()).isEqualTo("2019 NOVEL CORONAVIRUS PCR-EUA");
        // blank lines (blanks on them too, an attacker) before MSH are no item of the file
        assertThat(read("  \t\r\n\r\n" + oru("2.5.1", "UNICODE UTF-8", "M-B", PID, obx))).isInstanceOf(SourceDocument.class);
        SourceDocument both = (SourceDocument) read(oru("2.5.1", "UNICODE UTF-8", "M-A3", PID, obx)
                .replace("24331-1^Bilan lipidique^LN", "COV19^Covid^L^94500-6^SARS-CoV-2^LN"));
        assertThat(fr.dmp.ingest.store.DocumentIds.setOf(both.meta(), "u3")).as("the first triplet first, as before")
                .endsWith("|tests:COV19");
    }
}
