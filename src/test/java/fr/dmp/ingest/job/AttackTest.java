package fr.dmp.ingest.job;

import fr.dmp.ingest.DmpIngestApplication;
import fr.dmp.ingest.classify.Catalogue;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.tools.generate.CdaBuilder;
import fr.dmp.ingest.tools.generate.MdmBuilder;
import fr.dmp.ingest.tools.generate.SidecarJson;
import fr.dmp.ingest.tools.generate.SyntheticPatient;
import fr.dmp.ingest.tools.generate.SyntheticPatients;
import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.store.ItemWork;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDJavascriptNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.common.filespecification.PDSimpleFileSpecification;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionGoTo;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionLaunch;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.action.PDPageAdditionalActions;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, "bad input that passes": inputs built to get something past the checks and into a dossier.
 * Each test writes out the attacker's move, then runs the file through the pipeline's pure stages
 * (claim → read → classify → validate, {@link FileProcessor}, as a chunk does) and checks the refusal and
 * its reason; each has a control, the same input without the attack, that is stored (so a refusal
 * proves the check, not a broken sample). No database: nothing here reaches the link or store stages.
 */
class AttackTest {

    static final SyntheticPatient PATIENT = SyntheticPatients.pool(1, 31).get(0);
    static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path work;

    FileProcessor processor;

    @BeforeEach
    void feed() throws IOException {
        Path jobs = Files.createDirectories(work.resolve("jobs"));
        Files.writeString(jobs.resolve("attack.yml"), String.join("\n", "name: attack", "drop: " + work.resolve("drop"),
                "work: " + work, "formats: [hl7v2, cda, pdf, hprim]", "sender:", "  finess: \"750000001\"",
                "dossierPolicy: create", "insMode: test", "identity:", "  acceptedStatuses: [QUAL]", "  whenAbsent: accept",
                "maxPdfPages: 50", "maxDecodedSize: 32MB", ""));
        Feed feed = new FeedFiles(jobs).load("attack");
        processor = FileProcessor.forFeed(feed, DmpIngestApplication.standardFormats(),
                DmpIngestApplication.standardClassifier(Catalogue.load()), Clock.systemUTC());
    }

    // ---- 1. sidecar with a key given twice -----------------------------------------------------------

    /**
     * Attacker's move: the sidecar states {@code "confidentiality": ["MASQUE_PS","INVISIBLE_PATIENT"]} (what a
     * schema check or a reviewer sees first), then the same key again with {@code ["N"]}. A parser where the
     * last key wins stores {@code N}: the document is shown to the patient and every professional, the masking
     * silently gone. Refused METADATA_INVALID: which value holds is ambiguous, and R6 never drops a flag.
     */
    @Test
    void sidecarRepeatingConfidentialityToDropTheMaskingIsRefused() throws IOException {
        String masked = sidecar(List.of("MASQUE_PS", "INVISIBLE_PATIENT"));
        String twice = masked.replaceFirst("(\"confidentiality\" : \\[[^]]*])", "$1,\n    \"confidentiality\" : [ \"N\" ]");
        assertThat(twice).isNotEqualTo(masked);

        assertRefused(pdfWithSidecar("dup-conf.pdf", letter(), twice), ReasonCode.METADATA_INVALID);
        // control: the masked sidecar alone is stored with both flags
        ItemWork.Ready ready = assertReady(pdfWithSidecar("masked.pdf", letter(), masked));
        assertThat(ready.document().source().meta().confidentiality()).containsExactly("MASQUE_PS", "INVISIBLE_PATIENT");
    }

