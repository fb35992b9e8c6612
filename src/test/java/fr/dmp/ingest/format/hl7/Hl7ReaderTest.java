package fr.dmp.ingest.format.hl7;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.Unreadable;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Hl7ReaderTest {

    private static final ReadContext CONTEXT = new ReadContext(StandardCharsets.ISO_8859_1, ZoneId.of("Europe/Paris"));
    private final Hl7Reader reader = new Hl7Reader();

    static String oru(String version, String charset, String controlId, String pid, String obx) {
        return "MSH|^~\\&|GLIMS|LABO-ALPHA^1.2.250.1.71.4.2.2.1^ISO|DMP|DMP|20261120101500+0100||ORU^R01^ORU_R01|"
                + controlId + "|P|" + version + "|||||FRA|" + charset + "\r"
                + pid + "\r"
                + "OBR|1|CMD-1|RES-1|24331-1^Bilan lipidique^LN|||20261120080000+0100|||||||||||||||20261120100000+0100|||F\r"
                + obx + "\r";
    }

    static final String PID = "PID|1||279035121518989^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.10&ISO^INS~12345^^^HOPITAL&1.2.250.1.71.4.2.2.1&ISO^PI||"
            + "ÉLODIE-TEST^Zoé^Zoé Anne^^^^L~MARTIN^Zoé^^^^^D||19790315|F|||^^^^^^BDL^^75056|||||||||||||||||||||QUAL";
    static final String OBX = "OBX|1|NM|2093-3^Cholestérol total^LN||5.2|mmol/L|3.5-6.5|N|||F|||20261120080000+0100\r"
            + "OBX|2|TX|LAB-COMMENT^Commentaire^L||Résultat \\F\\ contrôlé\\.br\\2e ligne||||||F";

    private List<ReadItem> read(byte[] bytes) {
        return reader.read(new InputFile("x.hl7", bytes, null), CONTEXT);
    }

    /** Round 9, a hostile sender: what MSH-9 holds is named in a refusal only when it is an HL7 code, never a name or an INS. */
    @Test
    void aMessageTypeThatIsNoCodeIsNotEchoed() {
        for (String type : new String[] {"LEAKPRENOM^269052A12345688", "ZZZ^269052A12345688^X"}) {
            Unreadable u = (Unreadable) read(oru("2.5", "UNICODE UTF-8", "M-9", PID, OBX).replace("ORU^R01^ORU_R01", type)
                    .getBytes(StandardCharsets.UTF_8)).get(0);
            assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
            assertThat(u.rejection().detail()).doesNotContain("269052A12345688").doesNotContain("LEAKPRENOM");
        }
        Unreadable ack = (Unreadable) read(oru("2.5", "UNICODE UTF-8", "M-9", PID, OBX).replace("ORU^R01^ORU_R01", "ACK^R01")
                .getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(ack.rejection().detail()).contains("ACK^R01"); // a code is still named
    }

    /**
     * Round 14, a transfer tester: a file taken while a sender was still writing it was stored, its last result cut
     * ("OBX|1|NM|2345-7^Glucos") and the results after it lost. A message whose bytes stop inside an OBX (no result
     * status, no segment terminator) is FORMAT_CORRUPT; a complete message without its final terminator is read.
     */
    @Test
    void aMessageCutInsideItsLastResultIsRefusedAndOneWithoutItsFinalTerminatorIsRead() {
        String whole = oru("2.5", "UNICODE UTF-8", "M-14", PID, OBX);
        String cut = whole.substring(0, whole.indexOf("OBX|1|NM|2093-3^Cholest") + "OBX|1|NM|2093-3^Cholest".length());
        Unreadable u = (Unreadable) read(cut.getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(u.rejection().detail()).contains("cut short");

        String cutInTheValue = whole.substring(0, whole.indexOf("|5.2|") + 3);
        assertThat(read(cutInTheValue.getBytes(StandardCharsets.UTF_8)).get(0)).isInstanceOf(Unreadable.class);

        // the retest: cut just after the letters of the last segment's name
        for (String end : new String[] {"\rOBX", "\rOB", "\rO", "\nOBX"}) {
            String afterAName = whole.substring(0, whole.lastIndexOf("\rOBX|2")) + end;
            assertThat(read(afterAName.getBytes(StandardCharsets.UTF_8)).get(0)).as(end).isInstanceOf(Unreadable.class);
        }

        // round 32, dcm4che's ORU with a PDF: base64 broken over lines, its last line no segment, was said "cut short"
        String brokenBase64 = oru("2.5", "UNICODE UTF-8", "M-32", PID,
                "OBX|1|ED|PDF^Compte rendu^L||^application^pdf^Base64^JVBERi0xLjQK\rJVBERi0xLjQKJVBERi0xLjQK");
        Unreadable broken = (Unreadable) read(brokenBase64.substring(0, brokenBase64.length() - 1).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(broken.rejection().detail()).startsWith("its last line is no HL7 segment").contains("base64");
        Unreadable ended = (Unreadable) read(brokenBase64.getBytes(StandardCharsets.UTF_8)).get(0); // with its final CR (an attacker)
        assertThat(ended.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(ended.rejection().detail()).contains("a line is no HL7 segment").contains("base64");

        String noFinalTerminator = whole.substring(0, whole.length() - 1);
        assertThat(read(noFinalTerminator.getBytes(StandardCharsets.UTF_8)).get(0)).isNotInstanceOf(Unreadable.class);
        String lfOnly = whole.replace('\r', '\n');
        assertThat(read(lfOnly.getBytes(StandardCharsets.UTF_8)).get(0)).isNotInstanceOf(Unreadable.class);
    }

    /** Round 12, a writer of dates: HL7's explicit null {@code ""} (2.5.3) is no value, not an unparseable time. */
    @Test
    void anExplicitNullTimeIsAbsentAndTheNextTimeIsTaken() {
        String oru = oru("2.5", "UNICODE UTF-8", "M-12", PID, OBX).replace("20261120100000+0100|||F", "\"\"|||F");
        SourceDocument doc = (SourceDocument) read(oru.getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(doc.problems()).isEmpty();
        assertThat(doc.meta().creationTime()).isEqualTo(Instant.parse("2026-11-20T07:00:00Z")); // OBR-7, OBR-22 being null
        String nullBirth = oru("2.5", "UNICODE UTF-8", "M-13", PID.replace("||19790315|F|", "||\"\"|F|"), OBX);
        SourceDocument noBirth = (SourceDocument) read(nullBirth.getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(noBirth.problems()).noneMatch(r -> r.reason() == ReasonCode.DATE_INVALID);
        assertThat(noBirth.patient().traits().birthDate()).isNull();
    }

    @Test
    void aBirthDateKnownOnlyToTheYearOrTheMonthIsRead() {
        // round 9: a patient born abroad whose civil status holds only a year (HL7 DTM precision, or zeros)
        for (String[] c : new String[][] {{"1961", "1961"}, {"19610000", "1961"}, {"196105", "1961-05"}, {"19610500", "1961-05"}}) {
            byte[] bytes = oru("2.5", "UNICODE UTF-8", "MSG-1", PID.replace("|19790315|", "|" + c[0] + "|"), OBX)
                    .getBytes(StandardCharsets.UTF_8);
            SourceDocument doc = (SourceDocument) read(bytes).get(0);
            assertThat(doc.problems()).as(c[0]).isEmpty();
            assertThat(doc.patient().traits().birthDate()).as(c[0]).hasToString(c[1]);
        }
        byte[] bad = oru("2.5", "UNICODE UTF-8", "MSG-1", PID.replace("|19790315|", "|19610005|"), OBX).getBytes(StandardCharsets.UTF_8);
        assertThat(((SourceDocument) read(bad).get(0)).problems()).extracting(r -> r.reason()).containsExactly(ReasonCode.DATE_INVALID);
    }

    /** HL7 table 0085: a sender may flag a corrected result on its OBX alone (round 27, a tester): the report is a correction. */
    @Test
    void aResultFlaggedCorrectedMakesTheReportACorrection() {
        String corrected = OBX.replaceFirst("\\|N\\|\\|\\|F\\|", "|N|||C|");
        assertThat(corrected).isNotEqualTo(OBX);
        SourceDocument doc = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "MSG-1", PID, corrected)
                .getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(doc.meta().resultStatus()).isEqualTo("C");
        SourceDocument plain = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "MSG-1", PID, OBX)
                .getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(plain.meta().resultStatus()).isEqualTo("F");
    }

    @Test
    void readsAnOruWithIdentityTraitsAndObservations() {
        byte[] bytes = oru("2.5", "UNICODE UTF-8", "MSG-1", PID, OBX).getBytes(StandardCharsets.UTF_8);
        List<ReadItem> items = read(bytes);
        assertThat(items).hasSize(1);
        SourceDocument doc = (SourceDocument) items.get(0);
        assertThat(doc.problems()).isEmpty();
        assertThat(doc.messageType()).isEqualTo("ORU^R01");
        assertThat(doc.patient().identifiers()).extracting(i -> i.oid())
                .containsExactly("1.2.250.1.213.1.4.10", "1.2.250.1.71.4.2.2.1");
        assertThat(doc.patient().statedStatus()).isEqualTo("QUAL");
        assertThat(doc.patient().traits().birthName()).isEqualTo("ÉLODIE-TEST");
        assertThat(doc.patient().traits().firstNames()).containsExactly("Zoé", "Anne");
        assertThat(doc.patient().traits().birthDate()).isEqualTo(BirthDate.of(LocalDate.of(1979, 3, 15)));
        assertThat(doc.patient().traits().birthPlace()).isEqualTo("75056");
        assertThat(doc.meta().messageId()).isEqualTo("MSG-1");
        assertThat(doc.meta().creationTime()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
        assertThat(doc.meta().resultStatus()).isEqualTo("F");
        assertThat(doc.observations()).hasSize(2);
        assertThat(doc.observations().get(0).numericValue()).isEqualByComparingTo("5.2");
        assertThat(doc.observations().get(0).display()).isEqualTo("Cholestérol total");
        assertThat(doc.observations().get(1).value()).isEqualTo("Résultat | contrôlé\n2e ligne");
        assertThat(doc.content().bytes()).isEqualTo(bytes);
        assertThat(doc.content().text()).contains("Cholestérol total : 5.2 mmol/L (3.5-6.5) [N]");
    }

    @Test
    void aFirstNameOfTwoWordsInPid52StaysOneFirstNameWhateverPid53Repeats() {
        // ins.md (second round): the first names are a list; "Marie Claire" is one first name (issue 14 part 2)
        for (String pid5 : List.of("FICTIF^Marie Claire^Marie Claire Anne^^^^L", "FICTIF^Marie Claire^Anne^^^^L",
                "FICTIF^Marie Claire^Marie Claire, Anne^^^^L", "FICTIF^Marie Claire^marie-claire Anne^^^^L")) {
            String pid = PID.replace("ÉLODIE-TEST^Zoé^Zoé Anne^^^^L", pid5);
            SourceDocument doc = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "MSG-MC", pid, OBX)
                    .getBytes(StandardCharsets.UTF_8)).get(0);
            assertThat(doc.patient().traits().firstNames()).as(pid5).containsExactly("Marie Claire", "Anne");
        }
        // a list written with commas keeps a two-word first name after the first one too
        String pid = PID.replace("ÉLODIE-TEST^Zoé^Zoé Anne^^^^L", "FICTIF^Zoé^Zoé,Anne Sophie,Claire^^^^L");
        SourceDocument doc = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "MSG-MC2", pid, OBX)
                .getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(doc.patient().traits().firstNames()).containsExactly("Zoé", "Anne Sophie", "Claire");
    }

    @Test
    void decodesIso88591DeclaredInMsh18() {
        byte[] bytes = oru("2.3", "8859/1", "MSG-2", PID, OBX).getBytes(StandardCharsets.ISO_8859_1);
        SourceDocument doc = (SourceDocument) read(bytes).get(0);
        assertThat(doc.patient().traits().birthName()).isEqualTo("ÉLODIE-TEST");
        assertThat(doc.observations().get(0).display()).isEqualTo("Cholestérol total");
    }

    @Test
    void theBirthNameIsTheLegalRepetitionNeverAUsageNameAlone() {
        // round 17: a PID-5 holding only a usage name (type D) opened a dossier with it as the birth name
        String usageFirst = PID.replace("ÉLODIE-TEST^Zoé^Zoé Anne^^^^L~MARTIN^Zoé^^^^^D", "MARTIN^Zoé^^^^^D~ÉLODIE-TEST^Zoé^Zoé Anne^^^^L");
        assertThat(traitsOf(usageFirst).birthName()).isEqualTo("ÉLODIE-TEST");
        String usageOnly = PID.replace("ÉLODIE-TEST^Zoé^Zoé Anne^^^^L~MARTIN^Zoé^^^^^D", "MARTIN^Zoé^^^^^D");
        assertThat(traitsOf(usageOnly).birthName()).isNull();
        assertThat(traitsOf(usageOnly).firstNames()).isEmpty();
        String maiden = PID.replace("ÉLODIE-TEST^Zoé^Zoé Anne^^^^L~MARTIN^Zoé^^^^^D", "MARTIN^Zoé^^^^^D~ÉLODIE-TEST^Zoé^^^^^M");
        assertThat(traitsOf(maiden).birthName()).isEqualTo("ÉLODIE-TEST");
        String untyped = PID.replace("ÉLODIE-TEST^Zoé^Zoé Anne^^^^L~MARTIN^Zoé^^^^^D", "ÉLODIE-TEST^Zoé");
        assertThat(traitsOf(untyped).birthName()).isEqualTo("ÉLODIE-TEST");
    }

    private fr.dmp.ingest.domain.Traits traitsOf(String pid) {
        return ((SourceDocument) read(oru("2.5", "UNICODE UTF-8", "NAMES", pid, OBX).getBytes(StandardCharsets.UTF_8)).get(0))
                .patient().traits();
    }

    @Test
    void utf8BytesDeclared8859AreRefusedNeverReadAsMojibake() {
        // round 17, an independent tester: LECŒUR in UTF-8 under MSH-18 8859/1 opened a dossier named LECÅ’UR
        for (String charset : new String[] {"8859/1", "8859/15", "ISO-8859-1", "CP1252"}) {
            byte[] bytes = oru("2.5", charset, "MOJI", PID.replace("ÉLODIE-TEST", "LECŒUR-TEST"), OBX)
                    .getBytes(StandardCharsets.UTF_8);
            ReadItem item = read(bytes).get(0);
            assertThat(item).as(charset).isInstanceOf(Unreadable.class);
            assertThat(((Unreadable) item).rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
            assertThat(((Unreadable) item).rejection().detail()).contains("UTF-8").doesNotContain("LEC");
        }
        // the same text declared UTF-8, or undeclared, is read as it is written
        assertThat(((SourceDocument) read(oru("2.5", "UNICODE UTF-8", "MOJI", PID.replace("ÉLODIE-TEST", "LECŒUR-TEST"), OBX)
                .getBytes(StandardCharsets.UTF_8)).get(0)).patient().traits().birthName()).isEqualTo("LECŒUR-TEST");
        assertThat(((SourceDocument) read(oru("2.5", "", "MOJI", PID.replace("ÉLODIE-TEST", "LECŒUR-TEST"), OBX)
                .getBytes(StandardCharsets.UTF_8)).get(0)).patient().traits().birthName()).isEqualTo("LECŒUR-TEST");
    }

    /** Round 37, a tester on Google's examples: in TX each repetition is a line, "A~~B" a blank line between; ST's are not. */
    @Test
    void anEmptyRepetitionInTextIsABlankLine() throws Exception {
        String obx = "OBX|1|TX|LAB-COMMENT^Commentaire^L||RADIO THORAX~~CHEVILLE 9/20/2012.~~~INDICATION||||||F\r"
                + "OBX|2|ST|2951-2^Sodium^LN||140~~||||||F";
        SourceDocument doc = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "TX-BLANK", PID, obx).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(doc.observations().get(0).value()).isEqualTo("RADIO THORAX\n\nCHEVILLE 9/20/2012.\n\n\nINDICATION");
        assertThat(doc.observations().get(1).value()).isEqualTo("140");
    }

    /**
     * Round 25, a tester on the ANS guide: its header example declares 8859/15 and its text has "’"; typed on Windows,
     * that is the byte 0x92, a control in ISO 8859-15. Refused as before, but the detail said "NUL or similar".
     */
    @Test
    void aWindowsByteUnderAnotherLatinCharsetIsNamedWithWhatItIsInWindows1252() {
        String obx = "OBX|1|TX|LAB-COMMENT^Commentaire^L||CR d’imagerie||||||F";
        byte[] bytes = oru("2.5", "8859/15", "W15", PID, obx).getBytes(Charset.forName("windows-1252"));
        Unreadable refused = (Unreadable) read(bytes).get(0);
        assertThat(refused.rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
        assertThat(refused.rejection().detail()).contains("U+0092").contains("ISO-8859-15").contains("\"’\"")
                .doesNotContain("NUL").doesNotContain("imagerie").doesNotContain("ÉLODIE");
    }

    @Test
    void latin1DeclaredOrDefaultWithWindowsBytesIsReadAsWindows1252() {
        // text typed on Windows (’ œ € as 0x92 0x9C 0x80) in a message labelled 8859/1, or with no MSH-18: C1 control
        // characters in ISO-8859-1, never meant as such (WHATWG reads every Latin-1 label as windows-1252)
        String obx = "OBX|1|TX|LAB-COMMENT^Commentaire^L||l’œdème coûte 5 €||||||F";
        for (String charset : new String[] {"8859/1", "ISO-8859-1", ""}) {
            byte[] bytes = oru("2.5", charset, "W", PID, obx).getBytes(Charset.forName("windows-1252"));
            SourceDocument doc = (SourceDocument) read(bytes).get(0);
            assertThat(doc.observations().get(0).value()).as(charset).isEqualTo("l’œdème coûte 5 €");
            assertThat(doc.patient().traits().birthName()).isEqualTo("ÉLODIE-TEST");
        }
        // Mac Roman mislabelled 8859/1 (é 0x8E, ô 0x99 inside a word): letters, not Windows punctuation; refused as
        // before, never read as other letters (review: "HŽl™ne" would have been fed)
        byte[] mac = oru("2.5", "8859/1", "M", PID.replace("ÉLODIE-TEST", "ELODIE-TEST"), "OBX|1|TX|LAB-COMMENT^Commentaire^L||H"
                + "\u00e9l\u00f4ne||||||F").getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < mac.length; i++) {
            mac[i] = switch (mac[i] & 0xFF) {
                case 0xE9 -> (byte) 0x8E;
                case 0xF4 -> (byte) 0x99;
                default -> mac[i];
            };
        }
        assertThat(read(mac).get(0)).isInstanceOf(Unreadable.class);
        assertThat(((Unreadable) read(mac).get(0)).rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
        // a bare "8859" says no part of ISO 8859: refused, named
        Unreadable u = (Unreadable) read(oru("2.5", "8859", "W", PID, obx).getBytes(Charset.forName("windows-1252"))).get(0);
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
    }

    @Test
    void mllpFramesAndADosEndOfFileAreTransportNotMessage() {
        // HL7 v2 MLLP: VT message FS CR, as a listener dumping its frames writes them; SUB ends old DOS exports
        String one = oru("2.5", "UNICODE UTF-8", "F1", PID, OBX);
        String two = oru("2.5", "UNICODE UTF-8", "F2", PID, OBX);
        byte[] bytes = ("\u000B" + one + "\u001C\r\u000B" + two + "\u001C\r\u001A").getBytes(StandardCharsets.UTF_8);
        List<ReadItem> items = read(bytes);
        assertThat(items).hasSize(2).allSatisfy(i -> assertThat(i).isInstanceOf(SourceDocument.class));
        SourceDocument first = (SourceDocument) items.get(0);
        assertThat(first.problems()).isEmpty();
        assertThat(first.meta().messageId()).isEqualTo("F1");
        assertThat(new String(first.content().bytes(), StandardCharsets.UTF_8)).isEqualTo(one);
        assertThat(((SourceDocument) items.get(1)).meta().messageId()).isEqualTo("F2");
    }

    @Test
    void msh18UnicodeOfTable0211IsReadAsUtf8() {
        SourceDocument doc = (SourceDocument) read(oru("2.5", "UNICODE", "U", PID, OBX).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(doc.patient().traits().birthName()).isEqualTo("ÉLODIE-TEST");
        Unreadable latin = (Unreadable) read(oru("2.5", "UNICODE", "U", PID, OBX).getBytes(StandardCharsets.ISO_8859_1)).get(0);
        assertThat(latin.rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
    }

    @Test
    void withoutMsh18IsoBytesFallBackToTheFeedCharsetAndUtf8IsRecognised() {
        byte[] iso = oru("2.4", "", "MSG-3", PID, OBX).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(((SourceDocument) read(iso).get(0)).patient().traits().firstNames()).first().isEqualTo("Zoé");
        byte[] utf8 = oru("2.6", "", "MSG-4", PID, OBX).getBytes(StandardCharsets.UTF_8);
        assertThat(((SourceDocument) read(utf8).get(0)).patient().traits().firstNames()).first().isEqualTo("Zoé");
    }

    @Test
    void declaredUtf8WithInvalidBytesIsEncodingInvalid() {
        byte[] bytes = oru("2.5", "UNICODE UTF-8", "MSG-5", PID, OBX).getBytes(Charset.forName("ISO-8859-1"));
        Unreadable u = (Unreadable) read(bytes).get(0);
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
    }

    @Test
    void nulBytesAreEncodingInvalid() {
        byte[] bytes = oru("2.5", "", "MSG-6", PID, OBX.replace("Résultat", "R\0sultat")).getBytes(StandardCharsets.UTF_8);
        assertThat(((Unreadable) read(bytes).get(0)).rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
    }

    /** Round 11 (an independent writer of encodings): an export padded with NUL bytes to its block size after the last segment. */
    @Test
    void nulPaddingAfterTheLastSegmentIsTransportNotMessage() {
        String one = oru("2.5", "UNICODE UTF-8", "PAD", PID, OBX);
        byte[] text = one.getBytes(StandardCharsets.UTF_8);
        byte[] padded = java.util.Arrays.copyOf(text, 512 * (text.length / 512 + 1));
        SourceDocument doc = (SourceDocument) read(padded).get(0);
        assertThat(doc.problems()).isEmpty();
        assertThat(new String(doc.content().bytes(), StandardCharsets.UTF_8)).isEqualTo(one);
    }

    /** Round 11: MSH-1 chooses the field separator (HL7 v2.5 chapter 2, MSH-1); a lab sent {@code !}. */
    @Test
    void anotherFieldSeparatorIsReadFromMsh1() {
        String bang = oru("2.5", "UNICODE UTF-8", "BANG", PID, OBX).replace('|', '!');
        SourceDocument doc = (SourceDocument) read(bang.getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(doc.problems()).isEmpty();
        assertThat(doc.meta().messageId()).isEqualTo("BANG");
        assertThat(doc.patient().traits().birthName()).isEqualTo("ÉLODIE-TEST");
        assertThat(doc.patient().identifiers()).extracting(i -> i.value()).contains("279035121518989");
    }

    /** Round 11: a 7-bit sender writes the é of a name as a hexadecimal escape (HL7 v2.5 2.7.5), in either character set. */
    @Test
    void hexadecimalEscapesInANameAreUndone() {
        String latin = oru("2.5", "8859/1", "HEX1", PID.replace("^Zoé^Zoé Anne^", "^M\\XE9\\lanie^^"), OBX);
        SourceDocument one = (SourceDocument) read(latin.getBytes(StandardCharsets.ISO_8859_1)).get(0);
        assertThat(one.patient().traits().firstNames()).first().isEqualTo("Mélanie");
        String utf8 = oru("2.5", "UNICODE UTF-8", "HEX2", PID.replace("ÉLODIE-TEST", "B\\XC3A9\\RANGER"), OBX);
        SourceDocument two = (SourceDocument) read(utf8.getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(two.patient().traits().birthName()).isEqualTo("BéRANGER");
    }

    @Test
    void severalMessagesInOneFileAreSeveralItemsAndABatchEnvelopeIsDropped() {
        String file = "FHS|^~\\&|GLIMS\r\nBHS|^~\\&|GLIMS\r\n"
                + oru("2.5", "UNICODE UTF-8", "A", PID, OBX).replace('\r', '\n')
                + "MSH|^~\\&|GLIMS|LABO|DMP|DMP|2026112010\r"
                + oru("2.5", "UNICODE UTF-8", "C", PID, OBX)
                + "BTS|2\rFTS|1\r";
        List<ReadItem> items = read(file.getBytes(StandardCharsets.UTF_8));
        assertThat(items).hasSize(3);
        assertThat(items.get(0)).isInstanceOf(SourceDocument.class);
        assertThat(items.get(1)).isInstanceOf(Unreadable.class);
        assertThat(((Unreadable) items.get(1)).rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(items.get(2)).isInstanceOf(SourceDocument.class);
        assertThat(items).extracting(ReadItem::index).containsExactly(1, 2, 3);
    }

    @Test
    void unescapedComponentSeparatorInFreeTextIsJoinedBackAndCounted() {
        String obx = "OBX|1|ST|LAB-COMMENT^Commentaire^L||Hémolyse ^ légère||||||F";
        SourceDocument doc = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "R", PID, obx).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(doc.observations().get(0).value()).isEqualTo("Hémolyse ^ légère");
        assertThat(doc.repairs()).isEqualTo(1);
    }

    @Test
    void anObxWithoutValueTypeIsReadAsTextNotRefused() {
        // HL7 v2.5 OBX-2 is conditional (required when OBX-5 is valued); some senders leave it empty or write a
        // type outside table 0125: the value is kept as text (ST), never parsed as a number
        String obx = "OBX|1||5195-3^Hépatite B Ag HBs^LN||Négatif||||||F\r"
                + "OBX|2|NUM|2093-3^Cholestérol total^LN||5,2|mmol/L|||||F";
        SourceDocument doc = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "O2", PID, obx).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(doc.problems()).isEmpty();
        assertThat(doc.observations()).extracting(o -> o.value()).containsExactly("Négatif", "5,2");
        assertThat(doc.observations()).extracting(o -> o.numericValue()).containsOnlyNulls();
        assertThat(doc.observations()).extracting(o -> o.valueType()).containsExactly("ST", "NUM");
        assertThat(doc.content().text()).contains("Hépatite B Ag HBs : Négatif");
    }

    @Test
    void anUntypedObxCarryingBase64IsRefusedNotKeptAsAResultsText() { // review: the document's bytes would be a result's value
        String pdf = java.util.Base64.getEncoder().encodeToString(("%PDF-1.7\n" + "0123456789".repeat(60)).getBytes(StandardCharsets.US_ASCII));
        for (String obx : List.of("OBX|1||11502-2^CR d'examens biologiques^LN||^application^pdf^Base64^" + pdf + "||||||F",
                "OBX|1|ZZ|11502-2^CR d'examens biologiques^LN||" + pdf + "||||||F",
                "OBX|1|TX|11502-2^CR d'examens biologiques^LN||" + pdf + "||||||F",
                "OBX|1|FT|11502-2^CR d'examens biologiques^LN||Compte rendu joint :\\.br\\" + pdf + "||||||F")) {
            ReadItem item = read(oru("2.5", "UNICODE UTF-8", "B64", PID, obx).getBytes(StandardCharsets.UTF_8)).get(0);
            assertThat(item).as(obx.substring(0, 12)).isInstanceOf(Unreadable.class);
            assertThat(((Unreadable) item).rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        }
    }

    @Test
    void aTextReportWithALongSeparatorLineIsNotTakenForBase64() {
        String obx = "OBX|1|FT|11502-2^CR d'examens biologiques^LN||Résultats\\.br\\" + "/".repeat(300) + "\\.br\\"
                + "+".repeat(300) + "\\.br\\Glycémie normale||||||F";
        ReadItem item = read(oru("2.5", "UNICODE UTF-8", "SEP", PID, obx).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(item).isInstanceOf(SourceDocument.class);
        assertThat(Hl7Fields.hasBase64Run("A".repeat(300))).isFalse();
        assertThat(Hl7Fields.hasBase64Run(java.util.Base64.getEncoder().encodeToString("Compte rendu 2026".repeat(20).getBytes(StandardCharsets.UTF_8)))).isTrue();
    }

    @Test
    void msh18IsNeverReadPastAControlByteNorEchoedWhenItNamesNoCharacterSet() { // review: a rejection could echo a name
        String framed = "MSH|^~\\&|LAB|FAC|DMP|ANS|20261201083000||ORU^R01|VT1|P|2.5\u000bPID|1||123^^^X||"
                + "MARTIN^JEANNE|GIRAUD\rOBR|1||X|1^A^L\rOBX|1|NM|2093-3^Chol^LN||5.2|mmol/L|||||F";
        for (ReadItem item : read(framed.getBytes(StandardCharsets.UTF_8))) {
            if (item instanceof Unreadable u) {
                assertThat(u.rejection().detail()).doesNotContain("GIRAUD").doesNotContain("JEANNE");
            }
        }
        assertThat(Hl7Fields.charsetNameOrLength("8859/15")).isEqualTo("8859/15");
        assertThat(Hl7Fields.charsetNameOrLength("GIRAUD")).isEqualTo("a value of 6 characters that names no character set");
    }

    @Test
    void metaDmpFlagsBecomeConfidentialityCodesNotObservations() {
        String obx = OBX + "\rOBX|3|CE|MASQUE_PS^Masqué aux PS^MetaDMPMSS||Y||||||F"
                + "\rOBX|4|CE|INVISIBLE_REP_LEGAUX^Invisible RL^MetaDMPMSS||Y||||||F"
                + "\rOBX|5|CE|INVISIBLE_PATIENT^Invisible patient^MetaDMPMSS||N||||||F";
        SourceDocument doc = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "M", PID, obx).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(doc.meta().confidentiality()).containsExactly("MASQUE_PS", "INVISIBLE_REPRESENTANTS_LEGAUX");
        assertThat(doc.observations()).hasSize(2);
    }

    @Test
    void r6_connexionSecreteIsKeptNeverDroppedSilentlyModifConfCodeIsNoFlag() { // rules.md R6, issue 15: validation refuses it
        String obx = OBX + "\rOBX|3|CE|CONNEXION_SECRETE^Connexion secrète^MetaDMPMSS||Y||||||F"
                + "\rOBX|4|CE|modif_conf_code^Modif^MetaDMPMSS||Y||||||F"
                + "\rOBX|5|CE|CONNEXION_SECRETE^Connexion secrète^MetaDMPMSS||N||||||F";
        SourceDocument doc = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "M", PID, obx).getBytes(StandardCharsets.UTF_8)).get(0);
        // a flag set to N asks for nothing; one set to Y stays, as the code it is; MODIF_CONF_CODE only says that a
        // replacement's flags (in the same message) differ from the replaced version's
        assertThat(doc.meta().confidentiality()).containsExactly("CONNEXION_SECRETE");
        assertThat(doc.observations()).hasSize(2);
    }

    @Test
    void truncatedMessageWithoutResultsIsFormatCorrupt() {
        String truncated = oru("2.5", "UNICODE UTF-8", "T", PID, OBX);
        truncated = truncated.substring(0, truncated.indexOf("OBR|") + 12);
        Unreadable u = (Unreadable) read(truncated.getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
    }

    @Test
    void anUnparseableDateIsAProblemForValidationNotACrash() {
        String pid = PID.replace("19790315", "1979-03-15");
        SourceDocument doc = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "D", pid, OBX).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(doc.problems()).extracting(p -> p.reason()).contains(ReasonCode.DATE_INVALID);
        assertThat(doc.problems().toString()).doesNotContain("1979");
    }

    /** A lab's PDF report sent in the ORU beside its results (ED after the NM): the results were dropped, only the PDF kept. */
    @Test
    void aLabsPdfReportSentWithItsResultsKeepsTheResults() throws Exception {
        byte[] pdfBytes = fr.dmp.ingest.tools.generate.PdfBuilder.render("Laboratoire Fictif", "Compte rendu de biologie",
                List.of("Cholestérol total 5,2 mmol/L", "Glycémie 6,39 mmol/L"), fr.dmp.ingest.tools.generate.PdfBuilder.Layout.LETTERHEAD);
        String pdf = java.util.Base64.getEncoder().encodeToString(pdfBytes);
        String obx = "OBX|1|NM|2093-3^Cholestérol total^LN||5.2|mmol/L|3.5-6.5|N|||F|||20261120080000+0100\r"
                + "OBX|2|NM|2345-7^Glucose^LN||6,39|mmol/L|3.9-6.1|H|||F|||20261120080000+0100\r"
                + "OBX|3|ED|11502-2^CR d'examens biologiques^LN||^AP^PDF^Base64^" + pdf + "||||||F";
        SourceDocument doc = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "PDF-RES", PID, obx).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(doc.content().mediaType()).isEqualTo("application/pdf");
        assertThat(doc.content().text()).contains("Compte rendu de biologie");
        assertThat(doc.observations()).extracting(o -> o.code()).containsExactly("2093-3", "2345-7");
        assertThat(doc.observations()).extracting(o -> o.numericValue()).allSatisfy(v -> assertThat(v).isNotNull());
    }

    /** Round 37, a tester on dcm4che's ORU: an imaging report's PDF coded 18748-4 in its OBX-3 was filed as a lab report. */
    @Test
    void anEmbeddedDocumentStatesItsTypeByItsObx3LoincCodeAndALocalCodeStatesNone() throws Exception {
        byte[] pdfBytes = fr.dmp.ingest.tools.generate.PdfBuilder.render("Centre d'imagerie Fictif", "Compte rendu",
                List.of("Radiographie du thorax de face", "Pas d'anomalie"), fr.dmp.ingest.tools.generate.PdfBuilder.Layout.LETTERHEAD);
        String pdf = java.util.Base64.getEncoder().encodeToString(pdfBytes);
        java.util.function.Function<String, SourceDocument> read = id -> {
            try {
                return (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "RX-" + id.length(), PID,
                        "OBX|1|ED|" + id + "||^AP^PDF^Base64^" + pdf + "||||||F").getBytes(StandardCharsets.UTF_8)).get(0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(read.apply("18748-4^Diagnostic Imaging Report^LN").meta().typeHints())
                .extracting(h -> h.evidence() + "=" + h.code()).startsWith("hl7:OBX-3=18748-4", "hl7:MSH-9=ORU^R01");
        assertThat(read.apply("RX^Compte rendu^L^18748-4^Imaging^LN").meta().typeHints())
                .extracting(h -> h.evidence() + "=" + h.code()).startsWith("hl7:OBX-3=18748-4", "hl7:MSH-9=ORU^R01");
        assertThat(read.apply("PDF^Compte rendu^L").meta().typeHints())
                .extracting(h -> h.evidence()).startsWith("hl7:MSH-9").doesNotContain("hl7:OBX-3");
    }

    /**
     * An independent writer's laboratory files put the specimen (SPM) right after the OBR and the results after it, as
     * many laboratory systems do; HL7's grammar then files every OBX under the SPECIMEN group. Seven of twenty were
     * refused "without any OBX result". The results are read in file order, with their comments, and a PDF among them.
     */
    @Test
    void resultsWrittenAfterTheSpecimenSegmentAreRead() throws Exception {
        String spm = "SPM|1|0318-01^LABO||SER^Sérum^HL70487|||||||||||||202611200745|202611200915\r";
        String obx = spm + "OBX|1|NM|2093-3^Cholestérol total^LN||5,2|mmol/L|3.5-6.5|N|||F|||20261120080000+0100\r"
                + "NTE|1|L|Prélèvement à jeun.\r"
                + "OBX|2|NM|2345-7^Glucose^LN||6,39|mmol/L|3.9-6.1|H|||F|||20261120080000+0100";
        SourceDocument doc = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "SPM-1", PID, obx).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(doc.observations()).extracting(o -> o.code()).containsExactly("2093-3", "2345-7");
        assertThat(doc.observations()).extracting(o -> o.seq()).containsExactly(1, 2);
        assertThat(doc.observations().get(1).numericValue()).isEqualByComparingTo("6.39");
        assertThat(doc.content().text()).contains("Prélèvement à jeun");

        byte[] pdfBytes = fr.dmp.ingest.tools.generate.PdfBuilder.render("Laboratoire Fictif", "Compte rendu de biologie",
                List.of("Cholestérol total 5,2 mmol/L"), fr.dmp.ingest.tools.generate.PdfBuilder.Layout.LETTERHEAD);
        String withPdf = obx + "\rOBX|3|ED|11502-2^CR d'examens biologiques^LN||^AP^PDF^Base64^"
                + java.util.Base64.getEncoder().encodeToString(pdfBytes) + "||||||F";
        SourceDocument pdf = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "SPM-2", PID, withPdf).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(pdf.content().mediaType()).isEqualTo("application/pdf");
        assertThat(pdf.observations()).extracting(o -> o.code()).containsExactly("2093-3", "2345-7");
    }

    /**
     * ANS "Transmission de documents CDA en HL7 v2" (ORU examples INIT_N1_N3): a lab report sent as two documents, a CDA
     * N1 and a CDA N3, in one ORU. Only the first was read and the second was lost without a word. Each is now an item;
     * two PDFs (no id of their own, one order) are refused, not guessed.
     */
    @Test
    void anOruCarryingTwoCdaDocumentsGivesTwoItemsAndTwoPdfsAreRefused() throws Exception {
        fr.dmp.ingest.tools.generate.SyntheticPatient zoe = new fr.dmp.ingest.tools.generate.SyntheticPatient("279035121518989",
                "ÉLODIE-TEST", List.of("Zoé", "Anne"), fr.dmp.ingest.domain.Sex.F, LocalDate.of(1979, 3, 15), "75056");
        java.util.function.Function<String, String> cda = id -> java.util.Base64.getEncoder().encodeToString(
                new fr.dmp.ingest.tools.generate.CdaBuilder().patient(zoe).id("1.2.250.1.213.1.1.9", id).version("SET-" + id, 1)
                        .type("11502-2", "CR d'examens biologiques", "Compte rendu de biologie").time(Instant.parse("2026-11-20T08:00:00Z"))
                        .sections(List.<String[]>of(new String[] {"18719-5", "Biochimie", "Glycémie 6,39 mmol/L"})).build()
                        .getBytes(StandardCharsets.UTF_8));
        String two = "OBX|1|ED|11502-2^CR d'examens biologiques^LN||^TEXT^XML^Base64^" + cda.apply("N1") + "||||||F\r"
                + "OBX|2|ED|11502-2^CR d'examens biologiques^LN||^TEXT^XML^Base64^" + cda.apply("N3") + "||||||F";
        byte[] file = (oru("2.5", "UNICODE UTF-8", "N1N3", PID, two) + oru("2.5", "UNICODE UTF-8", "NEXT", PID, OBX))
                .getBytes(StandardCharsets.UTF_8);
        List<ReadItem> items = read(file);
        assertThat(items).extracting(ReadItem::index).containsExactly(1, 2, 3);
        assertThat(items.subList(0, 2)).allSatisfy(i -> assertThat(i).isInstanceOf(SourceDocument.class));
        assertThat(items.subList(0, 2)).extracting(i -> ((SourceDocument) i).meta().documentId())
                .containsExactly("1.2.250.1.213.1.1.9^N1", "1.2.250.1.213.1.1.9^N3");
        assertThat(((SourceDocument) items.get(2)).meta().messageId()).isEqualTo("NEXT");

        String pdf = java.util.Base64.getEncoder().encodeToString(fr.dmp.ingest.tools.generate.PdfBuilder.render("Laboratoire Fictif",
                "Compte rendu", List.of("Glycémie 6,39 mmol/L"), fr.dmp.ingest.tools.generate.PdfBuilder.Layout.LETTERHEAD));
        String twoPdfs = "OBX|1|ED|11502-2^CR^LN||^AP^PDF^Base64^" + pdf + "||||||F\rOBX|2|ED|11502-2^CR^LN||^AP^PDF^Base64^" + pdf + "||||||F";
        ReadItem refused = read(oru("2.5", "UNICODE UTF-8", "PDF2", PID, twoPdfs).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(refused).isInstanceOf(Unreadable.class);
        assertThat(((Unreadable) refused).rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
    }

    /**
     * Two patients' results in one ORU (two PATIENT_RESULT groups, as some laboratory systems batch them): the second
     * patient's were dropped and the file archived. Each patient is a document of its own now, whose content is the
     * MSH and that patient's segments only.
     */
    @Test
    void anOruWithTheResultsOfTwoPatientsGivesOneDocumentPerPatientEachWithOnlyItsOwnSegments() {
        String second = PID.replace("279035121518989", "269052A12345688").replace("ÉLODIE-TEST^Zoé^Zoé Anne", "FICTIF^Anne^Anne") + "\r"
                + "OBR|2|CMD-2|RES-2|24331-1^Bilan lipidique^LN|||20261120080000+0100|||||||||||||||20261120100000+0100|||F\r"
                + "OBX|1|NM|2093-3^Cholestérol total^LN||6.1|mmol/L|3.5-6.5|N|||F";
        List<ReadItem> items = read(oru("2.5", "UNICODE UTF-8", "TWO", PID, OBX + "\r" + second).getBytes(StandardCharsets.UTF_8));
        assertThat(items).hasSize(2).extracting(ReadItem::index).containsExactly(1, 2);
        SourceDocument one = (SourceDocument) items.get(0);
        SourceDocument two = (SourceDocument) items.get(1);
        assertThat(one.patient().identifiers()).extracting(i -> i.value()).contains("279035121518989");
        assertThat(two.patient().identifiers()).extracting(i -> i.value()).contains("269052A12345688");
        assertThat(one.observations()).extracting(o -> o.value()).contains("5.2").doesNotContain("6.1");
        assertThat(two.observations()).extracting(o -> o.value()).containsExactly("6.1");
        String c1 = new String(one.content().bytes(), StandardCharsets.UTF_8);
        String c2 = new String(two.content().bytes(), StandardCharsets.UTF_8);
        assertThat(c1).startsWith("MSH|").doesNotContain("269052A12345688").doesNotContain("|6.1|");
        assertThat(c2).startsWith("MSH|").doesNotContain("279035121518989").doesNotContain("|5.2|");
    }
    /**
     * Round 36, a tester on CDC's trusted-intermediary messages: OBX-5 {@code ""} (HL7's explicit null) was stored as the
     * two characters, and a correction carrying it replaced a final value; SN values were stored with their carets
     * ({@code <^28}); newborn screening's grouped sub-IDs ({@code ^3^1}) lost all but their first part.
     */
    @Test
    void anExplicitNullValueIsNoValueStructuredNumbersReadAsWrittenAndGroupedSubIdsAreKept() {
        String obx = "OBX|1|NM|2345-7^Glucose^LN||\"\"|mmol/L|||||F\r"
                + "OBX|2|SN|5048-4^Titre^LN||<^28|||||F\r"
                + "OBX|3|SN|5049-2^Titre^LN||>=^1000|||||F\r"
                + "OBX|4|SN|5050-0^Ratio^LN||^1^:^128|||||F\r"
                + "OBX|5|SN|5051-8^Valeur^LN||^28|||||F\r"
                + "OBX|6|SN|5052-6^Valeur^LN||=^1,30|||||F\r"
                + "OBX|7|NM|57719-7^NBS^LN|^3^1|12|||||F\r"
                + "OBX|8|NM|57719-7^NBS^LN|1^9^1|13|||||F";
        SourceDocument d = (SourceDocument) read(oru("2.5", "UNICODE UTF-8", "M-36", PID, obx).getBytes(StandardCharsets.UTF_8)).get(0);
        List<fr.dmp.ingest.format.Observation> o = d.observations();
        assertThat(o.get(0).value()).isNull();
        assertThat(o.get(0).numericValue()).isNull();
        assertThat(o.subList(1, 6)).extracting(fr.dmp.ingest.format.Observation::value)
                .containsExactly("<28", ">=1000", "1:128", "28", "=1,30");
        assertThat(o.subList(1, 6)).extracting(fr.dmp.ingest.format.Observation::numericValue)
                .containsExactly(null, null, null, new java.math.BigDecimal("28"), new java.math.BigDecimal("1.30"));
        assertThat(o.subList(6, 8)).extracting(r -> r.grouping().subId()).containsExactly("^3^1", "1^9^1");
    }
    /** Round 36, two testers: MSH-4.2 (an OID root, a local code) was the author institution; a FINESS only, else none. */
    @Test
    void theSendingFacilityIsTheAuthorInstitutionOnlyWhenItIsAFiness() {
        java.util.function.Function<String, String> author = facility -> ((SourceDocument) read(oru("2.5", "UNICODE UTF-8", "M-36",
                PID, OBX).replace("|LABO-ALPHA^1.2.250.1.71.4.2.2.1^ISO|", "|" + facility + "|").getBytes(StandardCharsets.UTF_8))
                .get(0)).meta().authorOrg();
        assertThat(author.apply("LABO-ALPHA^1.2.250.1.71.4.2.2.1^ISO")).isNull();
        assertThat(author.apply("CH-FICTIF^XYZ-LOCAL^L")).isNull();
        assertThat(author.apply("LABO^750000001^FINESS")).isEqualTo("750000001");
        assertThat(author.apply("750000001^1.2.250.1.71.4.2.2^ISO")).isEqualTo("750000001");
    }
    /** Round 36, a tester on CDC's newborn-screening messages: an HTML rendering beside the results refused them all. */
    @Test
    void anHtmlRenderingBesideTheResultsIsNoDocumentButAloneItIsRefused() {
        String html = java.util.Base64.getEncoder().encodeToString("<html><body>Glucose 5.2</body></html>".getBytes(StandardCharsets.UTF_8));
        String ed = "OBX|3|ED|57129-9^Summary report for display^LN||^TEXT^html^Base64^" + html + "||||||F";
        ReadItem beside = read(oru("2.5", "UNICODE UTF-8", "NBS-1", PID, OBX + "\r" + ed).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(beside).isInstanceOf(SourceDocument.class);
        assertThat(((SourceDocument) beside).observations()).extracting(o -> o.code()).containsExactly("2093-3", "LAB-COMMENT");
        // an attacker: declared as a MIME type with its parameter, ED-3 empty: a rendering all the same
        String mime = "OBX|3|ED|57129-9^Summary report for display^LN||^text/HTML; charset=utf-8^^Base64^" + html + "||||||F";
        assertThat(read(oru("2.5", "UNICODE UTF-8", "NBS-3", PID, OBX + "\r" + mime).getBytes(StandardCharsets.UTF_8)).get(0))
                .isInstanceOf(SourceDocument.class);
        // an attacker: a PDF declared as an HTML rendering is no rendering: never left out unread
        String pdf = java.util.Base64.getEncoder().encodeToString(fr.dmp.ingest.tools.generate.PdfBuilder.render("Cabinet",
                "Ordonnance", List.of("Amoxicilline 1 g"), fr.dmp.ingest.tools.generate.PdfBuilder.Layout.LETTERHEAD));
        ReadItem disguised = read(oru("2.5", "UNICODE UTF-8", "NBS-4", PID, OBX + "\rOBX|3|ED|57129-9^Summary^LN||^TEXT^HTML^Base64^"
                + pdf + "||||||F").getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(disguised).isInstanceOf(Unreadable.class);
        ReadItem alone = read(oru("2.5", "UNICODE UTF-8", "NBS-2", PID, ed).getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(alone).isInstanceOf(Unreadable.class);
        assertThat(((Unreadable) alone).rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
    }
}
