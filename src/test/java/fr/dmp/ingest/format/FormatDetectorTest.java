package fr.dmp.ingest.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FormatDetectorTest {

    private final FormatDetector detector = new FormatDetector();

    private Optional<SourceFormat> detect(String content) {
        return FormatDetector.formatOf(detector.detect(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void hl7ByItsMshMagicAlsoAfterABomOrAnEnvelope() {
        assertThat(detect("MSH|^~\\&|LAB|X\rPID|1\r")).contains(SourceFormat.HL7V2);
        assertThat(detect("\uFEFFMSH|^~\\&|LAB|X\rPID|1\r")).contains(SourceFormat.HL7V2);
        assertThat(detect("FHS|^~\\&|LAB\rBHS|^~\\&\rMSH|^~\\&|LAB|X\r")).contains(SourceFormat.HL7V2);
        assertThat(detect("BHS|^~\\&\rMSH|^~\\&|LAB|X\r")).contains(SourceFormat.HL7V2);
    }

    /** Round 11: HL7 lets MSH-1 choose the field separator; recognised when the encoding characters follow it. */
    @Test
    void hl7WithAnotherFieldSeparator() {
        assertThat(detect("MSH!^~\\&!LAB!X\rPID!1\r")).contains(SourceFormat.HL7V2);
        assertThat(detect("MSH#^~\\&##LAB#X\rPID#1\r")).contains(SourceFormat.HL7V2);
        assertThat(detect("\u000BMSH!^~\\&!LAB\r")).contains(SourceFormat.HL7V2);
        assertThat(detect("MSH!^~\\&\rPID!1\r")).isEmpty(); // no separator after the encoding characters
        assertThat(detect("MSH! Please call the lab\r")).isEmpty();
    }

    @Test
    void cdaByItsRootElementAndNamespace() {
        assertThat(detect("<?xml version=\"1.0\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><id/></ClinicalDocument>"))
                .contains(SourceFormat.CDA);
        assertThat(detect("<?xml version=\"1.0\"?>\n<ClinicalDocument xmlns=\"urn:other\"/>")).isEmpty();
    }

    /** Found on an ANS example (hl7V2-exemples, CR_Radio_CDAN1_v1.XML): a CDA with no XML declaration was plain text. */
    @Test
    void cdaWithoutAnXmlDeclarationByItsFirstElement() {
        assertThat(detect("<ClinicalDocument xmlns=\"urn:hl7-org:v3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
                + "  <realmCode code=\"FR\"/>\n</ClinicalDocument>")).contains(SourceFormat.CDA);
        assertThat(detect("\uFEFF\n<!-- exported -->\n<?xml-stylesheet href=\"cda.xsl\"?>\n<v3:ClinicalDocument xmlns:v3=\"urn:hl7-org:v3\">"
                + "</v3:ClinicalDocument>")).contains(SourceFormat.CDA);
        assertThat(detect("<ClinicalDocument xmlns=\"urn:other\"/>")).isEmpty();
        assertThat(detect("Compte rendu : voir le <ClinicalDocument xmlns=\"urn:hl7-org:v3\"> joint")).isEmpty();
    }

    /** Third round of others' files: an MLLP frame left by a listener; a CDA in UTF-16 without a byte order mark. */
    @Test
    void hl7InAnMllpFrameAndCdaInUtf16WithoutBom() {
        assertThat(detect("\u000BMSH|^~\\&|LAB|X\rPID|1\r\u001C\r")).contains(SourceFormat.HL7V2);
        String cda = "<?xml version=\"1.0\" encoding=\"UTF-16BE\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><id/></ClinicalDocument>";
        assertThat(FormatDetector.formatOf(detector.detect(cda.getBytes(StandardCharsets.UTF_16BE)))).contains(SourceFormat.CDA);
        assertThat(FormatDetector.formatOf(detector.detect(cda.replace("UTF-16BE", "UTF-16LE")
                .getBytes(StandardCharsets.UTF_16LE)))).contains(SourceFormat.CDA);
    }

    @Test
    void hprimByItsHeaderRecord() {
        assertThat(detect("H|~^\\&|||LABO|||||||P|H2.2|20261120\rP|1\r")).contains(SourceFormat.HPRIM);
        assertThat(detect("****LAB****\nRES|...\n")).contains(SourceFormat.HPRIM);
        assertThat(detect("H!:@#$!!!LABO\rP!1\r")).contains(SourceFormat.HPRIM); // other delimiters, read from H
        String net = "PAT123\nFICTIF\nZoé\n\n\n75000 PARIS\n01/02/1970\n\nDEM-1\n01/11/2026\nLAB\nDr ESSAI\n"
                + "Compte rendu\n".repeat(20) + "****LAB****\nRES|Glucose|GLU|N|5.2|mmol/l|3.9|6.1||F\n****FINLAB****\n";
        assertThat(detect(net)).contains(SourceFormat.HPRIM);
        assertThat(detect("Hello, this is text")).isEmpty();
        // a text report whose code line (1) is empty: its header starts with the file's first, empty, line
        String noCode = "\nFICTIF\nZoé\n\n\n75000 PARIS\n01/02/1970\n\nDEM-1\n01/11/2026\nLAB\nDr ESSAI\nCompte rendu\n";
        assertThat(detect(noCode)).contains(SourceFormat.HPRIM);
        assertThat(detect("\n\nFICTIF\nZoé\n\n\n75000 PARIS\n01/02/1970\n\nDEM-1\n01/11/2026\nLAB\n")).isEmpty();
    }

    @Test
    void theLeadingMagicShortcutAgreesWithTika() {
        for (String head : List.of("MSH|^~\\&|LAB\r", "\uFEFFMSH|^~\\&|LAB\r", "FHS|^~\\&\r", "BHS|^~\\&\r",
                "%PDF-1.7\n%âãÏÓ\n1 0 obj\n")) {
            byte[] bytes = head.getBytes(StandardCharsets.UTF_8);
            assertThat(FormatDetector.leadingMagic(bytes)).as(head).isNotNull().isEqualTo(detector.tika(bytes));
        }
        assertThat(FormatDetector.leadingMagic("MSH^x".getBytes())).isNull();
    }

    /**
     * Round 25: a CDA is told from its root without Tika's magic scan ({@link CdaRoot}), which must never say "CDA"
     * where Tika does not. Checked here on senders' shapes and on thousands of heads mangled at random (a quote, an
     * entity, a DOCTYPE, another namespace, a byte of another encoding...); on 11,400 files (the ANS and HL7 CDA
     * examples, the repository's, 2,000 generated) it agreed with Tika on every one and left 3 (DOCTYPE) to it.
     */
    @Test
    void theCdaRootShortcutSaysCdaOnlyWhereTikaDoes() {
        String body = "\n  <realmCode code=\"FR\"/>\n  <id root=\"1.2.250.1.213.1.1.9\" extension=\"DOC-1\"/>\n</ClinicalDocument>\n";
        List<String> senders = List.of(
                "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">",
                "<?xml version='1.0' encoding='iso-8859-1' standalone='no'?>\r\n<ClinicalDocument xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"urn:hl7-org:v3\" xsi:schemaLocation=\"urn:hl7-org:v3 CDA.xsd\">",
                "<?xml version=\"1.0\"?><?xml-stylesheet type=\"text/xsl\" href=\"CDA.xsl\"?>\n<!-- Généré par le DPI -->\n<cda:ClinicalDocument xmlns:cda=\"urn:hl7-org:v3\">",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?oxygen SCHSchema=\"profil.sch\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\" xmlns:lab=\"urn:oid:1.3.6.1.4.1.19376.1.3.2\"/>");
        for (String head : senders) {
            byte[] bytes = (head + body).getBytes(head.contains("iso-8859-1") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            assertThat(CdaRoot.starts(bytes)).as(head).isTrue();
            assertThat(detector.tika(bytes)).isEqualTo(FormatDetector.CDA);
        }
        List<String> notCda = List.of(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE ClinicalDocument [<!ENTITY x \"y\">]>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">",
                "<?xml version=\"1.0\"?>\n<ClinicalDocument xmlns:v3=\"urn:hl7-org:v3\">",
                "<?xml version=\"1.0\"?>\n<v3:ClinicalDocument xmlns=\"urn:hl7-org:v3\">",
                "<?xml version=\"1.0\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\" xmlns=\"urn:hl7-org:v3\">",
                "<?xml version=\"1.0\" encoding=\"EBCDIC-FR\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">",
                "<?xml version=\"1.0\"?>\n<!-- a -- b -->\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">",
                "<?xml version=\"1.0\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3&#x20;\">",
                "<?xml version=\"1.0\"?>\n<ClinicalDocumentX xmlns=\"urn:hl7-org:v3\">",
                "<ClinicalDocument xmlns=\"urn:hl7-org:v3\">",
                // found by the round 25 review: a magic Tika ranks above the root, an XML version no parser reads, a
                // control character before the root, one attribute twice under two prefixes of one namespace
                "<?xml version=\"1.0\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><text>Compte rendu\n****FIN****</text>",
                "<?xml version=\"1.5\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">",
                "<?xml version=\"1.0\"?>\n<!-- \u000B -->\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">",
                "<?xml version=\"1.0\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\" xmlns:a=\"u\" xmlns:b=\"u\" a:x=\"1\" b:x=\"2\">");
        for (String head : notCda) {
            assertThat(CdaRoot.starts((head + body).getBytes(StandardCharsets.UTF_8))).as(head).isFalse();
        }
        java.util.Random random = new java.util.Random(25);
        String[] noise = {"\"", "'", "<", ">", "&", "&amp;", "--", "<!--", "-->", "<?", "?>", ":", "v3:", "xmlns", "=", " ",
                "\u0000", "\u00e9", "\u0092", "\uFFFE", "<!DOCTYPE x>", "urn:hl7-org:v3", "x", "/", "\t", "]]>", "&#60;"};
        int shortcut = 0;
        for (int n = 0; n < 3000; n++) {
            StringBuilder head = new StringBuilder(senders.get(random.nextInt(senders.size())));
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(head.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> head.insert(at, noise[random.nextInt(noise.length)]);
                    case 1 -> head.delete(at, Math.min(head.length(), at + 1 + random.nextInt(3)));
                    default -> head.replace(at, Math.min(head.length(), at + 1), noise[random.nextInt(noise.length)]);
                }
            }
            java.nio.charset.Charset charset = random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
            byte[] bytes = (head + body).getBytes(charset);
            if (CdaRoot.starts(bytes)) {
                shortcut++;
                assertThat(detector.tika(bytes)).as("%s (%s)", head, charset).isEqualTo(FormatDetector.CDA);
            }
        }
        assertThat(shortcut).as("mangled heads still taken by the shortcut").isGreaterThan(150);
    }

    @Test
    void pdfByMagicWhateverItsNameAndPlainTextIsNotAFormatWeRead() {
        assertThat(detect("%PDF-1.7\n%âãÏÓ\n1 0 obj\n")).contains(SourceFormat.PDF);
        assertThat(detect("hello, not a message")).isEmpty();
        assertThat(FormatDetector.formatOf(detector.detect(new byte[0]))).isEmpty();
    }

    /** Bytes before %PDF- (ISO 32000-1 annex H: within the first 1024); mail part headers made it message/rfc822, FORMAT_UNSUPPORTED. */
    @Test
    void pdfWhoseHeaderComesAfterABlankLineABomOrAMailHeader() {
        String pdf = "%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
        for (String before : List.of("\r\n", "\uFEFF", "Content-Type: application/pdf\r\nContent-Transfer-Encoding: binary\r\n\r\n",
                "x".repeat(1000))) {
            assertThat(detect(before + pdf)).as(before.length() + " bytes before").contains(SourceFormat.PDF);
        }
        byte[] macBinary = new byte[128 + pdf.length()]; // a MacBinary header: binary, then the PDF
        macBinary[1] = 8;
        macBinary[65] = 'P';
        System.arraycopy(pdf.getBytes(StandardCharsets.ISO_8859_1), 0, macBinary, 128, pdf.length());
        assertThat(FormatDetector.formatOf(detector.detect(macBinary))).contains(SourceFormat.PDF);
        // round 35, a tester on Tika's own fixture: a print channel's instruction lines, 661 bytes, were text/x-matlab
        StringBuilder spool = new StringBuilder("%%DEBUT_INSTRUCTION_IMSP: DEBUT_INSTRUCTION_IMSP\r\n");
        for (int i = 0; spool.length() < 640; i++) {
            spool.append("%%SK_CHAMP_").append(i).append(": VALEUR\r\n");
        }
        spool.append("%%FIN_INSTRUCTION_IMSP: FIN_INSTRUCTION_IMSP\r\n");
        assertThat(spool.length()).isBetween(600, 1000);
        assertThat(detect(spool + pdf)).as("a print spool's instructions").contains(SourceFormat.PDF);
        // a review: an HTML page quoting a PDF header is no PDF
        assertThat(detect("<!DOCTYPE html><html><body><p>" + "x".repeat(600) + "</p><pre>" + pdf + "</pre></body></html>"))
                .isNotEqualTo(java.util.Optional.of(SourceFormat.PDF));
        // past the first 1024 bytes, or no version after the marker: not a PDF
        assertThat(detect("x".repeat(1100) + pdf)).isEmpty();
        assertThat(detect("Le fichier %PDF- joint n'est pas lisible")).isEmpty();
        // a message that quotes a PDF header is still the message it is
        assertThat(detect("MSH|^~\\&|LAB|X\rOBX|1|ST|X||%PDF-1.4\r")).contains(SourceFormat.HL7V2);
    }

    /** Round 32, a tester on HL7 Inspector's samples: an A01 or A08 whose first line is blank was text/plain, FORMAT_UNSUPPORTED. */
    @Test
    void hl7AfterBlankLinesOrABomAndABlankLine() {
        String msh = "MSH|^~\\&|PAS|HOSP|DMP|DMP|20261120||ADT^A08|1|P|2.5\rPID|1\r";
        for (String before : List.of("\r\n", "\n\n", "\r", "\uFEFF\r\n", "\r\n\r\n\r\n")) {
            assertThat(detect(before + msh)).as(before.length() + " characters before").contains(SourceFormat.HL7V2);
        }
        assertThat(detect("\r\nFHS|^~\\&|LIS|LABO\rBHS|^~\\&\r" + msh)).as("a batch after a blank line").contains(SourceFormat.HL7V2);
        assertThat(detect("\r\nhello, not a message")).isEmpty();
        // an attacker: 9 CRLF, blanks on a blank line, an MLLP start after a blank line
        for (String before : List.of("\r\n".repeat(100), "  \t\r\n", "\r\n\u000B")) {
            assertThat(detect(before + msh)).as(before.length() + " characters before").contains(SourceFormat.HL7V2);
        }
        assertThat(detect("\r\n".repeat(600) + msh)).as("more blank lines than a message's start").isNotEqualTo(java.util.Optional.of(SourceFormat.HL7V2));
    }

    /**
     * The ANS examples' self-presenting CDA (CI-SIS "autoprésentable": an XSL stylesheet with the ClinicalDocument inside)
     * was "detected application/xslt+xml": refused still, with a detail that says what it is and what the sender does.
     */
    @Test
    void aSelfPresentingCdaIsRefusedSayingWhatItIs() {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?xml-stylesheet type=\"text/xsl\" href=\"#\"?>\n"
                + "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" xmlns:c=\"urn:hl7-org:v3\""
                + " xmlns:data=\"urn:asip-sante:ci-sis\">\n <data:Contenu>\n  <c:ClinicalDocument>\n   <c:realmCode code=\"FR\"/>\n"
                + "  </c:ClinicalDocument>\n </data:Contenu>\n <xsl:template match=\"/\"><html/></xsl:template>\n</xsl:stylesheet>\n";
        Formats formats = new Formats(List.of());
        Formats.Recognition r = formats.recognise(xml.getBytes(StandardCharsets.UTF_8), java.util.EnumSet.allOf(SourceFormat.class));
        assertThat(r.refusal().rejection().reason()).isEqualTo(fr.dmp.ingest.domain.ReasonCode.FORMAT_UNSUPPORTED);
        assertThat(r.refusal().rejection().detail()).isEqualTo(Formats.SELF_PRESENTING_DETAIL);
        String plainXsl = "<?xml version=\"1.0\"?>\n<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
                + "<xsl:template match=\"/\"/></xsl:stylesheet>";
        assertThat(formats.recognise(plainXsl.getBytes(StandardCharsets.UTF_8), java.util.EnumSet.allOf(SourceFormat.class))
                .refusal().rejection().detail()).startsWith("detected application/xslt+xml");
    }
    /** Round 32, a tester: a sidecar whose PDF had not come was "detected text/plain, not a format dmp-ingest reads". */
    @Test
    void aSidecarAloneSaysItIsOne() {
        Formats formats = new Formats(List.of());
        byte[] json = "{\"patient\": {}}".getBytes(StandardCharsets.UTF_8);
        var items = formats.read(new InputFile("early.pdf.json", json, null), java.util.EnumSet.allOf(SourceFormat.class),
                new ReadContext(StandardCharsets.UTF_8, java.time.ZoneId.of("Europe/Paris")));
        assertThat(((Unreadable) items.get(0)).rejection().detail()).isEqualTo(Formats.LONE_SIDECAR_DETAIL);
        var other = formats.read(new InputFile("early.txt", json, null), java.util.EnumSet.allOf(SourceFormat.class),
                new ReadContext(StandardCharsets.UTF_8, java.time.ZoneId.of("Europe/Paris")));
        assertThat(((Unreadable) other.get(0)).rejection().detail()).startsWith("detected ");
    }

    /** Round 29, a tester: an HL7 message in UTF-16 was "detected text/plain, not a format dmp-ingest reads". */
    @Test
    void anHl7MessageInUtf16SaysSo() {
        String hl7 = "MSH|^~\\&|LIS|LABO|DMP|DMP|20261120101500||ORU^R01^ORU_R01|M-1|P|2.5\rPID|1||X\r";
        Formats formats = new Formats(List.of());
        for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            Formats.Recognition r = formats.recognise(hl7.getBytes(cs), java.util.EnumSet.allOf(SourceFormat.class));
            assertThat(r.refusal()).as(cs.name()).isNotNull();
            assertThat(r.refusal().rejection().detail()).as(cs.name()).isEqualTo(TextCharsets.UTF16_DETAIL);
        }
        assertThat(TextCharsets.looksUtf16(hl7.getBytes(StandardCharsets.UTF_8))).isFalse();
        // round 30, a tester: a CDA in UTF-16 declared UTF-8 was told of HL7, HPRIM and the events CSV
        String cda = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>x</title>"
                + "</ClinicalDocument>\n";
        Formats.Recognition r = formats.recognise(cda.getBytes(StandardCharsets.UTF_16), java.util.EnumSet.allOf(SourceFormat.class));
        assertThat(r.refusal()).isNotNull();
        assertThat(r.refusal().rejection().reason()).isEqualTo(fr.dmp.ingest.domain.ReasonCode.ENCODING_INVALID);
        assertThat(r.refusal().rejection().detail()).isEqualTo(TextCharsets.UTF16_XML_DETAIL);
        assertThat(TextCharsets.utf16ClinicalDocument(cda.getBytes(StandardCharsets.UTF_16LE))).isTrue();
        // round 36, a tester: the same with an external entity is named as what it is, not an encoding to fix
        String xxe = "<?xml version=\"1.0\" encoding=\"UTF-16LE\"?>\n<!DOCTYPE ClinicalDocument [<!ENTITY x SYSTEM"
                + " \"file:///etc/hostname\">]>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>&x;</title></ClinicalDocument>\n";
        Formats.Recognition attack = formats.recognise(xxe.getBytes(StandardCharsets.UTF_16LE), java.util.EnumSet.allOf(SourceFormat.class));
        assertThat(attack.refusal().rejection().reason()).isEqualTo(fr.dmp.ingest.domain.ReasonCode.UNSAFE_CONTENT);
        assertThat(TextCharsets.utf16ClinicalDocument(hl7.getBytes(StandardCharsets.UTF_16BE))).isFalse();
    }
    /** Round 29, a tester with ONC's ccda-parser files: a bare {@code <ClinicalDocument>} was "detected application/xml". */
    @Test
    void aClinicalDocumentWithoutItsNamespaceSaysSo() {
        String xml = "<?xml version=\"1.0\"?>\n<ClinicalDocument>\n<realmCode code=\"US\"/>\n</ClinicalDocument>\n";
        Formats.Recognition r = new Formats(List.of()).recognise(xml.getBytes(StandardCharsets.UTF_8),
                java.util.EnumSet.allOf(SourceFormat.class));
        assertThat(r.refusal().rejection().detail()).isEqualTo(Formats.WITHOUT_NAMESPACE_DETAIL);
    }
}