    /**
     * Attacker's move: the same trick one level deeper or at the top, where a schema validator that sees the
     * parsed tree cannot notice it: a second {@code birthName} in {@code patient} (the dossier opened under
     * the second name while the first matched the INS lookup), a second {@code document} object. Refused at
     * any depth.
     */
    @Test
    void sidecarRepeatingAKeyAtAnyDepthIsRefused() throws IOException {
        String ok = sidecar(List.of("N"));
        String birthName = ok.replaceFirst("(\"birthName\" : \"[^\"]*\")", "$1,\n    \"birthName\" : \"AUTRE\"");
        String document = ok.replaceFirst("\n}\\s*$", ",\n  \"document\" : { \"authorOrganisation\" : \"750000001\","
                + " \"creationTime\" : \"2026-11-20T10:00:00Z\" }\n}");
        assertThat(birthName).isNotEqualTo(ok);
        assertThat(document).isNotEqualTo(ok);
        assertRefused(pdfWithSidecar("dup-name.pdf", letter(), birthName), ReasonCode.METADATA_INVALID);
        assertRefused(pdfWithSidecar("dup-doc.pdf", letter(), document), ReasonCode.METADATA_INVALID);
        // still METADATA_MISSING for JSON that is broken, not repeated
        assertRefused(pdfWithSidecar("broken.pdf", letter(), ok.substring(0, ok.length() / 2)), ReasonCode.METADATA_MISSING);
    }

    // ---- 2. identity traits outside the referential's characters ------------------------------------

    /**
     * Attacker's move (or a misconfigured sender): an HL7 result whose bytes are ISO-8859-1 French text but
     * whose MSH-18 says {@code 8859/7}, a character set Java has, so the bytes decode without error into
     * Greek: {@code HÉLOÏSE Gaëtan} becomes {@code HΙLOΟSE Gaλtan}, and a dossier would be opened under that
     * name, one no identity check ever matches again. ins.md: the referential's traits hold only Latin
     * letters, space, hyphen, apostrophe; refused IDENTITY_NOT_QUALIFIED, naming the kind of letter only.
     */
    @Test
    void hl7DeclaringGreekOverFrenchTextCannotOpenADossierWithAGreekName() throws IOException {
        byte[] latin1 = hl7WithName("HÉLOÏSE", "Gaëtan", "8859/1");
        byte[] greek = hl7WithName("HÉLOÏSE", "Gaëtan", "8859/7");

        Rejection r = assertRefused(file("greek.hl7", greek, null), ReasonCode.IDENTITY_NOT_QUALIFIED);
        assertThat(r.detail()).contains("birth name").contains("greek letter").doesNotContain("Ι").doesNotContain("HÉLOÏSE");
        // control: the same bytes declared as what they are
        ItemWork.Ready ready = assertReady(file("latin1.hl7", latin1, null));
        assertThat(ready.document().traits().birthName()).isEqualTo("HÉLOÏSE");
    }

    /**
     * Attacker's move: the same name through the other formats, where no character set is declared wrong:
     * a UTF-8 sidecar whose first name is Cyrillic, a CDA whose birth name holds a digit, a sidecar whose
     * birth place is not an INSEE code. The rule is in validate/, so it holds for every format.
     */
    @Test
    void everyFormatIsHeldToTheReferentialsCharacters() throws IOException {
        String cyrillic = sidecar(List.of("N")).replace("\"firstNames\" : [ \"", "\"firstNames\" : [ \"Иван\", \"");
        assertRefused(pdfWithSidecar("cyrillic.pdf", letter(), cyrillic), ReasonCode.IDENTITY_NOT_QUALIFIED);

        SyntheticPatient digit = new SyntheticPatient(PATIENT.ins(), "FICTIF2", PATIENT.firstNames(), PATIENT.sex(),
                PATIENT.birthDate(), PATIENT.birthPlace());
        String cda = new CdaBuilder().patient(digit).sections(List.<String[]>of(new String[] {"11535-2", "Conclusion", "Sortie."})).build();
        assertRefused(file("digit.xml", cda.getBytes(StandardCharsets.UTF_8), null), ReasonCode.IDENTITY_NOT_QUALIFIED);

        // control: French names with diacritics, hyphen, apostrophe, ligature are what the referential holds
        SyntheticPatient french = new SyntheticPatient(PATIENT.ins(), "L'ŒUVRE-DÉMO", List.of("Zoé", "Anaïs"),
                PATIENT.sex(), PATIENT.birthDate(), PATIENT.birthPlace());
        String ok = new CdaBuilder().patient(french).sections(List.<String[]>of(new String[] {"11535-2", "Conclusion", "Sortie."})).build();
        assertReady(file("french.xml", ok.getBytes(StandardCharsets.UTF_8), null));
    }

