package fr.dmp.ingest.format.hprim;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.format.PatientIdentifier;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.domain.Sha256;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.TypeHint;
import fr.dmp.ingest.format.Unreadable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HprimReaderTest {

    private static final ReadContext CONTEXT = new ReadContext(StandardCharsets.ISO_8859_1, ZoneId.of("Europe/Paris"));
    private static final Charset LATIN1 = StandardCharsets.ISO_8859_1;
    private static final Charset UTF8 = StandardCharsets.UTF_8;

    private final HprimReader reader = new HprimReader();

    static final String H = "H|~^\\&|HPR00042.HPR||750000101~LABO-FICTIF-ALPHA||ORU|||DMP~DMP||P|H2.2~C|202611201015";
    static final String P = "P|1|IPP123456|LAB9876|279035121518989~~~1.2.250.1.213.1.4.10~INS|ÉLODIE-TEST~Zoé~Anne||19790315|F";
    static final String OBR = "OBR|1|CMD-1|RES-1|24331-1~Bilan lipidique~LN|R|202611200800|202611200805"
            + "|||||||202611200830||||||||202611201000|||F";
    static final String OBX1 = "OBX|1|NM|2093-3~Cholestérol total~LN||5,2|mmol/L|3.5-6.5|N|||F|||202611200805";
    static final String OBX2 = "OBX|2|NM|2571-8~Triglycérides~LN||2.10|mmol/L|0,5~1,7|H|||F";
    static final String L = "L|1";

    /** Records joined with CR LF, the last one ended too. */
    static String msg(String... records) {
        return String.join("\r\n", records) + "\r\n";
    }

    static String standard() {
        return msg(H, P, OBR, OBX1, OBX2, L);
    }

    private List<ReadItem> read(byte[] bytes) {
        return reader.read(new InputFile("x.hpr", bytes, null), CONTEXT);
    }

    private List<ReadItem> read(byte[] bytes, ReadContext context) {
        return reader.read(new InputFile("x.hpr", bytes, null), context);
    }

    private SourceDocument single(byte[] bytes) {
        List<ReadItem> items = read(bytes);
        assertThat(items).hasSize(1);
        assertThat(items.get(0)).isInstanceOf(SourceDocument.class);
        return (SourceDocument) items.get(0);
    }

    /** Round 33, a tester: a report in DOS code page 850 (old lab systems) stored its units as "æmol/l", "10ü/mmü", "øC". */
    @Test
    void aReportInDosCodePage850IsReadInIt() {
        String report = String.join("\r\n", "U1", "FAUXNOM", "JEAN PIERRE", "", "", "", "28/02/1961", "1610213055001 35", "UNIT-850",
                "04/11/2026", "750000101 LABO FICTIF", "DR MEDECIN-FICTIF", "", "Prélèvement à jeun", "****LAB****",
                "RES|DFG CKD-EPI|DFG|N|92|ml/min/1,73m²|60||N|F", "RES|PLAQUETTES|PLQ|N|224|10³/mm³|150|400|N|F",
                "RES|CREATININE|CREA|N|73|µmol/l|53|97|N|F", "RES|TEMPERATURE|TEMP|N|37,8|°C|||N|F", "****FIN****", "****FINFICHIER****", "");
        SourceDocument doc = single(report.getBytes(Charset.forName("IBM850")));
        assertThat(doc.observations()).extracting(Observation::unit).containsExactly("ml/min/1,73m²", "10³/mm³", "µmol/l", "°C");
        assertThat(doc.content().text()).contains("Prélèvement à jeun");
        // the same report in ISO-8859-1 stays in it, and so does a text in it with a letter of another alphabet
        assertThat(single(report.getBytes(LATIN1)).observations()).extracting(Observation::unit)
                .containsExactly("ml/min/1,73m²", "10³/mm³", "µmol/l", "°C");
        String nordic = report.replace("FAUXNOM", "SØRENSEN");
        assertThat(single(nordic.getBytes(LATIN1)).content().text()).contains("Prélèvement à jeun");
        // a review: ISO-8859-1 text with a times sign, a diameter, a German or a Danish name, nothing else accented
        String plain = String.join("\r\n", "U2", "KÖSE", "Søren", "", "", "", "28/02/1961", "1610213055001 35", "UNIT-L1",
                "04/11/2026", "750000101 LABO FICTIF", "DR MEDECIN-FICTIF", "", "NODULE Ø 8 MM, CONTRÔLE A 3 MOIS", "****LAB****",
                "RES|PLAQUETTES|PLQ|N|224|×10^9/l|150|400|N|F", "****FIN****", "");
        SourceDocument latin = single(plain.getBytes(LATIN1));
        assertThat(latin.observations()).extracting(Observation::unit).containsExactly("×10^9/l");
        assertThat(latin.content().text()).contains("NODULE Ø 8 MM, CONTRÔLE");
        assertThat(latin.patient().traits().birthName()).isEqualTo("KÖSE");
        // an attacker: a name in code page 850 and a text in ISO-8859-1 ("contrôle" read "contr¶le") is a text of two sets
        java.io.ByteArrayOutputStream two = new java.io.ByteArrayOutputStream();
        two.writeBytes(String.join("\r\n", "U3", "MARTIN", "Jérôme", "", "", "", "28/02/1961", "1610213055001 35", "TWO-SETS",
                "04/11/2026", "750000101 LABO FICTIF", "DR MEDECIN-FICTIF", "", "").getBytes(Charset.forName("IBM850")));
        two.writeBytes("Glycemie a revoir, controle: contrôle\r\n****FIN****\r\n".getBytes(LATIN1));
        ReadItem mixed = read(two.toByteArray()).get(0);
        assertThat(unreadable(mixed).rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
    }

    private Unreadable unreadable(ReadItem item) {
        assertThat(item).isInstanceOf(Unreadable.class);
        return (Unreadable) item;
    }

    // ---- a whole message ------------------------------------------------------------------------

    @Test
    void readsPatientMetadataAndObservationsOfAnIsoMessage() {
        byte[] bytes = standard().getBytes(LATIN1);
        SourceDocument doc = single(bytes);

        assertThat(doc.index()).isEqualTo(1);
        assertThat(doc.format()).isEqualTo(SourceFormat.HPRIM);
        assertThat(doc.messageType()).isEqualTo("HPRIM");
        assertThat(doc.problems()).isEmpty();
        assertThat(doc.repairs()).isZero();

        assertThat(doc.patient().identifiers()).containsExactly(
                new PatientIdentifier("IPP123456", null, null),
                new PatientIdentifier("LAB9876", null, null),
                new PatientIdentifier("279035121518989", "1.2.250.1.213.1.4.10", "INS"));
        assertThat(doc.patient().statedStatus()).isNull();
        assertThat(doc.patient().traits().birthName()).isEqualTo("ÉLODIE-TEST");
        assertThat(doc.patient().traits().firstNames()).containsExactly("Zoé", "Anne");
        assertThat(doc.patient().traits().birthDate()).isEqualTo(BirthDate.of(LocalDate.of(1979, 3, 15)));
        assertThat(doc.patient().traits().sex()).isEqualTo(Sex.F);
        assertThat(doc.patient().traits().birthPlace()).isNull();

        assertThat(doc.meta().typeHints().get(0))
                .isEqualTo(new TypeHint("HPRIM-LAB", "HPRIM-message", "HPRIM lab report", "hprim:H"));
        assertThat(doc.meta().typeHints()).extracting(TypeHint::code).containsExactly("HPRIM-LAB", "24331-1");
        assertThat(doc.meta().title()).isEqualTo("Bilan lipidique");
        assertThat(doc.meta().messageId()).isEqualTo("HPR00042.HPR");
        assertThat(doc.meta().senderApp()).isEqualTo("750000101");
        assertThat(doc.meta().senderFacility()).isEqualTo("LABO-FICTIF-ALPHA");
        assertThat(doc.meta().authorOrg()).isEqualTo("750000101");
        assertThat(doc.meta().creationTime()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z")); // OBR.23, Paris
        assertThat(doc.meta().resultStatus()).isEqualTo("F");
        assertThat(doc.meta().orderId()).isEqualTo("RES-1");

        assertThat(doc.observations()).hasSize(2);
        Observation chol = doc.observations().get(0);
        assertThat(chol.seq()).isEqualTo(1);
        assertThat(chol.valueType()).isEqualTo("NM");
        assertThat(chol.code()).isEqualTo("2093-3");
        assertThat(chol.codeSystem()).isEqualTo("LN");
        assertThat(chol.display()).isEqualTo("Cholestérol total");
        assertThat(chol.value()).isEqualTo("5,2");
        assertThat(chol.numericValue()).isEqualByComparingTo("5.2");
        assertThat(chol.unit()).isEqualTo("mmol/L");
        assertThat(chol.referenceRange()).isEqualTo("3.5-6.5");
        assertThat(chol.abnormalFlags()).isEqualTo("N");
        assertThat(chol.resultStatus()).isEqualTo("F");
        assertThat(chol.observedAt()).isEqualTo(Instant.parse("2026-11-20T07:05:00Z"));
        Observation tg = doc.observations().get(1);
        assertThat(tg.seq()).isEqualTo(2);
        assertThat(tg.referenceRange()).isEqualTo("0,5-1,7"); // low~high components
        assertThat(tg.abnormalFlags()).isEqualTo("H");
        assertThat(tg.observedAt()).isEqualTo(Instant.parse("2026-11-20T07:05:00Z")); // OBR.8, no OBX.15

        assertThat(doc.content().mediaType()).isEqualTo("application/x-hprim");
        assertThat(doc.content().bytes()).isEqualTo(bytes);
        assertThat(doc.content().sha256()).isEqualTo(Sha256.hex(bytes));
        assertThat(doc.content().text()).isEqualTo("Bilan lipidique\n"
                + "Cholestérol total : 5,2 mmol/L (3.5-6.5) [N]\n"
                + "Triglycérides : 2.10 mmol/L (0,5-1,7) [H]");
    }

    @Test
    void withoutObrDatesTheCreationTimeIsTheHRecordDate() {
        String obr = "OBR|1|CMD-1||24331-1~Bilan lipidique~LN";
        SourceDocument doc = single(msg(H, P, obr, OBX1, L).getBytes(LATIN1));
        assertThat(doc.meta().creationTime()).isEqualTo(Instant.parse("2026-11-20T09:15:00Z"));
        assertThat(doc.meta().orderId()).isEqualTo("CMD-1"); // no filler number: the placer's
    }

    @Test
    void aBirthNameInP7WinsOverTheUsualNameAndAnyOidComponentIsKept() {
        String p = "P|1||ABC-1^ABC-2|279035121518989~~~ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.8&ISO~INS"
                + "|MARTIN-USAGE~Zoé|FICTIF-NAISSANCE|19790315|M";
        SourceDocument doc = single(msg(H, p, OBR, OBX1, L).getBytes(LATIN1));
        assertThat(doc.patient().identifiers()).containsExactly(
                new PatientIdentifier("ABC-1", null, null),
                new PatientIdentifier("ABC-2", null, null),
                new PatientIdentifier("279035121518989", "1.2.250.1.213.1.4.8", "INS"));
        assertThat(doc.patient().traits().birthName()).isEqualTo("FICTIF-NAISSANCE");
        assertThat(doc.patient().traits().sex()).isEqualTo(Sex.M);
    }

    // ---- encodings ------------------------------------------------------------------------------

    @Test
    void accentsAreReadInIso88591AndInUtf8() {
        SourceDocument iso = single(standard().getBytes(LATIN1));
        SourceDocument utf8 = single(standard().getBytes(UTF8));
        for (SourceDocument doc : List.of(iso, utf8)) {
            assertThat(doc.patient().traits().birthName()).isEqualTo("ÉLODIE-TEST");
            assertThat(doc.patient().traits().firstNames()).first().isEqualTo("Zoé");
            assertThat(doc.observations().get(1).display()).isEqualTo("Triglycérides");
        }
        assertThat(utf8.content().bytes()).isEqualTo(standard().getBytes(UTF8));
        assertThat(iso.content().bytes()).isNotEqualTo(utf8.content().bytes());
    }

    @Test
    void aUtf8BomIsSkippedAndNotPartOfTheContent() {
        byte[] body = standard().getBytes(UTF8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        SourceDocument doc = single(withBom);
        assertThat(doc.patient().traits().birthName()).isEqualTo("ÉLODIE-TEST");
        assertThat(doc.content().bytes()).isEqualTo(body);
    }

    @Test
    void controlCharactersAreEncodingInvalid() {
        byte[] bytes = standard().replace("Cholestérol", "Chol\u0000stérol").getBytes(LATIN1);
        Unreadable u = unreadable(read(bytes).get(0));
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
    }

    @Test
    void aCapitalYWithDiaeresisFromWindowsSoftwareIsReadAndADosLetterIsNotGuessed() {
        // round 16: byte 0x9F (Ÿ in Windows-1252, which ISO-8859-1 lacks) was refused as a control character
        java.nio.charset.Charset cp1252 = java.nio.charset.Charset.forName("windows-1252");
        SourceDocument doc = single(standard().replace("ÉLODIE-TEST", "L’HAŸ-TEST").getBytes(cp1252));
        assertThat(doc.patient().traits().birthName()).isEqualTo("L’HAŸ-TEST");
        // 0x8A between letters: Š in Windows-1252, è in the DOS code page 850; neither is guessed
        byte[] dos = standard().replace("ÉLODIE-TEST", "MSRE-TEST").getBytes(LATIN1);
        for (int i = 0; i + 3 < dos.length; i++) {
            if (dos[i] == 'M' && dos[i + 1] == 'S' && dos[i + 2] == 'R') {
                dos[i + 1] = (byte) 0x8A;
            }
        }
        assertThat(unreadable(read(dos).get(0)).rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
    }

    @Test
    void bytesValidNeitherInUtf8NorInTheFeedCharsetAreEncodingInvalid() {
        ReadContext utf8Feed = new ReadContext(UTF8, ZoneId.of("Europe/Paris"));
        Unreadable u = unreadable(read(standard().getBytes(LATIN1), utf8Feed).get(0));
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
    }

    // ---- delimiters, continuation, comments, escapes ---------------------------------------------

    @Test
    void delimitersAreReadFromTheHRecordNotAssumed() {
        // field !, component :, repetition @, escape #, sub-component $ ; | ~ ^ \ & are plain text here
        String file = String.join("\r",
                "H!:@#$!HPR7.HPR!!750000101:LABO|ALPHA!!ORU!!!!!P!H2.2:C!202611201015",
                "P!1!IPP-1@IPP-2!!279035121518989:::1.2.250.1.213.1.4.10:INS!ÉLODIE~TEST:Zoé:Anne!!19790315!F",
                "OBR!1!CMD-9!!24331-1:Bilan^lipidique:LN",
                "OBX!1!ST!LAB-COM:Commentaire:L!!a|b~c #F# d#S#e!!!!!!F",
                "L!1") + "\r";
        SourceDocument doc = single(file.getBytes(LATIN1));
        assertThat(doc.patient().identifiers()).extracting(PatientIdentifier::value)
                .containsExactly("IPP-1", "IPP-2", "279035121518989");
        assertThat(doc.patient().identifiers().get(2).oid()).isEqualTo("1.2.250.1.213.1.4.10");
        assertThat(doc.patient().traits().birthName()).isEqualTo("ÉLODIE~TEST");
        assertThat(doc.patient().traits().firstNames()).containsExactly("Zoé", "Anne");
        assertThat(doc.meta().senderFacility()).isEqualTo("LABO|ALPHA");
        assertThat(doc.meta().title()).isEqualTo("Bilan^lipidique");
        assertThat(doc.observations().get(0).value()).isEqualTo("a|b~c ! d:e");
        assertThat(doc.observations().get(0).resultStatus()).isEqualTo("F");
    }

    @Test
    void theHl7OrderOfComponentAndRepetitionIsReadWhenDeclared() {
        // H|^~\&| declares component ^ and repetition ~, the reverse of the HPRIM habit
        String file = msg("H|^~\\&|HPR8.HPR||750000101^LABO||ORU",
                "P|1|IPP-1~IPP-2||279035121518989^^^1.2.250.1.213.1.4.10^INS|FICTIF^Zoé",
                "OBR|1|CMD-1||24331-1^Bilan lipidique^LN",
                "OBX|1|NM|2093-3^Cholestérol total^LN||5.2|mmol/L",
                L);
        SourceDocument doc = single(file.getBytes(LATIN1));
        assertThat(doc.patient().identifiers()).extracting(PatientIdentifier::value)
                .containsExactly("IPP-1", "IPP-2", "279035121518989");
        assertThat(doc.patient().traits().birthName()).isEqualTo("FICTIF");
        assertThat(doc.patient().traits().firstNames()).containsExactly("Zoé");
        assertThat(doc.observations().get(0).display()).isEqualTo("Cholestérol total");
    }

    @Test
    void anHRecordWithoutAUsableDelimiterDeclarationIsNotAMessage() {
        String file = msg("H|~~\\&|HPR.HPR", P, OBR, OBX1, L);
        List<ReadItem> items = read(file.getBytes(LATIN1));
        assertThat(items).hasSize(1);
        assertThat(unreadable(items.get(0)).rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
    }

    @Test
    void continuationLinesJoinThePreviousRecordsLastField() {
        String file = msg(H,
                "P|1|IPP123456|LAB9876|279035121518989~~~1.2.250.1.213.1.4.10~INS|ÉLODIE-",
                "A|TEST~Zoé~Anne||1979",
                "A|0315|F",
                OBR,
                "OBX|1|TX|LAB-COM~Commentaire du biologiste~L||Résultat contrôlé sur un second ",
                "A|prélèvement, conforme.||||||F",
                L);
        SourceDocument doc = single(file.getBytes(LATIN1));
        assertThat(doc.patient().traits().birthName()).isEqualTo("ÉLODIE-TEST");
        assertThat(doc.patient().traits().firstNames()).containsExactly("Zoé", "Anne");
        assertThat(doc.patient().traits().birthDate()).isEqualTo(BirthDate.of(LocalDate.of(1979, 3, 15)));
        assertThat(doc.patient().traits().sex()).isEqualTo(Sex.F);
        assertThat(doc.observations()).hasSize(1);
        Observation o = doc.observations().get(0);
        assertThat(o.value()).isEqualTo("Résultat contrôlé sur un second prélèvement, conforme.");
        assertThat(o.resultStatus()).isEqualTo("F");
        assertThat(doc.content().text()).contains("Commentaire du biologiste : Résultat contrôlé sur un second prélèvement, conforme.");
    }

    /** Round 34, a tester: a UTF-8 writer wrapping at a byte count cut "é" between a record and its A continuation. */
    @Test
    void aUtf8CharacterCutBetweenARecordAndItsContinuationIsJoined() throws Exception {
        String file = msg(H, P, OBR,
                "OBX|1|TX|LAB-COM~Commentaire du biologiste~L||Résultat contrôlé sur un second pr@",
                "A|@lèvement, conforme.||||||F", L);
        byte[] utf8 = file.getBytes(UTF8);
        byte[] e = "é".getBytes(UTF8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String[] parts = new String(utf8, LATIN1).split("@", -1); // cut "é" of "prélèvement" across the line break
        out.write(parts[0].getBytes(LATIN1));
        out.write(e[0]);
        out.write(parts[1].getBytes(LATIN1));
        out.write(e[1]);
        out.write(parts[2].getBytes(LATIN1));
        byte[] cut = out.toByteArray();
        assertThat(fr.dmp.ingest.format.TextCharsets.isValidUtf8(cut, 0, cut.length)).isFalse();
        SourceDocument doc = single(cut);
        assertThat(doc.observations().get(0).value()).isEqualTo("Résultat contrôlé sur un second prélèvement, conforme.");
        assertThat(doc.content().bytes()).isEqualTo(cut); // the bytes as sent
    }

    @Test
    void commentsGoToTheTextInTheirPlace() {
        String file = msg(H, P,
                "C|1|L|Patient à jeun|G",
                OBR,
                "C|2|L|Prélèvement hémolysé \\F\\ à contrôler~avant traitement|G",
                OBX1,
                "C|3|L|Valeur vérifiée^Seconde ligne",
                "A| du commentaire",
                L);
        SourceDocument doc = single(file.getBytes(LATIN1));
        assertThat(doc.content().text()).isEqualTo("Patient à jeun\n"
                + "Bilan lipidique\n"
                + "Prélèvement hémolysé | à contrôler avant traitement\n"
                + "Cholestérol total : 5,2 mmol/L (3.5-6.5) [N]\n"
                + "Valeur vérifiée\n"
                + "Seconde ligne du commentaire");
        assertThat(doc.observations()).hasSize(1);
    }

    @Test
    void escapeSequencesAreResolvedWithTheDeclaredEscapeCharacter() {
        String obx = "OBX|1|TX|LAB-COM~Commentaire~L||a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f\\.br\\g\\X41\\h||||||F";
        SourceDocument doc = single(msg(H, P, OBR, obx, L).getBytes(LATIN1));
        assertThat(doc.observations().get(0).value()).isEqualTo("a|b~c^d\\e&f\ngAh");
        assertThat(doc.repairs()).isZero();
    }

    @Test
    void unknownEscapesAndUnescapedSeparatorsInTextAreKeptAndCounted() {
        String obx = "OBX|1|TX|LAB-COM~Commentaire~L||Hémolyse ~ légère \\Q\\||||||F";
        SourceDocument doc = single(msg(H, P, OBR, obx, L).getBytes(LATIN1));
        assertThat(doc.observations().get(0).value()).isEqualTo("Hémolyse ~ légère \\Q\\");
        assertThat(doc.repairs()).isEqualTo(2);
    }

    @Test
    void numericValuesAcceptADecimalComma() {
        String file = msg(H, P, OBR,
                "OBX|1|NM|A~Alpha~L||5,25|g/L",
                "OBX|2|NM|B~Beta~L||12|g/L",
                "OBX|3|NM|C~Gamma~L||<0,5|g/L",
                "OBX|4|ST|D~Delta~L||7,5|g/L",
                "OBX|5|NM|E~Epsilon~L||-0.75|g/L",
                L);
        List<Observation> obs = single(file.getBytes(LATIN1)).observations();
        assertThat(obs.get(0).numericValue()).isEqualByComparingTo("5.25");
        assertThat(obs.get(1).numericValue()).isEqualByComparingTo("12");
        assertThat(obs.get(2).numericValue()).isNull();
        assertThat(obs.get(2).value()).isEqualTo("<0,5");
        assertThat(obs.get(3).numericValue()).isNull(); // ST is not numeric
        assertThat(obs.get(4).numericValue()).isEqualByComparingTo("-0.75");
        assertThat(obs).extracting(Observation::seq).containsExactly(1, 2, 3, 4, 5);
    }

    // ---- several messages, byte slices ----------------------------------------------------------

    @Test
    void severalMessagesAreSeveralItemsEachWithItsExactBytes() {
        String m1 = msg(H, P, OBR, OBX1, L);                                    // CR LF
        String m2 = String.join("\n", H.replace("HPR00042", "HPR00043"), P, OBR, OBX2, L) + "\n"; // LF
        String m3 = String.join("\r", H.replace("HPR00042", "HPR00044"), P, OBR, OBX1, OBX2, L) + "\r"; // CR
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(m1.getBytes(LATIN1));
        file.writeBytes("\r\n\r\n".getBytes(LATIN1));
        file.writeBytes(m2.getBytes(UTF8)); // messages of one file may differ in character set
        file.writeBytes(m3.getBytes(LATIN1));
        List<ReadItem> items = read(file.toByteArray());

        assertThat(items).hasSize(3);
        assertThat(items).extracting(ReadItem::index).containsExactly(1, 2, 3);
        assertThat(items).allMatch(i -> i instanceof SourceDocument);
        SourceDocument d1 = (SourceDocument) items.get(0);
        SourceDocument d2 = (SourceDocument) items.get(1);
        SourceDocument d3 = (SourceDocument) items.get(2);
        assertThat(d1.content().bytes()).isEqualTo(m1.getBytes(LATIN1));
        assertThat(d2.content().bytes()).isEqualTo(m2.getBytes(UTF8));
        assertThat(d3.content().bytes()).isEqualTo(m3.getBytes(LATIN1));
        assertThat(d2.content().sha256()).isEqualTo(Sha256.hex(m2.getBytes(UTF8)));
        assertThat(List.of(d1, d2, d3)).extracting(d -> d.meta().messageId())
                .containsExactly("HPR00042.HPR", "HPR00043.HPR", "HPR00044.HPR");
        assertThat(List.of(d1, d2, d3)).extracting(d -> d.observations().size()).containsExactly(1, 1, 2);
        assertThat(d2.patient().traits().birthName()).isEqualTo("ÉLODIE-TEST");
    }

    /** An independent writer's lab export: two messages, blank lines, then a DOS end of file (SUB), which was a third, refused item. */
    @Test
    void aDosEndOfFileAfterTheLastMessageIsTransportNotAStrayLine() {
        String m2 = msg(H.replace("HPR00042", "HPR00043"), P, OBR, OBX2, L);
        byte[] file = (standard() + m2 + "\r\n\r\n\r\n\u001a").getBytes(LATIN1);
        List<ReadItem> items = read(file);
        assertThat(items).hasSize(2).allMatch(i -> i instanceof SourceDocument);
        assertThat(read((standard() + "\u001a\r\n").getBytes(LATIN1))).singleElement().isInstanceOf(SourceDocument.class);
    }

    @Test
    void theContentIsTheExactSliceFromHToLWhateverSurroundsIt() {
        byte[] file = ("L|9\r\n\r\n" + standard() + "\r\n  \r\n").getBytes(LATIN1);
        List<ReadItem> items = read(file);
        assertThat(items).hasSize(2);
        assertThat(unreadable(items.get(0)).rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        SourceDocument doc = (SourceDocument) items.get(1);
        int start = 7; // after "L|9\r\n\r\n"
        byte[] expected = Arrays.copyOfRange(file, start, start + standard().getBytes(LATIN1).length);
        assertThat(doc.content().bytes()).isEqualTo(expected);
        assertThat(new String(doc.content().bytes(), LATIN1)).startsWith("H|~^\\&|").endsWith("L|1\r\n");
    }

    // ---- malformed messages ---------------------------------------------------------------------

    @Test
    void anUnknownRecordTypeIsFormatCorruptNamingTheTypeOnly() {
        String bad = msg(H, P, OBR, "Z|ÉLODIE-TEST~Zoé|19790315", OBX1, L);
        List<ReadItem> items = read((standard() + bad + standard()).getBytes(LATIN1));
        assertThat(items).hasSize(3);
        assertThat(items.get(0)).isInstanceOf(SourceDocument.class);
        assertThat(items.get(2)).isInstanceOf(SourceDocument.class);
        Unreadable u = unreadable(items.get(1));
        assertThat(u.index()).isEqualTo(2);
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(u.rejection().detail()).isEqualTo("unknown HPRIM record type Z");
    }

    @Test
    void aLineWhoseTypeCouldBePatientDataIsNotEchoed() {
        String bad = msg(H, P, OBR, "ÉLODIE-TEST~Zoé|19790315", OBX1, L);
        Unreadable u = unreadable(read(bad.getBytes(LATIN1)).get(0));
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(u.rejection().detail()).doesNotContain("ÉLODIE").doesNotContain("Zoé").doesNotContain("1979");
    }

    @Test
    void aMessageWithoutPIsFormatCorrupt() {
        Unreadable u = unreadable(read(msg(H, OBR, OBX1, L).getBytes(LATIN1)).get(0));
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(u.rejection().detail()).contains("without P record");
    }

    @Test
    void aMessageWithoutResultsIsFormatCorrupt() {
        Unreadable u = unreadable(read(msg(H, P, OBR, L).getBytes(LATIN1)).get(0));
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(u.rejection().detail()).contains("OBX");
    }

    @Test
    void aMessageWithoutItsLIsTruncatedAndTheNextOneIsStillRead() {
        String truncated = msg(H, P, OBR, OBX1);
        List<ReadItem> items = read((truncated + standard()).getBytes(LATIN1));
        assertThat(items).hasSize(2);
        Unreadable u = unreadable(items.get(0));
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(u.rejection().detail()).contains("truncated");
        assertThat(items.get(1)).isInstanceOf(SourceDocument.class);
        assertThat(((SourceDocument) items.get(1)).content().bytes()).isEqualTo(standard().getBytes(LATIN1));
    }

    @Test
    void aFileWithoutAnyHIsASingleFormatCorruptItem() {
        String file = msg(P, OBR, OBX1, L) + "Bonjour,\nveuillez trouver les résultats.\n";
        List<ReadItem> items = read(file.getBytes(LATIN1));
        assertThat(items).hasSize(1);
        assertThat(items.get(0).index()).isEqualTo(1);
        assertThat(unreadable(items.get(0)).rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(read(new byte[0])).singleElement()
                .satisfies(i -> assertThat(unreadable(i).rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT));
    }

    @Test
    void aMessageThatIsNotAResultMessageIsUnsupported() {
        String adm = msg(H.replace("|ORU|", "|ADM|"), P, L);
        Unreadable u = unreadable(read(adm.getBytes(LATIN1)).get(0));
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
        assertThat(u.rejection().detail()).contains("ADM");
    }

    /**
     * ASTM E1394, which HPRIM Santé follows: one message holds several patients, each from its P record on (a lab's
     * daily export, as MedinTux's reader expects). It was refused whole; each patient is now a document of its own,
     * whose content is the H record, that patient's records and the L record, never another patient's lines.
     */
    @Test
    void aMessageForSeveralPatientsGivesOneDocumentPerPatientEachWithOnlyItsOwnLines() {
        String p2 = P.replace("IPP123456", "IPP654321");
        List<ReadItem> items = read(msg(H, P, OBR, OBX1, p2, OBR, OBX2, L).getBytes(LATIN1));
        assertThat(items).hasSize(2).extracting(ReadItem::index).containsExactly(1, 2);
        SourceDocument one = (SourceDocument) items.get(0);
        SourceDocument two = (SourceDocument) items.get(1);
        assertThat(one.observations()).hasSize(1);
        assertThat(two.observations()).hasSize(1);
        String c1 = new String(one.content().bytes(), LATIN1);
        String c2 = new String(two.content().bytes(), LATIN1);
        assertThat(c1).startsWith(H).contains("IPP123456").doesNotContain("IPP654321").endsWith(L + "\r\n");
        assertThat(c2).startsWith(H).contains("IPP654321").doesNotContain("IPP123456").endsWith(L + "\r\n");
        assertThat(one.content().sha256()).isNotEqualTo(two.content().sha256());
        // a message of one patient keeps its bytes as they came
        byte[] single = msg(H, P, OBR, OBX1, L).getBytes(LATIN1);
        assertThat(((SourceDocument) read(single).get(0)).content().bytes()).isEqualTo(single);
    }

    @Test
    void unparseableDatesAreDateInvalidProblemsWithoutTheValue() {
        String p = P.replace("19790315", "1979-03-15");
        String obr = OBR.replace("202611201000", "20261320");
        String obx = OBX1.replace("202611200805", "2026112008");
        SourceDocument doc = single(msg(H.replace("202611201015", "20/11/2026"), p, obr, obx, L).getBytes(LATIN1));
        assertThat(doc.problems()).extracting(r -> r.reason()).containsOnly(ReasonCode.DATE_INVALID);
        assertThat(doc.problems()).extracting(r -> r.detail()).containsExactlyInAnyOrder(
                "H.14 date unparseable", "P.8 birth date unparseable", "OBR.23 date unparseable", "OBX.15 date unparseable");
        assertThat(doc.problems().toString()).doesNotContain("1979").doesNotContain("2026");
        assertThat(doc.patient().traits().birthDate()).isNull();
        // the creation time falls back on the collection date
        assertThat(doc.meta().creationTime()).isEqualTo(Instant.parse("2026-11-20T07:05:00Z"));
    }

    // ---- HPRIM Net ------------------------------------------------------------------------------

    static String net(String code, String name, String first, String birth, String nir, String dossier, String date) {
        return String.join("\r\n", code, name, first, "1 rue de l'Exemple", "", "75000 VILLE-FICTIVE", birth, nir,
                dossier, date, "750000101", "DR MEDECIN-FICTIF",
                "Bilan lipidique du matin",
                "****LAB****",
                "RES|Cholestérol total|2093-3|N|5,20|mmol/L|3,5|6,5|N|F",
                "RES|Triglycérides|2571-8|N|2.10|mmol/L|0.5|1.7|H|F|1,84|g/L|0,44|1,49",
                "TEX|Prélèvement à jeun",
                "RES|Aspect du sérum|ASP|A|Clair||||N|F",
                "****FINLAB****",
                "****FIN****") + "\r\n";
    }

    /** Round 29, a tester: a stray line between two reports shifted the second one's header; INS_INVALID showed a birth year. */
    @Test
    void aStrayLineBeforeAReportsHeaderIsALineOutsideAReport() {
        String r1 = net("P123456", "ÉLODIE-TEST", "Zoé Anne", "15/03/1979", "279035121518989", "DOS-1", "20/11/2026");
        String r2 = net("P654321", "FICTIF", "Jérôme", "01/02/1950", "150027500100183", "DOS-2", "21/11/2026");
        List<ReadItem> items = read((r1 + "--- page 2 ---\r\n" + r2 + "****FINFICHIER****\r\n").getBytes(LATIN1));
        assertThat(items).hasSize(2);
        assertThat(((SourceDocument) items.get(0)).problems()).isEmpty();
        Unreadable second = unreadable(items.get(1));
        assertThat(second.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(second.rejection().detail()).contains("lines outside a report before it").doesNotContain("1950");
        // an attacker: two stray lines
        Unreadable twoLines = unreadable(read((r1 + "a\r\nb\r\n" + r2 + "****FINFICHIER****\r\n").getBytes(LATIN1)).get(1));
        assertThat(twoLines.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
    }

    @Test
    void readsHprimNetReportsBetweenLabAndFinlab() {
        String r1 = net("P123456", "ÉLODIE-TEST", "Zoé Anne", "15/03/1979", "279035121518989", "DOS-1", "20/11/2026");
        String r2 = net("P654321", "FICTIF", "Jérôme", "01/02/1950", "150027500100183", "DOS-2", "21/11/2026");
        byte[] file = (r1 + r2 + "****FINFICHIER****\r\n").getBytes(LATIN1);
        List<ReadItem> items = read(file);

        assertThat(items).hasSize(2);
        SourceDocument d1 = (SourceDocument) items.get(0);
        SourceDocument d2 = (SourceDocument) items.get(1);
        assertThat(d1.format()).isEqualTo(SourceFormat.HPRIM);
        assertThat(d1.messageType()).isEqualTo("HPRIM");
        assertThat(d1.problems()).isEmpty();
        assertThat(d1.meta().typeHints()).extracting(TypeHint::code, TypeHint::codeSystem)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("HPRIM-LAB", "HPRIM-message"));
        assertThat(d1.patient().identifiers()).containsExactly(
                new PatientIdentifier("P123456", null, null), new PatientIdentifier("279035121518989", null, "NIR"));
        assertThat(d1.patient().statedStatus()).isNull();
        assertThat(d1.patient().traits().birthName()).isEqualTo("ÉLODIE-TEST");
        assertThat(d1.patient().traits().firstNames()).containsExactly("Zoé", "Anne");
        assertThat(d1.patient().traits().birthDate()).isEqualTo(BirthDate.of(LocalDate.of(1979, 3, 15)));
        assertThat(d1.patient().traits().sex()).isNull();
        assertThat(d1.meta().orderId()).isEqualTo("DOS-1 (2026-11-20)");
        assertThat(d1.meta().creationTime()).isEqualTo(Instant.parse("2026-11-19T23:00:00Z"));
        assertThat(d1.meta().senderFacility()).isEqualTo("750000101");
        assertThat(d1.meta().authorOrg()).isEqualTo("750000101");
        assertThat(d1.meta().resultStatus()).isEqualTo("F");

        assertThat(d1.observations()).hasSize(3);
        Observation chol = d1.observations().get(0);
        assertThat(chol.display()).isEqualTo("Cholestérol total");
        assertThat(chol.code()).isEqualTo("2093-3");
        assertThat(chol.valueType()).isEqualTo("NM");
        assertThat(chol.numericValue()).isEqualByComparingTo("5.20");
        assertThat(chol.referenceRange()).isEqualTo("3,5-6,5");
        assertThat(chol.abnormalFlags()).isEqualTo("N");
        assertThat(d1.observations().get(1).numericValue()).isEqualByComparingTo("2.10");
        assertThat(d1.observations().get(2).valueType()).isEqualTo("ST");
        assertThat(d1.observations().get(2).numericValue()).isNull();
        assertThat(d1.content().text()).isEqualTo("Bilan lipidique du matin\n"
                + "Cholestérol total : 5,20 mmol/L (3,5-6,5) [N]\n"
                + "Triglycérides : 2.10 mmol/L (0.5-1.7) [H] / 1,84 g/L (0,44-1,49)\n"
                + "Prélèvement à jeun\n"
                + "Aspect du sérum : Clair [N]");
        assertThat(d1.content().bytes()).isEqualTo(r1.getBytes(LATIN1));
        assertThat(d2.content().bytes()).isEqualTo(r2.getBytes(LATIN1));
        assertThat(d2.patient().traits().firstNames()).containsExactly("Jérôme");
        assertThat(d2.index()).isEqualTo(2);
    }

    @Test
    void hprimNetReportsWithoutFinAreSplitAfterFinlab() {
        String r1 = net("P1", "ESSAI", "Zoé", "15/03/1979", "", "DOS-1", "20/11/2026").replace("****FIN****\r\n", "");
        String r2 = net("P2", "FICTIF", "Noël", "01/02/1950", "", "DOS-2", "21/11/2026").replace("****FIN****\r\n", "");
        List<ReadItem> items = read((r1 + r2).getBytes(LATIN1));
        assertThat(items).hasSize(2);
        assertThat(((SourceDocument) items.get(0)).content().bytes()).isEqualTo(r1.getBytes(LATIN1));
        assertThat(((SourceDocument) items.get(1)).patient().traits().birthName()).isEqualTo("FICTIF");
    }

    /** Round 33, a tester of MedShakeEHR's files: a report whose code line is empty was refused "a birth date on line 9". */
    @Test
    void aReportWhoseCodeLineIsEmptyIsReadWithoutACode() {
        String r1 = net("", "ÉLODIE-TEST", "Zoé Anne", "15/03/1979", "279035121518989", "DOS-1", "20/11/2026");
        String r2 = net("", "FICTIF", "Jérôme", "01/02/1950", "150027500100183", "DOS-2", "21/11/2026");
        List<ReadItem> items = read((r1 + "\r\n" + r2).getBytes(LATIN1));
        assertThat(items).hasSize(2);
        for (ReadItem item : items) {
            SourceDocument d = (SourceDocument) item;
            assertThat(d.problems()).isEmpty();
            assertThat(d.patient().identifiers()).extracting(PatientIdentifier::value).hasSize(1).allMatch(id -> id.length() == 15);
            assertThat(d.patient().traits().birthDate()).isNotNull();
        }
        assertThat(((SourceDocument) items.get(0)).content().bytes()).isEqualTo(r1.getBytes(LATIN1));
        assertThat(((SourceDocument) items.get(1)).meta().orderId()).isEqualTo("DOS-2 (2026-11-21)");
    }

    /** Round 34, an attacker: a next report's header missing one line, after a FINLAB, was read into the report before it. */
    @Test
    void aNextHeaderOfElevenLinesAfterFinlabIsNeverTheReportsText() {
        String r1 = net("P1", "ESSAI", "Zoé", "15/03/1979", "279035121518989", "DOS-1", "20/11/2026").replace("****FIN****\r\n", "");
        String r2 = net("P2", "FICTIF", "Jérôme", "01/02/1950", "150027500100183", "DOS-2", "21/11/2026")
                .replace("1 rue de l'Exemple\r\n", ""); // one address line left out: 11 header lines
        List<ReadItem> items = read((r1 + r2).getBytes(LATIN1));
        SourceDocument first = (SourceDocument) items.get(0);
        assertThat(first.content().bytes()).isEqualTo(r1.getBytes(LATIN1));
        assertThat(first.content().text()).doesNotContain("FICTIF");
        assertThat(first.observations()).hasSize(3);
        // a comment of a few lines still stays in the report; six lines are read alone
        String head = r1.substring(0, r1.indexOf("****LAB****"));
        String comment = head + "****LAB****\r\nRES|Glucose|GLU|N|5,1|mmol/L\r\n****FINLAB****\r\n"
                + "Commentaire :\r\nà contrôler\r\n****FIN****\r\n";
        assertThat(read(comment.getBytes(LATIN1))).singleElement().isInstanceOfSatisfying(SourceDocument.class,
                d -> assertThat(d.content().text()).contains("à contrôler"));
        String six = comment.replace("Commentaire :\r\n", "a\r\nb\r\nc\r\nd\r\ne\r\n");
        assertThat(read(six.getBytes(LATIN1))).hasSize(2);
        // round 35, a tester: the six lines were "lines outside an HPRIM message or report"; the detail says why
        assertThat(unreadable(read(six.getBytes(LATIN1)).get(1)).rejection().detail())
                .startsWith("lines after a report's ****FINLAB**** not kept in it (more than 5 lines");
    }

    /** A review: after a report closed by FINLAB alone, the next report's empty code line was skipped or its header merged. */
    @Test
    void afterAReportClosedByFinlabAloneTheNextReportsEmptyCodeLineStartsIt() {
        String r1 = net("P1", "ESSAI", "Zoé", "15/03/1979", "279035121518989", "DOS-1", "20/11/2026").replace("****FIN****\r\n", "");
        for (String nir : new String[] {"150027500100183", ""}) {
            String r2 = net("", "FICTIF", "Jérôme", "01/02/1950", nir, "DOS-2", "21/11/2026").replace("****FIN****\r\n", "");
            List<ReadItem> items = read((r1 + r2).getBytes(LATIN1));
            assertThat(items).as(nir).hasSize(2);
            SourceDocument first = (SourceDocument) items.get(0);
            assertThat(first.content().bytes()).isEqualTo(r1.getBytes(LATIN1));
            assertThat(first.observations()).hasSize(3); // none of the next report's results
            SourceDocument second = (SourceDocument) items.get(1); // without a NIR: no identifier, refused INS_MISSING later
            assertThat(second.problems()).isEmpty();
            assertThat(second.patient().identifiers()).extracting(PatientIdentifier::value)
                    .isEqualTo(nir.isEmpty() ? List.of() : List.of(nir));
            assertThat(second.patient().traits().birthName()).isEqualTo("FICTIF");
        }
    }

    /** Round 28, a tester of HPRIM parsers' files: text between two LAB blocks ended the report; the second block was refused. */
    @Test
    void textBetweenTwoLabBlocksOrBeforeFinStaysInTheReport() {
        String head = String.join("\r\n", "P1", "ESSAI", "Zoé", "", "", "", "15/03/1979", "", "DOS-1", "20/11/2026",
                "750000101", "DR");
        String report = head + "\r\n" + String.join("\r\n", "****LAB****", "RES|Glucose|GLU|N|5,1|mmol/L",
                "****FINLAB****", "Commentaire du biologiste :", "contrôle à prévoir", "", "****LAB****",
                "RES|Créatinine|CREA|N|72|µmol/L", "****FINLAB****", "Validé par le biologiste", "****FIN****") + "\r\n";
        List<ReadItem> items = read(report.getBytes(LATIN1));
        assertThat(items).hasSize(1);
        SourceDocument d = (SourceDocument) items.get(0);
        assertThat(d.observations()).extracting(Observation::code).containsExactly("GLU", "CREA");
        assertThat(d.content().text()).contains("Commentaire du biologiste", "Validé par le biologiste");
        assertThat(d.content().bytes()).isEqualTo(report.getBytes(LATIN1));

        // twelve lines after FINLAB and then a LAB block: the next report, never the same one (a missing FIN)
        String next = String.join("\r\n", "P2", "FICTIF", "Noël", "", "", "", "01/02/1950", "", "DOS-2", "21/11/2026",
                "750000101", "DR", "****LAB****", "RES|Glucose|GLU|N|6,0|mmol/L", "****FINLAB****", "****FIN****") + "\r\n";
        String first = head + "\r\n****LAB****\r\nRES|Glucose|GLU|N|5,1|mmol/L\r\n****FINLAB****\r\n";
        List<ReadItem> two = read((first + next).getBytes(LATIN1));
        assertThat(two).hasSize(2);
        assertThat(((SourceDocument) two.get(0)).content().bytes()).isEqualTo(first.getBytes(LATIN1));
        assertThat(((SourceDocument) two.get(1)).patient().traits().birthName()).isEqualTo("FICTIF");
    }

    @Test
    void hprimNetMalformedReports() {
        String textOnly = String.join("\r\n", "P1", "ESSAI", "Zoé", "", "", "", "15/03/1979", "", "DOS", "20/11/2026",
                "LAB", "DR", "Compte rendu sans résultats structurés", "****FIN****") + "\r\n";
        String shortHeader = String.join("\r\n", "P1", "ESSAI", "Zoé", "****LAB****", "RES|Glucose|GLU|N|5,1|mmol/L",
                "****FINLAB****", "****FIN****") + "\r\n";
        String badDate = net("P1", "ESSAI", "Zoé", "15 mars 1979", "", "DOS-1", "le 20 novembre");
        List<ReadItem> items = read((textOnly + shortHeader + badDate).getBytes(LATIN1));
        assertThat(items).hasSize(3);
        SourceDocument text = (SourceDocument) items.get(0); // a text report is a document (issue 14)
        assertThat(text.observations()).isEmpty();
        assertThat(text.content().text()).isEqualTo("Compte rendu sans résultats structurés");
        assertThat(unreadable(items.get(1)).rejection().reason()).isEqualTo(ReasonCode.INS_MISSING);
        assertThat(unreadable(items.get(1)).rejection().detail()).startsWith("HPRIM Net patient header incomplete (3 of 12");
        SourceDocument doc = (SourceDocument) items.get(2);
        assertThat(doc.problems()).extracting(p -> p.detail())
                .containsExactly("HPRIM Net line 7 birth date unparseable", "HPRIM Net line 10 date unparseable");
        assertThat(doc.problems().toString()).doesNotContain("1979").doesNotContain("novembre");
        assertThat(items.toString()).doesNotContain("ESSAI");
    }

    /** Round 35, a tester: line 10 written with its time ("05/12/2026 08:30") was refused DATE_INVALID. */
    @Test
    void hprimNetRequestDateWithItsTimeIsItsDay() {
        for (String line10 : new String[] {"05/12/2026 08:30", "05/12/2026 8h30", "2026-12-05T08:30:15", "05.12.2026  08:30",
                "05/12/2026 08.30", "05/12/2026 à 8h30"}) { // the last two: an attacker
            SourceDocument doc = (SourceDocument) read(net("P1", "ESSAI", "Zoé", "15/03/1979", "", "DOS-1", line10)
                    .getBytes(LATIN1)).get(0);
            assertThat(doc.problems()).as(line10).isEmpty();
            assertThat(doc.meta().orderId()).as(line10).isEqualTo("DOS-1 (2026-12-05)");
        }
        for (String noTime : new String[] {"05/12/2026 25h", "05/12/2026 25:99", "05/12/2026 24:00"}) { // an attacker: no time
            SourceDocument late = (SourceDocument) read(net("P1", "ESSAI", "Zoé", "15/03/1979", "", "DOS-1", noTime)
                    .getBytes(LATIN1)).get(0);
            assertThat(late.problems()).as(noTime).extracting(p -> p.detail()).containsExactly("HPRIM Net line 10 date unparseable");
        }
    }
    /**
     * Round 36, a tester after public laboratories' files: OBX.5's sub-ID (which germ an antibiogram line is for) was
     * dropped; "10^9/L" with the repetition delimiter unescaped was stored "10"; a Net line's "-"/"-" (no limits) was the
     * range "---".
     */
    @Test
    void aSubIdIsKeptAUnitWithAnUnescapedRepetitionDelimiterIsKeptWholeAndADashIsNoLimit() {
        SourceDocument doc = single(msg(H, P, OBR, "OBX|1|ST|18862-3~Amoxicilline~LN|1|R||||||F",
                "OBX|2|ST|18862-3~Amoxicilline~LN|2|S||||||F", "OBX|3|NM|6690-2~Leucocytes~LN||6.2|10^9/L|4.0-10.0|N|||F", L)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(doc.observations()).extracting(o -> o.grouping() == null ? null : o.grouping().subId())
                .containsExactly("1", "2", null);
        assertThat(doc.observations().get(2).unit()).isEqualTo("10^9/L");
        assertThat(HprimReader.limits("-", "-")).isNull();
        assertThat(HprimReader.limits("-", "10")).isEqualTo("<10");
        assertThat(HprimReader.limits("1", "10")).isEqualTo("1-10");
    }
}
