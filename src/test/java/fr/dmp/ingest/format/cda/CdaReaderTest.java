package fr.dmp.ingest.format.cda;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.Unreadable;
import fr.dmp.ingest.tools.generate.CdaBuilder;
import fr.dmp.ingest.tools.generate.PdfBuilder;
import fr.dmp.ingest.tools.generate.SyntheticPatient;
import fr.dmp.ingest.tools.generate.SyntheticPatients;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CdaReaderTest {

    static final ReadContext CONTEXT = new ReadContext(StandardCharsets.ISO_8859_1, ZoneId.of("Europe/Paris"));
    static final SyntheticPatient PATIENT = SyntheticPatients.pool(3, 11).get(2);

    private final CdaReader reader = new CdaReader();

    private ReadItem read(String xml) {
        return reader.read(new InputFile("x.xml", xml.getBytes(StandardCharsets.UTF_8), null), CONTEXT).get(0);
    }

    private static ReasonCode reason(ReadItem item) {
        assertThat(item).isInstanceOf(Unreadable.class);
        return ((Unreadable) item).rejection().reason();
    }

    private static CdaBuilder letter() {
        return new CdaBuilder().patient(PATIENT).id("1.2.250.1.213.1.1.9", "LDL-42").version("SET-42", 2)
                .type("11490-0", "Lettre de liaison à la sortie", "Lettre de liaison à la sortie")
                .time(Instant.parse("2026-11-18T15:00:00Z")).confidentiality("R")
                .sections(List.<String[]>of(new String[] {"18776-5", "Traitement de sortie", "Paracétamol 1 g si douleur. Contrôle à J15."}));
    }

    /** Round 29, a tester with a CRISP sample: an optional versionNumber of a null flavour refused the document. */
    @Test
    void aVersionNumberOfANullFlavourIsNoVersionNumber() {
        String xml = letter().build();
        assertThat(xml).contains("<versionNumber value=\"2\"/>");
        SourceDocument doc = (SourceDocument) read(xml.replace("<versionNumber value=\"2\"/>", "<versionNumber nullFlavor=\"NA\"/>"));
        assertThat(doc.problems()).isEmpty();
        assertThat(doc.meta().version()).isNull();
        SourceDocument bad = (SourceDocument) read(xml.replace("<versionNumber value=\"2\"/>", "<versionNumber value=\"deux\"/>"));
        assertThat(bad.problems()).extracting(p -> p.detail()).contains("versionNumber is not a number");
        // round 35, a tester: 0 or below passed the reader and failed the store's check, the file INTERNAL_ERROR
        for (String v : new String[] {"0", "-1"}) {
            SourceDocument zero = (SourceDocument) read(xml.replace("<versionNumber value=\"2\"/>", "<versionNumber value=\"" + v + "\"/>"));
            assertThat(zero.problems()).extracting(p -> p.reason()).containsExactly(ReasonCode.METADATA_INVALID);
            assertThat(zero.problems()).extracting(p -> p.detail()).containsExactly("versionNumber " + v
                    + " is not a version: the first version is 1");
        }
    }

    /** Round 33, a tester on IPF's samples: an addendum stating its parent's set and a later version replaced the parent. */
    @Test
    void anAddendumOrATransformationThatStatesItsParentsSetIsRefused() {
        String rplc = letter().replaces("1.2.250.1.213.1.1.9^LDL-41").build();
        String parent = "<parentDocument><id root=\"1.2.250.1.213.1.1.9\" extension=\"LDL-41\"/>";
        assertThat(rplc).contains("<relatedDocument typeCode=\"RPLC\">" + parent);
        String sameSet = parent + "<setId root=\"1.2.250.1.213.1.1.9.1\" extension=\"SET-42\"/><versionNumber value=\"1\"/>";
        for (String relation : new String[] {"APND", "XFRM"}) {
            ReadItem item = read(rplc.replace("<relatedDocument typeCode=\"RPLC\">" + parent,
                    "<relatedDocument typeCode=\"" + relation + "\">" + sameSet));
            assertThat(reason(item)).as(relation).isEqualTo(ReasonCode.VERSION_CONFLICT);
            assertThat(((Unreadable) item).rejection().detail()).contains(relation).contains("only a replacement (RPLC)");
        }
        // an addendum with a set of its own is a document of its own; a replacement may name its parent's set
        String otherSet = parent + "<setId root=\"1.2.250.1.213.1.1.9.1\" extension=\"SET-41\"/>";
        SourceDocument addendum = (SourceDocument) read(rplc.replace("<relatedDocument typeCode=\"RPLC\">" + parent,
                "<relatedDocument typeCode=\"APND\">" + otherSet));
        assertThat(addendum.meta().replacesId()).isNull();
        // a review: its parent named by its id alone, the addendum's version number never makes it a version of a set
        SourceDocument byIdAlone = (SourceDocument) read(rplc.replace("<relatedDocument typeCode=\"RPLC\">", "<relatedDocument typeCode=\"APND\">"));
        assertThat(byIdAlone.meta().version()).isNull();
        assertThat(byIdAlone.meta().setId()).isEqualTo("1.2.250.1.213.1.1.9.1^SET-42");
        SourceDocument replacement = (SourceDocument) read(rplc.replace(parent, sameSet));
        assertThat(replacement.meta().replacesId()).isEqualTo("1.2.250.1.213.1.1.9^LDL-41");
    }

    /** Round 33, a tester: a narrative 20,000 elements deep overflowed the stack (INTERNAL_ERROR; twenty stopped the run). */
    @Test
    void aNarrativeNestedDeeperThanAnyCdaIsRefusedTooLarge() {
        String xml = letter().build();
        String text = "Paracétamol 1 g si douleur. Contrôle à J15.";
        assertThat(xml).contains(text);
        ReadItem deep = read(xml.replace(text, "<content>".repeat(20_000) + "x" + "</content>".repeat(20_000)));
        assertThat(reason(deep)).isEqualTo(ReasonCode.TOO_LARGE);
        assertThat(((Unreadable) deep).rejection().detail()).contains("nested deeper than 1000");
        assertThat(read(xml.replace(text, "<content>".repeat(200) + "x" + "</content>".repeat(200)))).isInstanceOf(SourceDocument.class);
    }

    /** Round 9: a CDA birthTime at the precision civil status knows (TS: "1961", "196105"). */
    @Test
    void aBirthTimeKnownOnlyToTheYearOrTheMonthIsRead() {
        String full = PATIENT.birthDate().toString().replace("-", "");
        for (String[] c : new String[][] {{full.substring(0, 4), full.substring(0, 4)},
                {full.substring(0, 6), full.substring(0, 4) + "-" + full.substring(4, 6)}}) {
            SourceDocument doc = (SourceDocument) read(letter().build().replace("<birthTime value=\"" + full + "\"/>",
                    "<birthTime value=\"" + c[0] + "\"/>"));
            assertThat(doc.problems()).as(c[0]).isEmpty();
            assertThat(doc.patient().traits().birthDate()).as(c[0]).hasToString(c[1]);
        }
    }

    @Test
    void theHeaderGivesIdentityAndMetadataAndTheBodyTheText() {
        SourceDocument doc = (SourceDocument) read(letter().replaces("1.2.250.1.213.1.1.9^LDL-41").build());
        assertThat(doc.meta().documentId()).isEqualTo("1.2.250.1.213.1.1.9^LDL-42");
        assertThat(doc.meta().setId()).isEqualTo("1.2.250.1.213.1.1.9.1^SET-42");
        assertThat(doc.meta().version()).isEqualTo(2);
        assertThat(doc.meta().replacesId()).isEqualTo("1.2.250.1.213.1.1.9^LDL-41");
        assertThat(doc.meta().typeHints()).singleElement().satisfies(h -> {
            assertThat(h.code()).isEqualTo("11490-0");
            assertThat(h.evidence()).isEqualTo("cda:code");
        });
        assertThat(doc.meta().confidentiality()).containsExactly("R");
        assertThat(doc.meta().authorOrg()).isEqualTo("750000001");
        assertThat(doc.meta().creationTime()).isEqualTo(Instant.parse("2026-11-18T15:00:00Z"));
        assertThat(doc.patient().identifiers()).extracting(i -> i.oid())
                .containsExactly(SyntheticPatient.TEST_OID, "1.2.250.1.71.4.2.2.1");
        assertThat(doc.patient().traits().birthName()).isEqualTo(PATIENT.birthName());
        assertThat(doc.patient().traits().firstNames()).isEqualTo(PATIENT.firstNames());
        assertThat(doc.patient().traits().birthDate()).isEqualTo(BirthDate.of(PATIENT.birthDate()));
        assertThat(doc.patient().traits().birthPlace()).isEqualTo(PATIENT.birthPlace());
        assertThat(doc.content().text()).contains("Traitement de sortie", "Paracétamol 1 g");
        assertThat(doc.problems()).isEmpty();
    }

    /**
     * Round 27, tester C: the code's system and its translations are read (classification takes the catalogue's type
     * only in the catalogue's system, a translation when the code is none of the catalogue's); a null-flavoured code
     * gives its translations alone.
     */
    @Test
    void theTypeCodeIsReadWithItsSystemAndItsTranslationsAfterIt() {
        String stated = "<code code=\"11490-0\" codeSystem=\"2.16.840.1.113883.6.1\" displayName=\"Lettre de liaison à la sortie\"/>";
        assertThat(letter().build()).contains(stated);
        SourceDocument doc = (SourceDocument) read(letter().build().replace(stated, "<code code=\"CR-SORTIE\" codeSystem=\"1.2.250.1.999.3\">"
                + "<translation code=\"11490-0\" codeSystem=\"2.16.840.1.113883.6.1\"/><translation codeSystem=\"1.2.3\"/></code>"));
        assertThat(doc.meta().typeHints()).extracting(h -> h.code() + " " + h.codeSystem() + " " + h.evidence())
                .containsExactly("CR-SORTIE 1.2.250.1.999.3 cda:code", "11490-0 2.16.840.1.113883.6.1 cda:code/translation");
        doc = (SourceDocument) read(letter().build().replace(stated, "<code nullFlavor=\"OTH\">"
                + "<translation code=\"11490-0\" codeSystem=\"2.16.840.1.113883.6.1\"/></code>"));
        assertThat(doc.meta().typeHints()).extracting(h -> h.evidence()).containsExactly("cda:code/translation");
    }

    /**
     * The sample prescription CDA with its author organisation's ids replaced (and its custodian's, when given): what
     * the reader takes as the author organisation.
     */
    private String authorOrganisationOf(String organisationIds, String custodianIds) throws java.io.IOException {
        String xml = java.nio.file.Files.readString(java.nio.file.Path.of("sample-data/prescriptions/cda-prescription-1.xml"));
        String org = "<id root=\"1.2.250.1.71.4.2.2\" extension=\"750000001\"/>\n        <name>";
        assertThat(xml).contains(org);
        xml = xml.replace(org, organisationIds + "\n        <name>");
        if (custodianIds != null) {
            xml = xml.replace("<representedCustodianOrganization><id root=\"1.2.250.1.71.4.2.2\" extension=\"750000001\"/>",
                    "<representedCustodianOrganization>" + custodianIds);
        }
        return ((SourceDocument) read(xml)).meta().authorOrg();
    }

    @Test
    void r9_theAnsStructureIdOfAFinessIsOneThenTheFinessAndAnOppositionByFinessMatchesIt() throws Exception {
        assertThat(authorOrganisationOf("<id root=\"1.2.250.1.71.4.2.2\" extension=\"1130000001\"/>", null)).isEqualTo("130000001");
        assertThat(authorOrganisationOf("<id root=\"1.2.250.1.71.4.2.2\" extension=\"12A0000001\"/>", null)).isEqualTo("2A0000001");
        // the bare FINESS that older senders (and the sample data) put under the structure OID
        assertThat(authorOrganisationOf("<id root=\"1.2.250.1.71.4.2.2\" extension=\"130000001\"/>", null)).isEqualTo("130000001");
        assertThat(fr.dmp.ingest.domain.Finess.isValid(authorOrganisationOf(
                "<id root=\"1.2.250.1.71.4.2.2\" extension=\"1750000001\"/>", null))).isTrue();
    }

    @Test
    void r9_aSiretStructureIdIsKeptAsSuchAndIsNoFiness() throws Exception {
        String org = authorOrganisationOf("<id root=\"1.2.250.1.71.4.2.2\" extension=\"373282932000074\"/>",
                "<id root=\"1.2.250.1.71.4.2.2\" extension=\"373282932000074\"/>");
        assertThat(org).isEqualTo("373282932000074");
        assertThat(fr.dmp.ingest.domain.Finess.isValid(org)).isFalse();
    }

    @Test
    void r9_theRppsRootNamesPersonsNeverTheAuthorOrganisation() throws Exception {
        // an ADELI number is nine digits, like a FINESS: under the persons' OID it is a person, not an organisation
        assertThat(authorOrganisationOf("<id root=\"1.2.250.1.71.4.2.1\" extension=\"751012345\"/>"
                + "<id root=\"1.2.250.1.71.4.2.2\" extension=\"1690000001\"/>", null)).isEqualTo("690000001");
        assertThat(authorOrganisationOf("<id root=\"1.2.250.1.71.4.2.1\" extension=\"751012345\"/>",
                "<id root=\"1.2.250.1.71.4.2.1\" extension=\"751012345\"/><id root=\"1.2.250.1.71.4.2.2\" extension=\"1330000001\"/>"))
                .as("the custodian's structure id, never the person's").isEqualTo("330000001");
    }

    /**
     * Round 27, tester C: when the author organisation named none, any custodian extension was taken verbatim as the
     * author institution (a host's "HEBERGEUR", foreign "OFFICE", "XXX", "12345678", "mhec.gov.mt"). The custodian is
     * held to the author's rule: such ids name no organisation, and the store falls back to the feed's FINESS. The
     * structure ids still count (1+FINESS gives the FINESS an opposition matches, 3+SIRET is kept).
     */
    @Test
    void r9_aCustodianIdIsTheAuthorInstitutionOnlyUnderTheAuthorOrganisationsRule() throws Exception {
        String noOrganisation = "<id root=\"1.2.250.1.999.5\" extension=\"SERVICE-CARDIO\"/>";
        for (String custodian : List.of("<id root=\"1.2.250.1.213.4.1\" extension=\"HEBERGEUR\"/>",
                "<id root=\"2.16.470.1.100.1.1.1000.990.1\" extension=\"OFFICE\"/>", "<id root=\"1.2.3.4\" extension=\"XXX\"/>",
                "<id root=\"1.2.250.1.999.5\" extension=\"12345678\"/>", "<id root=\"2.16.17.710.850.1000.990.1\" extension=\"mhec.gov.mt\"/>",
                "<id root=\"1.2.250.1.71.4.2.1\" extension=\"810000000001\"/>")) {
            assertThat(authorOrganisationOf(noOrganisation, custodian)).as(custodian).isNull();
        }
        assertThat(authorOrganisationOf(noOrganisation, "<id root=\"1.2.250.1.213.4.1\" extension=\"HEBERGEUR\"/>"
                + "<id root=\"1.2.250.1.71.4.2.2\" extension=\"1690000001\"/>")).isEqualTo("690000001");
        assertThat(authorOrganisationOf(noOrganisation, "<id root=\"1.2.250.1.71.4.2.2\" extension=\"312345678901234\"/>"))
                .isEqualTo("312345678901234");
        assertThat(authorOrganisationOf(noOrganisation, "<id root=\"1.2.250.1.999.5\" extension=\"690000001\"/>"))
                .as("a FINESS under another root, as for the author").isEqualTo("690000001");
    }

    @Test
    void aNonXmlBodyPdfIsDecodedAndStoredAsTheContent() {
        byte[] pdf = PdfBuilder.render("CH Fictif", "Compte rendu d'imagerie", List.of("Radiographie thoracique : pas d'épanchement."),
                PdfBuilder.Layout.LETTERHEAD);
        SourceDocument doc = (SourceDocument) read(letter().pdfBody(pdf).build());
        assertThat(doc.content().bytes()).isEqualTo(pdf);
        assertThat(doc.content().mediaType()).isEqualTo("application/pdf");
        assertThat(doc.content().text()).contains("pas d'épanchement");
    }

    /**
     * Round 27, tester C: a nonXMLBody of plain text written inline ({@code representation="TXT"}, CDA R2's default) was
     * stored as the whole CDA, under the structured letter's format code; the same text in base64 was stored as text,
     * {@code xds-sd:text}, as identifiers.md says a CDA text body is. The inline body is now read as the base64 one is.
     */
    @Test
    void aNonXmlBodyOfInlineTextIsReadAsTheSameTextInBase64() {
        String text = "Compte rendu de consultation. Examen clinique sans particularité. Revoir dans six mois.";
        String structuredBody = "(?s)<structuredBody>.*</structuredBody>";
        String base64 = letter().build().replaceFirst(structuredBody, "<nonXMLBody><text mediaType=\"text/plain\" representation=\"B64\">"
                + java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "</text></nonXMLBody>");
        SourceDocument fromBase64 = (SourceDocument) read(base64);
        for (String inline : List.of("<text mediaType=\"text/plain\" representation=\"TXT\">", "<text mediaType=\"text/plain\">", "<text>")) {
            SourceDocument doc = (SourceDocument) read(letter().build().replaceFirst(structuredBody,
                    "<nonXMLBody>" + inline + text + "</text></nonXMLBody>"));
            assertThat(doc.content().mediaType()).as(inline).isEqualTo("text/plain");
            assertThat(doc.content().bytes()).as(inline).isEqualTo(fromBase64.content().bytes());
            assertThat(doc.content().text()).as(inline).isEqualTo(text);
            assertThat(fr.dmp.ingest.store.FormatCodes.of(doc, "11488-4")).as(inline).isEqualTo("urn:ihe:iti:xds-sd:text:2008");
        }
        // another media type inline is judged as in base64: HTML is not read
        assertThat(reason(read(letter().build().replaceFirst(structuredBody,
                "<nonXMLBody><text mediaType=\"text/html\">" + text + "</text></nonXMLBody>")))).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
        // a PDF's base64 without representation="B64" is no disguise: the sender left the attribute out
        String pdfBase64 = java.util.Base64.getEncoder().encodeToString(PdfBuilder.render("CH Fictif", "Consultation",
                List.of(text), PdfBuilder.Layout.LETTERHEAD));
        Unreadable pdfInline = (Unreadable) read(letter().build().replaceFirst(structuredBody,
                "<nonXMLBody><text mediaType=\"application/pdf\">" + pdfBase64 + "</text></nonXMLBody>"));
        assertThat(pdfInline.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(pdfInline.rejection().detail()).contains("application/pdf written inline");
        Unreadable empty = (Unreadable) read(letter().build().replaceFirst(structuredBody,
                "<nonXMLBody><text mediaType=\"text/plain\" representation=\"TXT\">  </text></nonXMLBody>"));
        assertThat(empty.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(empty.rejection().detail()).isEqualTo("nonXMLBody is empty");
    }

    /**
     * Round 32, a tester on the Australian CDA library's shapes: a base64 text/plain body in Latin-1, its charset declared
     * or not (the feed's is ISO-8859-1), was read as UTF-8, its accents lost ("Synth\uFFFDse"); UTF-8 with a mark stays UTF-8.
     */
    @Test
    void aPlainTextBodyIsReadInItsDeclaredCharsetElseUtf8ElseTheFeeds() {
        String text = "SYNTHÈSE MÉDICALE. Patiente suivie pour une hépatite, état stable, à revoir.";
        String structuredBody = "(?s)<structuredBody>.*</structuredBody>";
        for (String[] c : new String[][] {{"text/plain; charset=ISO-8859-1", "ISO-8859-1"}, {"text/plain", "ISO-8859-1"},
                {"text/plain;charset=\"windows-1252\"", "windows-1252"}, {"text/plain", "UTF-8"}}) {
            byte[] bytes = text.getBytes(java.nio.charset.Charset.forName(c[1]));
            SourceDocument doc = (SourceDocument) read(letter().build().replaceFirst(structuredBody, "<nonXMLBody><text mediaType=\""
                    + c[0].replace("\"", "&quot;") + "\" representation=\"B64\">" + java.util.Base64.getEncoder().encodeToString(bytes)
                    + "</text></nonXMLBody>"));
            assertThat(doc.content().text()).as(c[0] + " " + c[1]).isEqualTo(text);
            assertThat(doc.content().bytes()).as("stored as sent").isEqualTo(bytes);
        }
        byte[] marked = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
        assertThat(CdaReader.plainText(marked, "text/plain; charset=ISO-8859-1", StandardCharsets.ISO_8859_1).text()).isEqualTo(text);
        // the review: UTF-8 bytes declared Latin-1 are refused, never mojibake (as HL7's MSH-18); so is an unknown charset
        Unreadable misdeclared = (Unreadable) read(letter().build().replaceFirst(structuredBody, "<nonXMLBody><text mediaType="
                + "\"text/plain; charset=ISO-8859-1\" representation=\"B64\">" + java.util.Base64.getEncoder().encodeToString(
                text.getBytes(StandardCharsets.UTF_8)) + "</text></nonXMLBody>"));
        assertThat(misdeclared.rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
        assertThat(CdaReader.plainText(new byte[] {'a'}, "text/plain; charset=x-no-such", StandardCharsets.UTF_8).refusal().reason())
                .isEqualTo(ReasonCode.ENCODING_INVALID);
        // an attacker: one short line in Latin-1 was "declared text/plain but its bytes are application/octet-stream"
        String shortLine = "Compte rendu : état général conservé, fièvre à 38°C.";
        for (String type : List.of("text/plain", "text/plain; charset=ISO-8859-1")) {
            SourceDocument one = (SourceDocument) read(letter().build().replaceFirst(structuredBody, "<nonXMLBody><text mediaType=\""
                    + type + "\" representation=\"B64\">" + java.util.Base64.getEncoder().encodeToString(
                    shortLine.getBytes(StandardCharsets.ISO_8859_1)) + "</text></nonXMLBody>"));
            assertThat(one.content().text()).as(type).isEqualTo(shortLine);
        }
        byte[] binary = {0x01, 0x02, (byte) 0xE9, 0x00, 0x7F, 0x10, 0x11, 0x12};
        assertThat(reason(read(letter().build().replaceFirst(structuredBody, "<nonXMLBody><text mediaType=\"text/plain\""
                + " representation=\"B64\">" + java.util.Base64.getEncoder().encodeToString(binary) + "</text></nonXMLBody>"))))
                .as("bytes with controls stay refused").isEqualTo(ReasonCode.UNSAFE_CONTENT);
        // the review: an inline body is characters the XML parser decoded: its declared charset changes nothing
        SourceDocument inline = (SourceDocument) read(letter().build().replaceFirst(structuredBody,
                "<nonXMLBody><text mediaType=\"text/plain; charset=ISO-8859-1\">" + text + "</text></nonXMLBody>"));
        assertThat(inline.content().text()).isEqualTo(text);
    }

    /** A structured body whose first section carries this value (an observationMedia, as CI-SIS "FR-Document-attache" does). */
    private static String withAttachment(String mediaType, byte[] bytes) {
        return letter().build().replaceFirst("</section>", "<entry><observationMedia classCode=\"OBS\" moodCode=\"EVN\"><value"
                + (mediaType == null ? "" : " mediaType=\"" + mediaType + "\"") + " representation=\"B64\">"
                + java.util.Base64.getEncoder().encodeToString(bytes) + "</value></observationMedia></entry></section>");
    }

    private static byte[] withOpenActionJavaScript(byte[] pdf) throws java.io.IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            doc.getDocumentCatalog().setOpenAction(new org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript("app.alert(1);"));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /**
     * Round 30, a tester (HL7's CDA-core-sd example, pdf-lib's PDFs): a PDF with JavaScript, embedded files or a password
     * attached in a structured body was stored, refused as a nonXMLBody (formats.md: the same check inside a CDA).
     */
    @Test
    void aFileAttachedInAStructuredBodyPassesTheChecksANonXmlBodyDoes() throws Exception {
        byte[] pdf = PdfBuilder.render("CH Fictif", "Compte rendu", List.of("Examen sans particularité."), PdfBuilder.Layout.LETTERHEAD);
        assertThat(read(withAttachment("application/pdf", pdf))).isInstanceOf(SourceDocument.class); // control: a clean PDF
        Unreadable js = (Unreadable) read(withAttachment("application/pdf", withOpenActionJavaScript(pdf)));
        assertThat(js.rejection().reason()).isEqualTo(ReasonCode.UNSAFE_CONTENT);
        assertThat(js.rejection().detail()).startsWith("PDF attached in the structuredBody: ").contains("OpenAction");
        // the same PDF declared an image, or with no media type, is still a PDF: looked at as one
        assertThat(reason(read(withAttachment("image/png", pdf)))).isEqualTo(ReasonCode.UNSAFE_CONTENT);
        assertThat(reason(read(withAttachment(null, withOpenActionJavaScript(pdf))))).isEqualTo(ReasonCode.UNSAFE_CONTENT);
        // text declared as an image, and broken base64
        assertThat(reason(read(withAttachment("image/jpeg", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)))))
                .isEqualTo(ReasonCode.UNSAFE_CONTENT);
        assertThat(reason(read(letter().build().replaceFirst("</section>", "<entry><observationMedia><value mediaType=\"image/png\""
                + " representation=\"B64\">@@@not base64@@@</value></observationMedia></entry></section>"))))
                .isEqualTo(ReasonCode.FORMAT_CORRUPT);
        // HTML, SVG and programs are active content whatever they are declared (round 30, a reviewer)
        assertThat(reason(read(withAttachment("text/html", "<html><body>x</body></html>".getBytes(StandardCharsets.UTF_8)))))
                .isEqualTo(ReasonCode.UNSAFE_CONTENT);
        assertThat(reason(read(withAttachment("image/svg+xml", ("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script>"
                + "</svg>").getBytes(StandardCharsets.UTF_8))))).isEqualTo(ReasonCode.UNSAFE_CONTENT);
        byte[] elf = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3E, 0};
        assertThat(reason(read(withAttachment("application/octet-stream", elf)))).isEqualTo(ReasonCode.UNSAFE_CONTENT);
        // round 30, an attacker: the PDF's base64 without representation="B64" was stored unchecked
        String inline = letter().build().replaceFirst("</section>", "<entry><observationMedia><value mediaType=\"application/pdf\">"
                + java.util.Base64.getEncoder().encodeToString(withOpenActionJavaScript(pdf)) + "</value></observationMedia></entry></section>");
        assertThat(reason(read(inline))).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        // a reference to an outside file is kept as written (never fetched): the narrative reads without it
        assertThat(read(letter().build().replaceFirst("</section>", "<entry><observationMedia><value mediaType=\"image/gif\">"
                + "<reference value=\"lefthand.gif\"/></value></observationMedia></entry></section>"))).isInstanceOf(SourceDocument.class);
        // bytes before the header: said as such, not "declared application/pdf but its bytes are application/pdf"
        byte[] preamble = new byte[pdf.length + 12];
        System.arraycopy("hello world\n".getBytes(StandardCharsets.US_ASCII), 0, preamble, 0, 12);
        System.arraycopy(pdf, 0, preamble, 12, pdf.length);
        Unreadable offset = (Unreadable) read(withAttachment("application/pdf", preamble));
        assertThat(offset.rejection().detail()).contains("has 12 bytes before its %PDF- header");
    }

    /**
     * CI-SIS non-structured CDA may carry a scanned paper document (JPEG, TIFF) or an RTF (codes.md xds-sd jpeg, tiff,
     * rtf): they were refused FORMAT_UNSUPPORTED. Stored as sent, no text; bytes that are not what is declared are
     * refused as a PDF's are.
     */
    @Test
    void aScannedJpegOrTiffOrAnRtfBodyIsStoredAsSentAndChecked() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
                (byte) 0xFF, (byte) 0xD9};
        byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] rtf = "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Compte rendu de consultation.\\par }".getBytes(StandardCharsets.US_ASCII);
        String pdfBody = "<text mediaType=\"application/pdf\" representation=\"B64\">";
        byte[] pdf = PdfBuilder.render("CH Fictif", "Scan", List.of("x"), PdfBuilder.Layout.LETTERHEAD);
        String cda = letter().pdfBody(pdf).build();
        String b64 = cda.substring(cda.indexOf(pdfBody) + pdfBody.length(), cda.indexOf("</text>", cda.indexOf(pdfBody)));
        for (Object[] c : new Object[][] {{"image/jpeg", jpeg, "image/jpeg"}, {"image/tiff", tiff, "image/tiff"},
                {"text/rtf", rtf, "application/rtf"}}) {
            String body = cda.replace(pdfBody, "<text mediaType=\"" + c[0] + "\" representation=\"B64\">")
                    .replace(b64, java.util.Base64.getEncoder().encodeToString((byte[]) c[1]));
            SourceDocument doc = (SourceDocument) read(body);
            assertThat(doc.content().bytes()).as((String) c[0]).isEqualTo(c[1]);
            assertThat(doc.content().mediaType()).isEqualTo(c[2]);
            assertThat(doc.flags()).contains(SourceDocument.NO_TEXT_LAYER);
        }
        String notAJpeg = cda.replace(pdfBody, "<text mediaType=\"image/jpeg\" representation=\"B64\">");
        assertThat(reason(read(notAJpeg))).isEqualTo(ReasonCode.UNSAFE_CONTENT); // a PDF declared a JPEG
    }

    /**
     * CDA R2 allows a compressed ED body (DF, GZ, ZL...); the CI-SIS body is plain base64. Round 26 (a tester on
     * blue-button's PDF wrapped with compression="DF"): its deflated bytes were taken for the PDF it declared and
     * refused UNSAFE_CONTENT, which sends an operator to security for a document only compressed.
     */
    @Test
    void aCompressedBodyIsUnsupportedNotUnsafe() throws Exception {
        byte[] pdf = PdfBuilder.render("CH Fictif", "Lettre de liaison", List.of("Sortie ce jour."), PdfBuilder.Layout.LETTERHEAD);
        java.io.ByteArrayOutputStream deflated = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(deflated,
                new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true))) {
            out.write(pdf);
        }
        String pdfBody = "<text mediaType=\"application/pdf\" representation=\"B64\">";
        String cda = letter().pdfBody(pdf).build();
        String b64 = cda.substring(cda.indexOf(pdfBody) + pdfBody.length(), cda.indexOf("</text>", cda.indexOf(pdfBody)));
        String compressed = cda.replace(pdfBody, "<text mediaType=\"application/pdf\" representation=\"B64\" compression=\"DF\">")
                .replace(b64, java.util.Base64.getEncoder().encodeToString(deflated.toByteArray()));
        assertThat(reason(read(compressed))).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
        assertThat(((fr.dmp.ingest.format.Unreadable) read(compressed)).rejection().detail()).contains("compressed (DF)");
        String odd = compressed.replace("compression=\"DF\"", "compression=\"D&lt;F&gt;\"");
        assertThat(((fr.dmp.ingest.format.Unreadable) read(odd)).rejection().detail()).contains("compressed (?)");
        assertThat(read(cda)).isInstanceOf(SourceDocument.class); // the same PDF uncompressed
    }

    /**
     * Round 26 (blue-button's fixtures, C-CDA): one {@code name} per use, the legal name with the spouse's name (SP)
     * first, the birth name (BR) in a second {@code name}: only the first was read, and the document refused for a
     * birth name it stated.
     */
    @Test
    void theBirthNameIsReadFromTheNameElementThatStatesIt() {
        fr.dmp.ingest.domain.Traits t = traits("<name use=\"L\"><given>Eve</given><family qualifier=\"SP\">EPOUSE</family></name>"
                + "<name use=\"SRCH\"><given>Eve</given><given>Marie</given><family qualifier=\"BR\">FICTIF</family></name>");
        assertThat(t.birthName()).isEqualTo("FICTIF");
        assertThat(t.firstNames()).containsExactly("Eve", "Marie");
        // the birth name's element holds no given: the first names come from the first name that has some (review)
        assertThat(traits("<name use=\"L\"><given>Eve</given><family qualifier=\"SP\">EPOUSE</family></name>"
                + "<name><family qualifier=\"BR\">FICTIF</family></name>").firstNames()).containsExactly("Eve");
        // no BR anywhere: the first name element, as before
        assertThat(traits("<name><given>Anne</given><family>PREMIER</family></name><name><family>SECOND</family></name>")
                .birthName()).isEqualTo("PREMIER");
    }

    /**
     * A CI-SIS CR-BIO (level 3) by an independent writer: 13 coded results with units, flags and ranges, stored with no
     * result row. Its entries' observations are now results as an ORU's OBX are: code, value, unit, range, flag,
     * status, time; a null flavour is no result, nor an earlier value given for comparison (entryRelationship REFR);
     * a letter's entries are not read as results.
     */
    @Test
    void aStructuredLabReportsObservationsAreItsResults() {
        String entries = """
                <component><section><code code="18719-5" codeSystem="2.16.840.1.113883.6.1"/><title>Biochimie</title>
                <text>Glucose 6,39 mmol/L</text>
                <entry><organizer classCode="BATTERY" moodCode="EVN"><statusCode code="completed"/>
                  <component><observation classCode="OBS" moodCode="EVN">
                    <code code="2345-7" codeSystem="2.16.840.1.113883.6.1" displayName="Glucose"/>
                    <statusCode code="completed"/><effectiveTime value="20261118073000+0100"/>
                    <value xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="PQ" value="6.39" unit="mmol/L"/>
                    <interpretationCode code="H" codeSystem="2.16.840.1.113883.5.83"/>
                    <referenceRange><observationRange><value xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="IVL_PQ">
                      <low value="3.9" unit="mmol/L"/><high value="6.1" unit="mmol/L"/></value></observationRange></referenceRange>
                  </observation></component>
                  <component><observation classCode="OBS" moodCode="EVN">
                    <code code="5196-1" codeSystem="2.16.840.1.113883.6.1" displayName="Ag HBs"/>
                    <statusCode code="completed"/>
                    <value xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CD" code="260385009" displayName="Négatif"/>
                  </observation></component>
                  <component><observation classCode="OBS" moodCode="EVN">
                    <code code="1742-6" codeSystem="2.16.840.1.113883.6.1" displayName="ALAT"/><statusCode code="completed"/>
                    <value xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="PQ" value="31" unit="U/L"/>
                    <entryRelationship typeCode="REFR"><observation classCode="OBS" moodCode="EVN">
                      <code code="1742-6" codeSystem="2.16.840.1.113883.6.1"/><effectiveTime value="20250301"/>
                      <value xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="PQ" value="55" unit="U/L"/>
                    </observation></entryRelationship>
                  </observation></component>
                  <component><observation classCode="OBS" moodCode="EVN">
                    <code code="2093-3" codeSystem="2.16.840.1.113883.6.1"/><statusCode code="completed"/>
                    <value xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="PQ" nullFlavor="NA"/>
                  </observation></component>
                </organizer></entry></section></component>""";
        String letter = letter().build();
        String lab = letter.replace("code=\"11490-0\"", "code=\"11502-2\"")
                .replaceFirst("(<structuredBody>)", "$1" + java.util.regex.Matcher.quoteReplacement(entries));
        SourceDocument doc = (SourceDocument) read(lab);
        assertThat(doc.observations()).extracting(o -> o.code()).containsExactly("2345-7", "5196-1", "1742-6"); // not its earlier value
        var glucose = doc.observations().get(0);
        assertThat(glucose.code()).isEqualTo("2345-7");
        assertThat(glucose.codeSystem()).isEqualTo("LN");
        assertThat(glucose.numericValue()).isEqualByComparingTo("6.39");
        assertThat(glucose.unit()).isEqualTo("mmol/L");
        assertThat(glucose.referenceRange()).isEqualTo("3.9-6.1");
        assertThat(glucose.abnormalFlags()).isEqualTo("H");
        assertThat(glucose.resultStatus()).isEqualTo("F");
        assertThat(glucose.observedAt()).isEqualTo(Instant.parse("2026-11-18T06:30:00Z"));
        assertThat(doc.observations().get(1).value()).isEqualTo("Négatif");
        assertThat(doc.observations().get(1).valueType()).isEqualTo("CE");
        // round 35, a tester on the Italian FSE examples: "1,250" (thousands, or three decimals) was stored 1.25; a French
        // decimal comma stays one
        SourceDocument commas = (SourceDocument) read(lab.replace("value=\"6.39\"", "value=\"1,250\"").replace("value=\"31\"", "value=\"98,5\""));
        assertThat(commas.observations().get(0).value()).isEqualTo("1,250");
        assertThat(commas.observations().get(0).numericValue()).isNull();
        assertThat(commas.observations().get(2).numericValue()).isEqualByComparingTo("98.5");
        SourceDocument zero = (SourceDocument) read(lab.replace("value=\"6.39\"", "value=\"0,250\""));
        assertThat(zero.observations().get(0).numericValue()).as("a review: no thousands group starts with 0").isEqualByComparingTo("0.25");
        // round 36, a tester on Nictiz's XD-LAB examples: a titre (RTO) was left out without a word; a value with a unit
        // but no xsi:type lost its unit; the sender's originalText gave way to the code's name; a centred time was none
        String more = lab.replace("<value xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"PQ\" value=\"31\" unit=\"U/L\"/>",
                        "<value xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"RTO_PQ_PQ\"><numerator value=\"1\"/>"
                                + "<denominator value=\"64\"/></value>")
                .replace("displayName=\"Négatif\"/>", "displayName=\"Négatif\"><originalText>Négatif (seuil 0,05)</originalText></value>")
                .replace("<effectiveTime value=\"20261118073000+0100\"/>", "<effectiveTime><center value=\"20261118073000+0100\"/></effectiveTime>")
                .replace("xsi:type=\"PQ\" value=\"6.39\"", "value=\"6.39\"");
        SourceDocument read = (SourceDocument) read(more);
        assertThat(read.observations()).extracting(o -> o.value()).containsExactly("6.39", "Négatif (seuil 0,05)", "1:64");
        assertThat(read.observations().get(0).unit()).isEqualTo("mmol/L");
        assertThat(read.observations().get(0).observedAt()).isEqualTo(Instant.parse("2026-11-18T06:30:00Z"));
        assertThat(read.observations().get(2).numericValue()).isNull();
        // the same entries in a discharge letter are not lab results
        String notLab = letter.replaceFirst("(<structuredBody>)", "$1" + java.util.regex.Matcher.quoteReplacement(entries));
        assertThat(((SourceDocument) read(notLab)).observations()).isEmpty();
    }

    /**
     * Round 37, a tester on Estonian and Vietnamese reports: a lab report typed by its translation to 11502-2 was stored with
     * no result; results timed on the procedure holding them had no time; a unit on the IVL_PQ itself was lost; a one-sided
     * bound, inclusive by default, was stored strict; a diagnosis (classCode COND) was stored as a result.
     */
    @Test
    void aTranslatedLabReportKeepsItsResultsTimedByTheirActWithTheirUnitsAndBoundsAndNoDiagnosis() {
        String entries = """
                <component><section><title>Analüüsid</title><text>CRP alla 5 mg/l</text>
                <entry><procedure classCode="PROC" moodCode="EVN"><code code="LAB"/><effectiveTime value="20240315120000+0200"/>
                  <entryRelationship typeCode="COMP"><observation classCode="OBS" moodCode="EVN">
                    <code code="1988-5" codeSystem="2.16.840.1.113883.6.1" displayName="CRP"/><statusCode code="completed"/>
                    <value xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="IVL_PQ" unit="mg/l"><high value="5" inclusive="false"/></value>
                    <referenceRange><observationRange><value xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="IVL_PQ">
                      <low value="40" unit="mg/dL"/></value></observationRange></referenceRange>
                  </observation></entryRelationship>
                </procedure></entry>
                <entry><observation classCode="COND" moodCode="EVN"><code code="14657009" codeSystem="2.16.840.1.113883.6.96"/>
                  <value xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CD" code="195967001" displayName="Asthma"/>
                </observation></entry></section></component>""";
        String letter = letter().build();
        String translated = letter.replace("<code code=\"11490-0\" codeSystem=\"2.16.840.1.113883.6.1\" displayName=\"Lettre de liaison à la sortie\"/>",
                        "<code code=\"9\" codeSystem=\"1.3.6.1.4.1.28284.6.2.4.37\"><translation code=\"11502-2\""
                        + " codeSystem=\"2.16.840.1.113883.6.1\"/></code>")
                .replaceFirst("(<structuredBody>)", "$1" + java.util.regex.Matcher.quoteReplacement(entries));
        SourceDocument doc = (SourceDocument) read(translated);
        assertThat(doc.meta().typeHints()).extracting(h -> h.code()).contains("11502-2");
        assertThat(doc.observations()).extracting(o -> o.code()).containsExactly("1988-5");
        var crp = doc.observations().get(0);
        assertThat(crp.value()).isEqualTo("<5");
        assertThat(crp.unit()).isEqualTo("mg/l");
        assertThat(crp.referenceRange()).isEqualTo(">=40");
        assertThat(crp.observedAt()).isEqualTo(Instant.parse("2024-03-15T10:00:00Z"));
    }

    @Test
    void doctypeEntitiesAndExternalReferencesAreUnsafeAndNeverFollowed() {
        String xxe = letter().prolog("<!DOCTYPE ClinicalDocument [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n").build()
                .replace("<title>", "<title>&x;");
        assertThat(reason(read(xxe))).isEqualTo(ReasonCode.UNSAFE_CONTENT);
        String laughs = letter().prolog("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n").build();
        assertThat(reason(read(laughs))).isEqualTo(ReasonCode.UNSAFE_CONTENT);
        String reference = letter().build().replaceFirst("<structuredBody>[\\s\\S]*</structuredBody>",
                "<nonXMLBody><text mediaType=\"application/pdf\"><reference value=\"file:///etc/passwd\"/></text></nonXMLBody>");
        assertThat(reason(read(reference))).isEqualTo(ReasonCode.UNSAFE_CONTENT);
        // round 32, a tester: an exporter's comment naming "<!DOCTYPE>" is no DOCTYPE; one after a comment quoting markup is
        assertThat(read(letter().prolog("<!-- exported by X; no <!DOCTYPE> used -->\n").build())).isInstanceOf(SourceDocument.class);
        String afterMarkupInAComment = letter().prolog("<!-- <b>exported</b> -->\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n").build();
        assertThat(SafeXml.unsafe(afterMarkupInAComment.getBytes(StandardCharsets.UTF_8))).startsWith("XML with a DOCTYPE");
        assertThat(reason(read(afterMarkupInAComment))).isEqualTo(ReasonCode.UNSAFE_CONTENT);
        // the review: a DOCTYPE between an instruction that opens a "comment" and one that closes it
        String inInstructions = letter().prolog("<?x <!-- ?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><?y --> ?>\n").build();
        assertThat(SafeXml.unsafe(inInstructions.getBytes(StandardCharsets.UTF_8))).startsWith("XML with a DOCTYPE");
    }

    /** Review: the check before parsing read UTF-16 as ISO-8859-1 and saw no DOCTYPE; only the parser refused it. */
    @Test
    void aDoctypeOrXIncludeInUtf16IsUnsafeContentBeforeParsing() {
        String xxe = letter().prolog("<!DOCTYPE ClinicalDocument [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n").build()
                .replace("<title>", "<title>&x;").replaceFirst("encoding=\"[^\"]*\"", "encoding=\"UTF-16\"");
        String xinclude = letter().build().replace("<title>", "<title><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\"/>")
                .replaceFirst("encoding=\"[^\"]*\"", "encoding=\"UTF-16\"");
        for (String xml : List.of(xxe, xinclude)) {
            for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16)) {
                Unreadable u = (Unreadable) reader.read(new InputFile("x.xml", xml.getBytes(cs), null), CONTEXT).get(0);
                assertThat(u.rejection().reason()).as(cs.name()).isEqualTo(ReasonCode.UNSAFE_CONTENT);
                assertThat(u.rejection().detail()).as(cs.name()).startsWith("XML with a");
            }
        }
        assertThat(SafeXml.headCharset("<?xml".getBytes(StandardCharsets.UTF_8))).isEqualTo(StandardCharsets.ISO_8859_1);
    }

    /** Round 33, a tester: UTF-16 with its byte order mark and no XML declaration (XML 1.0 4.3.3) was ENCODING_INVALID. */
    @Test
    void aCdaInUtf16WithItsByteOrderMarkAndNoDeclarationIsRead() {
        String xml = letter().build();
        String undeclared = xml.substring(xml.indexOf("?>") + 2).stripLeading();
        assertThat(undeclared).startsWith("<ClinicalDocument");
        byte[] bigEndian = undeclared.getBytes(StandardCharsets.UTF_16); // Java writes the big-endian mark first
        byte[] le = undeclared.getBytes(StandardCharsets.UTF_16LE);
        byte[] littleEndian = new byte[le.length + 2];
        littleEndian[0] = (byte) 0xFF;
        littleEndian[1] = (byte) 0xFE;
        System.arraycopy(le, 0, littleEndian, 2, le.length);
        fr.dmp.ingest.format.Formats formats = new fr.dmp.ingest.format.Formats(List.of(reader));
        for (byte[] bytes : List.of(bigEndian, littleEndian)) {
            var recognised = formats.recognise(bytes, java.util.Set.of(fr.dmp.ingest.format.SourceFormat.CDA));
            assertThat(recognised.refusal()).isNull();
            assertThat(recognised.format()).isEqualTo(fr.dmp.ingest.format.SourceFormat.CDA);
            SourceDocument doc = (SourceDocument) reader.read(new InputFile("x.xml", bytes, null), CONTEXT).get(0);
            assertThat(doc.meta().documentId()).isEqualTo("1.2.250.1.213.1.1.9^LDL-42");
        }
    }

    @Test
    void aMissingRecordTargetIsMetadataMissingAndBrokenXmlIsFormatCorrupt() {
        Unreadable u = (Unreadable) read(letter().withoutRecordTarget().build());
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.METADATA_MISSING);
        assertThat(u.rejection().detail()).contains("recordTarget");
        assertThat(reason(read(letter().build().substring(0, 400)))).isEqualTo(ReasonCode.FORMAT_CORRUPT);
    }

    /** The recordTarget block of a letter for {@code patient}, as the builder writes it. */
    private static String recordTargetOf(SyntheticPatient patient) {
        String xml = letter().patient(patient).build();
        return xml.substring(xml.indexOf("<recordTarget>"), xml.indexOf("</recordTarget>") + "</recordTarget>".length());
    }

    /**
     * Round 27, tester C: a CDA with two recordTargets (two patients, each with an INS) was filed under the first
     * patient; with the INS only in the second, refused INS_UNKNOWN_OID. The CI-SIS header has exactly one: refused,
     * naming how many, whatever the patients.
     */
    @Test
    void aCdaWithMoreThanOneRecordTargetIsRefusedNamingHowMany() {
        String first = recordTargetOf(PATIENT);
        String other = recordTargetOf(SyntheticPatients.pool(3, 11).get(1));
        String localIdOnly = first.replaceFirst("<id root=\"" + java.util.regex.Pattern.quote(SyntheticPatient.TEST_OID) + "\"[^>]*/>", "");
        assertThat(localIdOnly).isNotEqualTo(first);
        for (String[] c : new String[][] {{"two patients", first + other, "2 recordTarget"},
                {"the INS in the second only", localIdOnly + other, "2 recordTarget"},
                {"the same patient twice", first + first, "2 recordTarget"},
                {"three", first + other + first, "3 recordTarget"},
                {"two patientRoles in one", first.replace("</patientRole>", "</patientRole>"
                        + other.substring(other.indexOf("<patientRole>"), other.indexOf("</recordTarget>"))), "2 patientRole"}}) {
            Unreadable u = (Unreadable) read(letter().build().replace(first, c[1]));
            assertThat(u.rejection().reason()).as(c[0]).isEqualTo(ReasonCode.METADATA_INVALID);
            assertThat(u.rejection().detail()).as(c[0]).contains(c[2]).doesNotContain(PATIENT.ins(), PATIENT.birthName());
        }
        assertThat(read(letter().build())).isInstanceOf(SourceDocument.class);
    }

    @Test
    void brokenBase64InABodyIsFormatCorrupt() {
        String broken = letter().pdfBody(new byte[] {1, 2, 3}).build().replaceFirst("(representation=\"B64\">)[^<]*", "$1@@@notbase64");
        assertThat(reason(read(broken))).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(((Unreadable) read(broken)).rejection().detail()).isEqualTo("nonXMLBody base64 is broken");
    }

    /** Round 27, tester C: an empty structuredBody (no section) was stored as a letter with no text. */
    @Test
    void aStructuredBodyWithoutAnySectionIsFormatCorrupt() {
        for (String empty : List.of("<structuredBody/>", "<structuredBody><component/></structuredBody>")) {
            Unreadable u = (Unreadable) read(letter().build().replaceFirst("(?s)<structuredBody>.*</structuredBody>", empty));
            assertThat(u.rejection().reason()).as(empty).isEqualTo(ReasonCode.FORMAT_CORRUPT);
            assertThat(u.rejection().detail()).isEqualTo("CDA structuredBody without any section");
        }
        assertThat(read(letter().build())).isInstanceOf(SourceDocument.class);
    }

    /** Round 27, tester C: a 0-byte PDF in base64 (an empty text element) was called broken base64; it is empty. */
    @Test
    void anEmptyBase64BodyIsSaidToBeEmpty() {
        for (String nothing : List.of("", "\n  \n")) {
            String empty = letter().pdfBody(new byte[] {1, 2, 3}).build().replaceFirst("(representation=\"B64\">)[^<]*", "$1" + nothing);
            Unreadable u = (Unreadable) read(empty);
            assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
            assertThat(u.rejection().detail()).isEqualTo("nonXMLBody is empty");
        }
        // an attacker: base64 of blanks, text/plain, was stored where the same blanks inline were refused
        String blanks = letter().pdfBody(new byte[] {1, 2, 3}).build()
                .replaceFirst("(representation=\"B64\">)[^<]*", "$1ICAgCg==").replace("application/pdf", "text/plain");
        Unreadable u = (Unreadable) read(blanks);
        assertThat(u.rejection().detail()).isEqualTo("nonXMLBody is empty");
    }

    /**
     * Round 11 (an independent writer of encodings): a CDA declared ISO-8859-1 whose Windows editor wrote byte 0x92 (’)
     * in the birth name was read with a C1 control character in it and refused IDENTITY_NOT_QUALIFIED; 0x80-0x9F under
     * that label are Windows-1252, as HL7 8859/1 is read. A true ISO-8859-1 file is read as before.
     */
    @Test
    void aCdaDeclaredIso88591WithWindows1252PunctuationIsReadAsWindows1252() {
        String xml = letter().build().replaceFirst("<\\?xml[^>]*\\?>", "").strip();
        String family = PATIENT.birthName();
        String latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + xml.replace(">" + family + "<", ">D’ORAZIO-É<");
        SourceDocument doc = (SourceDocument) reader.read(new InputFile("x.xml",
                latin1.getBytes(java.nio.charset.Charset.forName("windows-1252")), null), CONTEXT).get(0);
        assertThat(doc.patient().traits().birthName()).isEqualTo("D’ORAZIO-É");
        String plain = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n" + xml.replace(">" + family + "<", ">CHÂTEL<");
        doc = (SourceDocument) reader.read(new InputFile("x.xml", plain.getBytes(StandardCharsets.ISO_8859_1), null), CONTEXT).get(0);
        assertThat(doc.patient().traits().birthName()).isEqualTo("CHÂTEL");
    }

    /**
     * Round 27, tester C: a CDA declared UTF-8 whose bytes are Latin-1 was FORMAT_CORRUPT "malformed XML"; the XML is
     * well formed, its bytes are not in the declared character set: ENCODING_INVALID, naming that set. Broken markup
     * stays FORMAT_CORRUPT.
     */
    @Test
    void latin1BytesUnderAUtf8DeclarationAreEncodingInvalid() {
        String xml = letter().build();
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").contains("é");
        Unreadable u = (Unreadable) reader.read(new InputFile("x.xml", xml.getBytes(StandardCharsets.ISO_8859_1), null), CONTEXT).get(0);
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
        assertThat(u.rejection().detail()).isEqualTo("bytes not valid in the declared character set (UTF-8)");
        String undeclared = xml.replaceFirst("<\\?xml[^>]*\\?>", "").strip();
        u = (Unreadable) reader.read(new InputFile("x.xml", undeclared.getBytes(StandardCharsets.ISO_8859_1), null), CONTEXT).get(0);
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.ENCODING_INVALID);
        assertThat(u.rejection().detail()).contains("UTF-8, XML's default");
        assertThat(((Unreadable) read(xml.replace("</title>", "</titl>"))).rejection().detail()).isEqualTo("malformed XML");
    }

    /** The patient's name block of a letter replaced (CI-SIS shapes of recordTarget/patientRole/patient/name). */
    private fr.dmp.ingest.domain.Traits traits(String nameBlock) {
        String xml = letter().build().replaceFirst("(?s)(<patient>\\s*)<name>.*?</name>", "$1" + java.util.regex.Matcher.quoteReplacement(nameBlock));
        return ((SourceDocument) read(xml)).patient().traits();
    }

    @Test
    void theCiSisNameQualifiersSayWhichGivenIsTheBirthListTheFirstFirstNameOrTheNameInUse() {
        // the ANS examples (TestContenuCDA, LDL-SES_2022.01): the list of birth first names without qualifier, the first
        // of them BR, the name and first name in use CL (RNIV, not INS traits); read before as three first names
        fr.dmp.ingest.domain.Traits ans = traits("""
                <name>
                  <family qualifier="BR">FICTIF-TROIS</family>
                  <given>DOMINIQUE MARIE-LOUISE</given>
                  <given qualifier="BR">DOMINIQUE</given>
                  <family qualifier="CL">USAGE</family>
                  <given qualifier="CL">DOMI</given>
                </name>""");
        assertThat(ans.birthName()).isEqualTo("FICTIF-TROIS");
        assertThat(ans.firstNames()).containsExactly("DOMINIQUE", "MARIE-LOUISE");
        // a first first name of two words, BR, and the list that starts with it
        assertThat(traits("<name><given qualifier=\"BR\">Marie Claire</given><given>Marie Claire Anne</given>"
                + "<family qualifier=\"BR\">FICTIF</family></name>").firstNames()).containsExactly("Marie Claire", "Anne");
        // the name of usage first, the birth name after it
        assertThat(traits("<name><family qualifier=\"SP\">EPOUSE</family><family>FICTIF</family><given>Anne</given></name>")
                .birthName()).isEqualTo("FICTIF");
        // round 16: the spouse's name (SP) or the name in use (CL) alone is no birth name (formats.md: no INS trait)
        assertThat(traits("<name><family qualifier=\"SP\">EPOUSE</family><given>Anne</given></name>").birthName()).isNull();
        assertThat(traits("<name><family qualifier=\"CL\">USAGE</family><given>Anne</given></name>").birthName()).isNull();
        // the other way round (a writer who never saw the CI-SIS): the first name alone, the whole list under BR
        assertThat(traits("<name><given>Nathalie</given><given qualifier=\"BR\">Nathalie Élodie Marie-Claire</given>"
                + "<family qualifier=\"BR\">F</family></name>").firstNames()).containsExactly("Nathalie", "Élodie", "Marie-Claire");
        assertThat(traits("<name><given>Fatima Zahra</given><given qualifier=\"BR\">Fatima Zahra Nour</given>"
                + "<family qualifier=\"BR\">F</family></name>").firstNames()).containsExactly("Fatima Zahra", "Nour");
        // one given per first name
        assertThat(traits("<name><given>Jean-Baptiste</given><given>Olivier</given><family qualifier=\"BR\">F</family></name>")
                .firstNames()).containsExactly("Jean-Baptiste", "Olivier");
        // a lone given says the words of the list, not where a first name ends: compared by its words (TraitComparison)
        assertThat(traits("<name><given>Maria Lucia</given><family qualifier=\"BR\">F</family></name>").firstNamesWrittenOut()).isTrue();
        assertThat(traits("<name><given>Maria, Lucia</given><family qualifier=\"BR\">F</family></name>").firstNamesWrittenOut()).isFalse();
        assertThat(ans.firstNamesWrittenOut()).isFalse();
        assertThat(traits("<name><given>Maria</given><given>Lucia</given><family qualifier=\"BR\">F</family></name>")
                .firstNamesWrittenOut()).isFalse();
        // initials are no first name; the first name in use is read only when nothing else names the patient
        assertThat(traits("<name><given>Anne</given><given qualifier=\"IN\">A.</given><family qualifier=\"BR\">F</family></name>")
                .firstNames()).containsExactly("Anne");
        assertThat(traits("<name><given qualifier=\"CL\">Anne</given><family qualifier=\"BR\">F</family></name>")
                .firstNames()).containsExactly("Anne");
    }
}