    // ---- 3. PDF with active content ------------------------------------------------------------------

    /**
     * Attacker's move: a report whose catalog OpenAction is JavaScript, run by the professional's viewer the
     * moment the DMP document is opened. Refused UNSAFE_CONTENT, never stripped (the original is what was
     * signed and sent).
     */
    @Test
    void pdfWithOpenActionJavaScriptIsRefused() throws IOException {
        byte[] pdf = edit(letter(), doc -> doc.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert('x');")));
        assertUnsafe(pdfWithSidecar("open-js.pdf", pdf, sidecar(List.of("N"))), "OpenAction");
        // control: an OpenAction that only shows the first page
        byte[] fit = edit(letter(), doc -> {
            PDActionGoTo goTo = new PDActionGoTo();
            PDPageFitDestination dest = new PDPageFitDestination();
            dest.setPage(doc.getPage(0));
            goTo.setDestination(dest);
            doc.getDocumentCatalog().setOpenAction(goTo);
        });
        assertReady(pdfWithSidecar("open-goto.pdf", fit, sidecar(List.of("N"))));
    }

    /**
     * Attacker's move: JavaScript where a check of the OpenAction alone does not look: the document-level
     * JavaScript name tree, a page's open action (/AA /O), and the end of an action chain that starts with
     * a harmless GoTo (/Next).
     */
    @Test
    void pdfWithJavaScriptElsewhereIsRefused() throws IOException {
        byte[] names = edit(letter(), doc -> {
            PDJavascriptNameTreeNode js = new PDJavascriptNameTreeNode();
            js.setNames(Map.of("init", new PDActionJavaScript("app.launchURL('http://127.0.0.1/');")));
            PDDocumentNameDictionary dict = new PDDocumentNameDictionary(doc.getDocumentCatalog());
            dict.setJavascript(js);
            doc.getDocumentCatalog().setNames(dict);
        });
        assertUnsafe(pdfWithSidecar("names-js.pdf", names, sidecar(List.of("N"))), "Names/JavaScript");

        byte[] pageOpen = edit(letter(), doc -> {
            PDPageAdditionalActions aa = new PDPageAdditionalActions();
            aa.setO(new PDActionJavaScript("app.alert('page');"));
            doc.getPage(0).setActions(aa);
        });
        assertUnsafe(pdfWithSidecar("page-aa.pdf", pageOpen, sidecar(List.of("N"))), "page 1");

        byte[] chain = edit(letter(), doc -> {
            PDActionGoTo goTo = new PDActionGoTo();
            PDPageFitDestination dest = new PDPageFitDestination();
            dest.setPage(doc.getPage(0));
            goTo.setDestination(dest);
            goTo.setNext(List.of(new PDActionJavaScript("app.alert('next');")));
            doc.getDocumentCatalog().setOpenAction(goTo);
        });
        assertUnsafe(pdfWithSidecar("next-js.pdf", chain, sidecar(List.of("N"))), "JavaScript");
    }

    /**
     * Attacker's move: a link over the report's text whose action is Launch (start {@code cmd.exe}), one
     * click from running a program; the control is a plain web link (URI), which stays allowed.
     */
    @Test
    void pdfWithALaunchLinkIsRefusedAndAPlainLinkIsNot() throws IOException {
        byte[] launch = edit(letter(), doc -> {
            PDActionLaunch action = new PDActionLaunch();
            action.setFile(new PDSimpleFileSpecification(new org.apache.pdfbox.cos.COSString("C:\\Windows\\System32\\cmd.exe")));
            linkOnPageOne(doc, action);
        });
        assertUnsafe(pdfWithSidecar("launch.pdf", launch, sidecar(List.of("N"))), "Launch");

        byte[] uri = edit(letter(), doc -> {
            PDActionURI action = new PDActionURI();
            action.setURI("https://esante.gouv.fr/");
            linkOnPageOne(doc, action);
        });
        assertReady(pdfWithSidecar("uri.pdf", uri, sidecar(List.of("N"))));
    }

    /**
     * Round 31, a tester with crafted PDFs: an action in the document outline (a bookmark the reader clicks), an embedded
     * file in a GoToR link's file specification or in a page's associated files (PDF 2.0 §14.13), a link to a script or a
     * local file, a link to a file on a network share: each was stored. Controls: a plain outline and a plain link.
     */
    @Test
    void pdfWithAnActionOrAFileOutsideTheUsualPlacesIsRefused() throws IOException {
        byte[] outline = edit(letter(), doc -> {
            var root = new org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline();
            var item = new org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem();
            item.setTitle("Conclusion");
            item.setAction(new PDActionJavaScript("app.alert('bookmark');"));
            root.addLast(item);
            doc.getDocumentCatalog().setDocumentOutline(root);
        });
        assertUnsafe(pdfWithSidecar("outline-js.pdf", outline, sidecar(List.of("N"))), "outline");

        byte[] goToR = edit(letter(), doc -> {
            var action = new org.apache.pdfbox.pdmodel.interactive.action.PDActionRemoteGoTo();
            action.setFile(attachment(doc));
            linkOnPageOne(doc, action);
        });
        assertUnsafe(pdfWithSidecar("gotor-ef.pdf", goToR, sidecar(List.of("N"))), "EF");

        byte[] pageAf = edit(letter(), doc -> {
            org.apache.pdfbox.cos.COSArray af = new org.apache.pdfbox.cos.COSArray();
            af.add(attachment(doc).getCOSObject());
            doc.getPage(0).getCOSObject().setItem(COSName.getPDFName("AF"), af);
        });
        assertUnsafe(pdfWithSidecar("page-af.pdf", pageAf, sidecar(List.of("N"))), "embedded file");

        // a review: any scheme but the web's, mail's and phone's, also behind a control character a reader skips
        for (String target : List.of("javascript:app.alert(1)", "FILE:///C:/Windows/System32/cmd.exe", "smb://198.51.100.7/share",
                "\u0001javascript:app.alert(2)")) {
            byte[] uri = edit(letter(), doc -> {
                PDActionURI action = new PDActionURI();
                action.setURI(target);
                linkOnPageOne(doc, action);
            });
            assertUnsafe(pdfWithSidecar("uri-" + Integer.toHexString(target.hashCode()) + ".pdf", uri, sidecar(List.of("N"))), "URI action");
        }

        byte[] unc = edit(letter(), doc -> {
            var action = new org.apache.pdfbox.pdmodel.interactive.action.PDActionRemoteGoTo();
            action.setFile(new PDSimpleFileSpecification(new org.apache.pdfbox.cos.COSString("\\\\198.51.100.7\\share\\x.pdf")));
            linkOnPageOne(doc, action);
        });
        assertUnsafe(pdfWithSidecar("gotor-unc.pdf", unc, sidecar(List.of("N"))), "network share");
        // an attacker: the same share as a file: address, a URL file system, "/\\host", or behind a Thread action
        for (String share : List.of("file://attacker.example/share/x.pdf", "/\\attacker.example/share/x.pdf")) {
            byte[] remote = edit(letter(), doc -> {
                var action = new org.apache.pdfbox.pdmodel.interactive.action.PDActionRemoteGoTo();
                action.setFile(new PDSimpleFileSpecification(new org.apache.pdfbox.cos.COSString(share)));
                linkOnPageOne(doc, action);
            });
            assertUnsafe(pdfWithSidecar("gotor-" + Integer.toHexString(share.hashCode()) + ".pdf", remote, sidecar(List.of("N"))),
                    "network share");
        }
        byte[] thread = edit(letter(), doc -> {
            org.apache.pdfbox.cos.COSDictionary action = new org.apache.pdfbox.cos.COSDictionary();
            action.setName(COSName.S, "Thread");
            action.setString(COSName.F, "\\\\attacker.example\\share\\x.pdf");
            PDAnnotationLink link = new PDAnnotationLink();
            link.setRectangle(new PDRectangle(50, 700, 200, 20));
            link.getCOSObject().setItem(COSName.A, action);
            doc.getPage(0).getAnnotations().add(link);
        });
        assertUnsafe(pdfWithSidecar("thread-unc.pdf", thread, sidecar(List.of("N"))), "network share");

        byte[] plainOutline = edit(letter(), doc -> {
            var root = new org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline();
            var item = new org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem();
            item.setTitle("Conclusion");
            PDPageFitDestination dest = new PDPageFitDestination();
            dest.setPage(doc.getPage(0));
            item.setDestination(dest);
            root.addLast(item);
            doc.getDocumentCatalog().setDocumentOutline(root);
        });
        assertReady(pdfWithSidecar("outline-goto.pdf", plainOutline, sidecar(List.of("N"))));
    }

    /**
     * Attacker's move: a payload (here a script, it could be an executable) carried inside the report, in the
     * EmbeddedFiles name tree (the viewer's attachments pane) or as a file attachment annotation (a paper clip
     * on the page), stored in the DMP and handed to every reader.
     */
    @Test
    void pdfWithAnEmbeddedFileIsRefused() throws IOException {
        byte[] tree = edit(letter(), doc -> {
            PDComplexFileSpecification spec = attachment(doc);
            PDEmbeddedFilesNameTreeNode files = new PDEmbeddedFilesNameTreeNode();
            files.setNames(Map.of("payload.bat", spec));
            PDDocumentNameDictionary dict = new PDDocumentNameDictionary(doc.getDocumentCatalog());
            dict.setEmbeddedFiles(files);
            doc.getDocumentCatalog().setNames(dict);
        });
        assertUnsafe(pdfWithSidecar("embedded.pdf", tree, sidecar(List.of("N"))), "EmbeddedFiles");

        byte[] annotation = edit(letter(), doc -> {
            PDAnnotationFileAttachment clip = new PDAnnotationFileAttachment();
            clip.setRectangle(new PDRectangle(50, 700, 20, 20));
            clip.setFile(attachment(doc));
            doc.getPage(0).getAnnotations().add(clip);
        });
        assertUnsafe(pdfWithSidecar("clip.pdf", annotation, sidecar(List.of("N"))), "FileAttachment");
    }

    /**
     * Attacker's move: make the check itself the weapon: 60,000 annotations on a page, and an action whose
     * /Next is itself. The check looks at each dictionary once and at most {@code BUDGET} of them: refused
     * (TOO_LARGE) in well under the item time limit, no loop.
     */
    @Test
    void pdfBuiltToMakeTheCheckSlowOrLoopIsRefusedQuickly() throws IOException {
        byte[] many = edit(letter(), doc -> {
            PDActionURI action = new PDActionURI();
            action.setURI("https://esante.gouv.fr/");
            var annots = doc.getPage(0).getAnnotations();
            for (int i = 0; i < 60_000; i++) {
                PDAnnotationLink link = new PDAnnotationLink();
                link.setRectangle(new PDRectangle(i % 500, 10, 1, 1));
                link.setAction(action);
                annots.add(link);
            }
            doc.getPage(0).setAnnotations(annots);
        });
        long start = System.nanoTime();
        assertThat(assertRefused(pdfWithSidecar("many.pdf", many, sidecar(List.of("N"))), ReasonCode.TOO_LARGE).detail())
                .contains("to check for active content");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));

        byte[] loop = edit(letter(), doc -> {
            PDActionGoTo goTo = new PDActionGoTo();
            PDPageFitDestination dest = new PDPageFitDestination();
            dest.setPage(doc.getPage(0));
            goTo.setDestination(dest);
            goTo.getCOSObject().setItem(COSName.getPDFName("Next"), goTo.getCOSObject());
            doc.getDocumentCatalog().setOpenAction(goTo);
        });
        assertReady(pdfWithSidecar("loop.pdf", loop, sidecar(List.of("N"))));
    }

    // ---- 4. embedded body that is not what it declares -----------------------------------------------

    /**
     * Attacker's move: a CDA whose {@code nonXMLBody} declares {@code text/plain} but holds a PDF with
     * JavaScript: filed as text, it skipped every PDF check and reaches viewers that sniff the bytes. Refused
     * UNSAFE_CONTENT (a disguise, not a broken file: see EmbeddedBytes). The same PDF declared as what it is
     * meets the active-content check.
     */
    @Test
    void cdaBodyDeclaredTextHoldingAPdfIsRefused() throws IOException {
        byte[] js = edit(letter(), doc -> doc.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert('x');")));
        assertUnsafe(file("body-js-as-text.xml", cdaBody(js, "text/plain"), null), "declared text/plain but its bytes are application/pdf");
        assertUnsafe(file("body-clean-as-text.xml", cdaBody(letter(), "text/plain"), null), "application/pdf");
        assertUnsafe(file("body-js.xml", cdaBody(js, "application/pdf"), null), "OpenAction");
        // controls: a clean PDF declared as a PDF, and text declared as text
        assertReady(file("body-pdf.xml", cdaBody(letter(), "application/pdf"), null));
        assertReady(file("body-text.xml", cdaBody(("Lettre de liaison à la sortie. Le patient est sorti le 18 novembre,"
                + " traitement de sortie inchangé, suivi par le médecin traitant.").getBytes(StandardCharsets.UTF_8),
                "text/plain"), null));
    }

    /**
     * Attacker's move: an executable (here the JVM's own launcher, a real ELF binary) base64 in a CDA body
     * declared {@code text/plain}, or declared {@code application/pdf}: stored, it would be handed out by the
     * DMP as a document.
     */
    @Test
    void cdaBodyHoldingAnExecutableIsRefused() throws IOException {
        byte[] elf = executable();
        assertUnsafe(file("body-elf-as-text.xml", cdaBody(elf, "text/plain"), null), "declared text/plain");
        assertUnsafe(file("body-elf-as-pdf.xml", cdaBody(elf, "application/pdf"), null), "declared application/pdf");
    }

    /**
     * Attacker's move: the same through HL7 MDM, whose ED observation carries the document base64: a PDF with
     * JavaScript declared as a PDF; a PDF declared {@code TEXT^PLAIN}; an executable declared {@code PDF}.
     */
    @Test
    void hl7EmbeddedDocumentsAreHeldToTheSameChecks() throws IOException {
        byte[] js = edit(letter(), doc -> doc.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert('x');")));
        assertUnsafe(file("mdm-js.hl7", mdm(js).getBytes(StandardCharsets.UTF_8), null), "OpenAction");
        String asText = mdm(letter()).replace("^application^PDF^Base64^", "^TEXT^PLAIN^Base64^");
        assertUnsafe(file("mdm-pdf-as-text.hl7", asText.getBytes(StandardCharsets.UTF_8), null), "declared PLAIN");
        assertUnsafe(file("mdm-elf.hl7", mdm(executable()).getBytes(StandardCharsets.UTF_8), null), "declared application/pdf");
        // control
        assertReady(file("mdm-pdf.hl7", mdm(letter()).getBytes(StandardCharsets.UTF_8), null));
    }

    // ---- building inputs -----------------------------------------------------------------------------

    /** A real discharge letter of the sample data: its text classifies as 11490-0. */
    static byte[] letter() throws IOException {
        return Files.readAllBytes(Path.of("sample-data/hospital-reports/report-01-letterhead.pdf"));
    }

    static String sidecar(List<String> confidentiality) {
        return SidecarJson.of(PATIENT, PATIENT.ins(), "QUAL", "11490-0", "Lettre de liaison", "750000001", CREATED,
                confidentiality, null, null);
    }

    interface PdfEdit {
        void apply(PDDocument doc) throws IOException;
    }

    /** The PDF changed with PDFBox and saved anew (the attacker's tool: any PDF library does it). */
    static byte[] edit(byte[] pdf, PdfEdit edit) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            edit.apply(doc);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A link over the first page's text running {@code action}, as a reader shows it. */
    static void linkOnPageOne(PDDocument doc, org.apache.pdfbox.pdmodel.interactive.action.PDAction action) throws IOException {
        PDAnnotationLink link = new PDAnnotationLink();
        link.setRectangle(new PDRectangle(50, 700, 200, 20));
        link.setAction(action);
        doc.getPage(0).getAnnotations().add(link);
    }

    static PDComplexFileSpecification attachment(PDDocument doc) throws IOException {
        PDEmbeddedFile file = new PDEmbeddedFile(doc, new ByteArrayInputStream(
                "@echo off\r\nstart calc.exe\r\n".getBytes(StandardCharsets.US_ASCII)));
        file.setSubtype("application/x-bat");
        PDComplexFileSpecification spec = new PDComplexFileSpecification();
        spec.setFile("payload.bat");
        spec.setEmbeddedFile(file);
        return spec;
    }

    /** A real executable: the launcher of the JVM running this test. */
    static byte[] executable() throws IOException {
        byte[] b = Files.readAllBytes(Path.of(System.getProperty("java.home"), "bin", "java"));
        assertThat(new String(b, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("ELF");
        return b;
    }

    /** A CDA whose nonXMLBody holds {@code body} base64, declared {@code mediaType}. */
    static byte[] cdaBody(byte[] body, String mediaType) {
        String cda = new CdaBuilder().patient(PATIENT).pdfBody(body).build()
                .replace("mediaType=\"application/pdf\"", "mediaType=\"" + mediaType + "\"");
        return cda.getBytes(StandardCharsets.UTF_8);
    }

    static String mdm(byte[] pdf) {
        return new MdmBuilder().patient(PATIENT).typeCode("11490-0").pdf(pdf).build();
    }

    /** A lab result of the sample data (ISO-8859-1 bytes) with this patient name and MSH-18. */
    static byte[] hl7WithName(String birthName, String firstName, String msh18) throws IOException {
        String text = new String(Files.readAllBytes(Path.of("sample-data/lab-results/oru-0001.hl7")), StandardCharsets.ISO_8859_1);
        assertThat(text).contains("|8859/1\r").contains("||EXEMPLE^Gaëtan^Gaëtan^");
        String changed = text.replace("|8859/1\r", "|" + msh18 + "\r")
                .replace("||EXEMPLE^Gaëtan^Gaëtan^", "||" + birthName + "^" + firstName + "^" + firstName + "^");
        return changed.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- running them --------------------------------------------------------------------------------

    ClaimedFile file(String name, byte[] bytes, byte[] companion) throws IOException {
        Path claim = Files.createDirectories(work.resolve("claim"));
        Path p = claim.resolve("tok_" + name);
        Files.write(p, bytes);
        Path c = null;
        if (companion != null) {
            c = claim.resolve("tok_" + name + ".json");
            Files.write(c, companion);
        }
        return new ClaimedFile("tok-" + name, p, name, c);
    }

    ClaimedFile pdfWithSidecar(String name, byte[] pdf, String sidecar) throws IOException {
        return file(name, pdf, sidecar.getBytes(StandardCharsets.UTF_8));
    }

    List<ItemWork> items(ClaimedFile file) {
        return new ArrayList<>(processor.process(file).items());
    }

    Rejection assertRefused(ClaimedFile file, ReasonCode reason) {
        List<ItemWork> items = items(file);
        assertThat(items).as(file.originalName()).singleElement().isInstanceOf(ItemWork.Refused.class);
        Rejection r = ((ItemWork.Refused) items.get(0)).rejection();
        assertThat(r.reason()).as(file.originalName() + ": " + r.detail()).isEqualTo(reason);
        // reasons.md: the detail never holds the INS nor a name
        assertThat(r.detail()).doesNotContain(PATIENT.ins()).doesNotContain(PATIENT.birthName());
        return r;
    }

    void assertUnsafe(ClaimedFile file, String detailPart) {
        assertThat(assertRefused(file, ReasonCode.UNSAFE_CONTENT).detail()).contains(detailPart);
    }

    ItemWork.Ready assertReady(ClaimedFile file) {
        List<ItemWork> items = items(file);
        assertThat(items).as(file.originalName() + " " + items).singleElement().isInstanceOf(ItemWork.Ready.class);
        return (ItemWork.Ready) items.get(0);
    }
}
