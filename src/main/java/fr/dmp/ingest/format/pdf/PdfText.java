package fr.dmp.ingest.format.pdf;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.documentinterchange.markedcontent.PDMarkedContent;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;


import java.io.IOException;
import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;

/**
 * Text layer, page count and document information of a PDF, with PDFBox 3 and bounded memory: small
 * streams in memory, larger ones in temporary files, and the total decoded size capped (a deflate bomb
 * inside a PDF hits the cap and is {@code TOO_LARGE}, not an out-of-memory error). A PDF with active
 * content (JavaScript, a launch action, an embedded file: {@link PdfActiveContent}) is {@code UNSAFE_CONTENT};
 * every PDF the pipeline reads comes here, alone, in a CDA body or in an HL7 message.
 */
public final class PdfText {

    /** Decoded streams up to this size stay in the heap; beyond, they go to a temporary file. */
    static final long IN_MEMORY = 4L * 1024 * 1024;

    private PdfText() {
    }

    /** What a PDF holds for the pipeline. {@code text} is empty for a scan without text layer. */
    public record Extracted(String text, int pages, String title, String author, Instant created) {
        public boolean hasTextLayer() {
            // a few stray characters per page (page numbers) do not make a text layer; a page of prose does, whatever
            // the pages beside it: a letter sent with 120 scanned pages was "no text layer" and filed under the wrong
            // type its sidecar gave, which its text would have overruled (round 33, a tester)
            int length = text.strip().length();
            return length >= Math.max(20, pages * 10) || length >= PROSE_CHARACTERS && distinctWords(text) >= PROSE_WORDS;
        }

        /**
         * A text layer on a few pages only, or a stamp on each, the others scans: under {@link #SPARSE} characters a page
         * on average over two pages or more (a scanner's footer on 31 pages, a fax cover before 30: round 33, an attacker).
         */
        public boolean partialTextLayer() {
            return hasTextLayer() && pages >= 2 && text.strip().length() < (long) pages * SPARSE;
        }
    }

    /** Characters a page under which a PDF of several pages is mostly scanned: a typed page holds a thousand or more. */
    static final int SPARSE = 150;

    /** Characters and distinct words (two letters or more) that are prose, not a stamp repeated on every page. */
    static final int PROSE_CHARACTERS = 200;
    static final int PROSE_WORDS = 30;

    static int distinctWords(String text) {
        java.util.Set<String> words = new java.util.HashSet<>();
        int start = -1;
        for (int i = 0; i <= text.length() && words.size() < PROSE_WORDS; i++) {
            boolean letter = i < text.length() && Character.isLetter(text.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                if (i - start >= 2) {
                    words.add(text.substring(start, i).toLowerCase(java.util.Locale.ROOT));
                }
                start = -1;
            }
        }
        return words.size();
    }

    public sealed interface Result {
    }

    public record Ok(Extracted pdf) implements Result {
    }

    public record Refused(Rejection rejection) implements Result {
    }

    public static Result extract(byte[] bytes, long maxDecodedBytes, int maxPages) {
        return extract(new RandomAccessReadBuffer(bytes), maxDecodedBytes, maxPages);
    }

    /** A PDF read from its file, page by page as PDFBox needs them: a large one is never held whole. */
    public static Result extract(java.nio.file.Path file, long maxDecodedBytes, int maxPages) {
        try {
            return extract(new org.apache.pdfbox.io.RandomAccessReadBufferedFile(file), maxDecodedBytes, maxPages);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("claimed PDF unreadable", e);
        }
    }

    /**
     * A filled form's values, drawn by its widgets' appearances, are the page's text as printed (formats.md); PDFBox's
     * stripper reads the pages' contents only, so a certificate whose statement was a form field was read without it
     * (round 35, a tester). The form is flattened in memory, with the appearances it has (none made up: getAcroForm(null)
     * applies no fix-up); the stored bytes stay the sender's.
     */
    static void flattenFilledForm(PDDocument doc) {
        var form = doc.getDocumentCatalog().getAcroForm(null);
        if (form == null || form.getFields().isEmpty()) {
            return;
        }
        try {
            // a widget no one sees nor prints (NoView without Print) or in a hidden layer: flatten() draws it all the same,
            // its layer lost on the way (a review, round 35): its appearance is dropped first, as flatten skips one without
            var layers = doc.getDocumentCatalog().getOCProperties();
            for (var field : form.getFieldTree()) {
                for (var widget : field.getWidgets()) {
                    var oc = widget.getOptionalContent();
                    if (widget.isNoView() && !widget.isPrinted()
                            || oc != null && Stripper.hiddenLayer(layers, oc.getCOSObject())) {
                        widget.setAppearance(null);
                    }
                }
            }
            form.flatten();
        } catch (IOException | RuntimeException e) {
            // a broken field tree: the pages' own text is still read
        }
    }

    /**
     * PDFBox's stripper skips a page without a content stream, its printed annotations with it: a page that is only a
     * typed annotation or a stamp gets an empty content stream, in memory (the stored bytes stay the sender's).
     */
    static void annotatedPagesHaveContents(PDDocument doc) {
        for (PDPage page : doc.getPages()) {
            try {
                if (!page.hasContents() && !page.getAnnotations().isEmpty()) {
                    page.setContents(new org.apache.pdfbox.pdmodel.common.PDStream(doc));
                }
            } catch (IOException | RuntimeException e) {
                // a broken annotation array: the page is read as before
            }
        }
    }

    /** ISO 32000-1 §7.5.5: the file ends with %%EOF; readers look for it in the last 1024 bytes (annex H). */
    static final int EOF_WINDOW = 1024;

    private static Result extract(org.apache.pdfbox.io.RandomAccessRead source, long maxDecodedBytes, int maxPages) {
        MemoryUsageSetting memory = MemoryUsageSetting.setupMixed(Math.min(IN_MEMORY, maxDecodedBytes), maxDecodedBytes);
        Rejection unfinished;
        try {
            // round 10: a transfer cut inside the first page's stream was rebuilt by PDFBox's lenient parser and
            // stored as the whole report; a partial document is not one (the sender sends it again whole)
            int after = afterLastEof(source);
            unfinished = after < 0 ? Rejection.of(ReasonCode.FORMAT_CORRUPT,
                    "PDF truncated: no %%EOF in its last " + EOF_WINDOW + " bytes (an incomplete transfer?)")
                    // round 26 (a tester): an incremental update cut short left the first revision's %%EOF in the window
                    // and was stored without the update; another file glued after the end (an HL7 message with the
                    // patient's identity) was stored inside the PDF, unseen by any reader
                    : after > 0 ? Rejection.of(ReasonCode.FORMAT_CORRUPT, "PDF with text after its last %%EOF"
                    + " (an incremental update cut short, or another file appended)") : null;
        } catch (IOException e) {
            unfinished = Rejection.of(ReasonCode.FORMAT_CORRUPT, "PDF cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (unfinished != null) {
            try {
                source.close(); // Loader.loadPDF would have closed it
            } catch (IOException e) {
                // a file only read: nothing to lose
            }
            return new Refused(unfinished);
        }
        try (PDDocument doc = Loader.loadPDF(source, "", null, null, memory.streamCache)) {
            if (doc.isEncrypted() && !doc.getCurrentAccessPermission().canExtractContent()) {
                return new Refused(Rejection.of(ReasonCode.PDF_ENCRYPTED, "encryption forbids text extraction"));
            }
            if (doc.isEncrypted() && userPasswordBehindAnEmptyOwnerPassword(doc)) {
                return new Refused(Rejection.of(ReasonCode.PDF_ENCRYPTED, "PDF protected by a password (it opens without one"
                        + " only as its owner: a reader asks for the password)"));
            }
            int pages = doc.getNumberOfPages();
            if (pages > maxPages) {
                return new Refused(Rejection.of(ReasonCode.TOO_LARGE, "the page tree counts " + pages + " pages, over the limit of " + maxPages));
            }
            if (pages == 0) {
                return new Refused(Rejection.of(ReasonCode.FORMAT_CORRUPT, "PDF without pages"));
            }
            Contents contents = contents(doc, maxDecodedBytes);
            if (contents.pages() != pages) {
                // a page tree that loops or lies about its count
                return new Refused(Rejection.of(ReasonCode.FORMAT_CORRUPT, "page tree holds " + contents.pages()
                        + " pages but declares " + pages));
            }
            if (contents.bytes() > maxDecodedBytes) {
                // a deflate bomb: PDFBox would stream it, but what it expands to is no document
                return new Refused(Rejection.of(ReasonCode.TOO_LARGE, "page contents expand over " + maxDecodedBytes + " bytes"));
            }
            Optional<Rejection> bomb = streamOverLimit(doc, maxDecodedBytes);
            if (bomb.isPresent()) {
                return new Refused(bomb.get());
            }
            // JavaScript, launch actions, embedded files: refused, never stripped (PdfActiveContent says why)
            var active = PdfActiveContent.find(doc);
            if (active.isPresent()) {
                return new Refused(active.get());
            }
            flattenFilledForm(doc);
            annotatedPagesHaveContents(doc);
            String text = new Stripper().getText(doc);
            PDDocumentInformation info = doc.getDocumentInformation();
            return new Ok(new Extracted(text, pages, blank(info.getTitle()), blank(info.getAuthor()),
                    instant(info.getCreationDate())));
        } catch (InvalidPasswordException e) {
            return new Refused(Rejection.of(ReasonCode.PDF_ENCRYPTED, "PDF protected by a password"));
        } catch (IOException | LinkageError e) {
            Optional<Rejection> locked = encryptionUnopened(e);
            if (locked.isPresent()) {
                return new Refused(locked.get());
            }
            if (e instanceof LinkageError linkage) {
                throw linkage; // a class of ours or PDFBox's missing: the file's INTERNAL_ERROR (FileProcessor), never a corrupt PDF
            }
            if (String.valueOf(e.getMessage()).contains("Maximum allowed storage size exceeded")) {
                return new Refused(Rejection.of(ReasonCode.TOO_LARGE, "decoded streams over " + maxDecodedBytes + " bytes"));
            }
            return new Refused(Rejection.of(ReasonCode.FORMAT_CORRUPT, "PDF cannot be parsed (" + e.getClass().getSimpleName() + ")"));
        } catch (RuntimeException | StackOverflowError e) {
            // PDFBox throws unchecked exceptions on some malformed structures (loops, bad trees)
            return new Refused(Rejection.of(ReasonCode.FORMAT_CORRUPT, "PDF structure broken (" + e.getClass().getSimpleName() + ")"));
        }
    }

    /** PDFBox's stripper, text sorted by position, each page without a letterhead's side column ({@link SideColumn}). */
    static final class Stripper extends PDFTextStripper {

        /** PDFBox's rule for text drawn twice, at a fraction of its cost ({@link RepeatedGlyphs}). */
        private final RepeatedGlyphs shown = new RepeatedGlyphs();
        /** Mirrors PDFBox's marked contents: a span with /ActualText is read as that text, never left out as drawn twice. */
        private final java.util.ArrayDeque<Boolean> markedContents = new java.util.ArrayDeque<>();
        private boolean inActualText;

        /** A glyph under this height, in points (a type of about one point), is read by no one; small print is 6 points. */
        static final float MIN_SEEN_HEIGHT = 0.5f;
        /** A glyph this far past the crop box's edge, in points, is off the page. */
        static final float EDGE = 2f;
        /**
         * A glyph drawn under this share of its height's width (horizontal scaling of 25 %) is a sliver no one reads: 10 % let
         * text at 12 % type a letter (round 37, a tester); condensed type is 70-80 %.
         */
        static final float SQUEEZED = 0.25f;
        /**
         * Type under this size, in points (the text rendering matrix's height), is read by no one: one to two points typed a
         * letter over its sender's hint (round 37, a tester); small print is 6 points, a secure prescription's microprint one.
         */
        static final float MIN_SEEN_SIZE = 2f;

        Stripper() {
            setSortByPosition(true);
            setSuppressDuplicateOverlappingText(false); // done here, by the same rule (RepeatedGlyphs)
            // PDFBox's text engine ignores paths, so a clip drawn by a path (W n) never applied: the path's bounds are kept and a
            // clip intersects them (its bounding box: text inside a round clip's box is read, as before)
            for (String op : new String[] {"m", "l", "c", "v", "y", "re", "h"}) {
                addOperator(new PathOperator(this, op));
            }
            for (String op : new String[] {"W", "W*"}) {
                addOperator(new PathOperator(this, op));
            }
            for (String op : new String[] {"n", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}) {
                addOperator(new PathOperator(this, op));
            }
        }

        /** The bounds, in page space, of the path being built; whether a clip (W, W*) waits for the path's end. */
        private java.awt.geom.Rectangle2D.Float path;
        private boolean clipPending;

        /** One path operator: extends the path's bounds, marks a clip, or ends the path (applying the clip it marked). */
        private static final class PathOperator extends org.apache.pdfbox.contentstream.operator.OperatorProcessor {
            private final Stripper stripper;
            private final String name;

            PathOperator(Stripper stripper, String name) {
                super(stripper);
                this.stripper = stripper;
                this.name = name;
            }

            @Override
            public void process(org.apache.pdfbox.contentstream.operator.Operator operator, List<org.apache.pdfbox.cos.COSBase> operands) {
                switch (name) {
                    case "W", "W*" -> stripper.clipPending = true;
                    case "h" -> { }
                    case "n", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*" -> stripper.endPath();
                    case "re" -> {
                        float[] v = numbers(operands, 4);
                        if (v != null) {
                            stripper.extendPath(v[0], v[1]);
                            stripper.extendPath(v[0] + v[2], v[1] + v[3]);
                            stripper.extendPath(v[0] + v[2], v[1]);
                            stripper.extendPath(v[0], v[1] + v[3]);
                        }
                    }
                    default -> { // m, l, c, v, y: every point given (a curve lies within its control points)
                        float[] v = numbers(operands, operands.size() - operands.size() % 2);
                        if (v != null) {
                            for (int i = 0; i + 1 < v.length; i += 2) {
                                stripper.extendPath(v[i], v[i + 1]);
                            }
                        }
                    }
                }
            }

            private static float[] numbers(List<org.apache.pdfbox.cos.COSBase> operands, int n) {
                if (n <= 0 || operands.size() < n) {
                    return null;
                }
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    if (!(operands.get(i) instanceof org.apache.pdfbox.cos.COSNumber number)) {
                        return null;
                    }
                    v[i] = number.floatValue();
                }
                return v;
            }

            @Override
            public String getName() {
                return name;
            }
        }

        private void extendPath(float x, float y) {
            java.awt.geom.Point2D.Float p = getGraphicsState().getCurrentTransformationMatrix().transformPoint(x, y);
            if (path == null) {
                path = new java.awt.geom.Rectangle2D.Float(p.x, p.y, 0, 0);
            } else {
                path.add(p);
            }
        }

        private void endPath() {
            if (clipPending) {
                // a clip of no area (0 0 0 0 re W n) keeps an empty rectangle: nothing drawn after it is seen
                java.awt.geom.Rectangle2D.Float box = path == null ? new java.awt.geom.Rectangle2D.Float() : path;
                getGraphicsState().intersectClippingPath(new java.awt.geom.Area(box.isEmpty()
                        ? new java.awt.geom.Rectangle2D.Float(box.x, box.y, 0, 0) : box));
            }
            clipPending = false;
            path = null;
        }

        /** The page's rotation, read once a page (an inherited attribute: a walk up the page tree for each glyph). */
        private int rotation;
        /** The document's optional content (layers), or null when it has none. */
        private org.apache.pdfbox.pdmodel.graphics.optionalcontent.PDOptionalContentProperties layers;
        /** Whether each open marked-content sequence is a layer hidden in the default view; how many of them are open. */
        private final java.util.ArrayDeque<Boolean> hiddenLayers = new java.util.ArrayDeque<>();
        private int hiddenDepth;

        @Override
        protected void startDocument(PDDocument document) throws IOException {
            layers = document.getDocumentCatalog().getOCProperties();
            hiddenLayers.clear();
            hiddenDepth = 0;
            super.startDocument(document);
        }

        /**
         * Whether a layer (an optional content group, or a membership dictionary of groups) is off in the document's default
         * view (ISO 32000-1 8.11): no viewer shows it nor prints it. A prescription draft in an /OFF layer typed the letter
         * it was hidden in and overruled its sender's right hint (round 35, a tester), as text off the page did (round 34).
         */
        boolean hidden(COSDictionary properties) {
            return hiddenLayer(layers, properties);
        }

        @Override
        public void showTransparencyGroup(org.apache.pdfbox.pdmodel.graphics.form.PDTransparencyGroup form) throws IOException {
            // a form that is a transparency group comes here, not to showForm: in an /OFF layer it was read (a review)
            if (!inHiddenLayer(form)) {
                super.showTransparencyGroup(form);
            }
        }

        /** Whether a form XObject (a transparency group too) belongs to a hidden layer by its own /OC entry. */
        private boolean inHiddenLayer(org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject form) {
            var oc = form.getOptionalContent();
            return oc != null && hidden(oc.getCOSObject());
        }

        /** Whether properties naming a layer or layers say hidden in the document's default view (see {@link #hidden}). */
        static boolean hiddenLayer(org.apache.pdfbox.pdmodel.graphics.optionalcontent.PDOptionalContentProperties layers,
                                   COSDictionary properties) {
            if (layers == null || properties == null) {
                return false;
            }
            var list = org.apache.pdfbox.pdmodel.documentinterchange.markedcontent.PDPropertyList.create(properties);
            if (list instanceof org.apache.pdfbox.pdmodel.graphics.optionalcontent.PDOptionalContentGroup group) {
                return !layers.isGroupEnabled(group);
            }
            if (list instanceof org.apache.pdfbox.pdmodel.graphics.optionalcontent.PDOptionalContentMembershipDictionary ocmd) {
                List<Boolean> on = new java.util.ArrayList<>();
                for (var member : ocmd.getOCGs()) {
                    if (member instanceof org.apache.pdfbox.pdmodel.graphics.optionalcontent.PDOptionalContentGroup g) {
                        on.add(layers.isGroupEnabled(g));
                    }
                }
                if (on.isEmpty()) {
                    return false;
                }
                COSName policy = ocmd.getVisibilityPolicy();
                String p = policy == null ? "AnyOn" : policy.getName();
                return switch (p) {
                    case "AllOn" -> on.contains(false);
                    case "AnyOff" -> !on.contains(false);
                    case "AllOff" -> on.contains(true);
                    default -> !on.contains(true); // AnyOn, the default
                };
            }
            return false;
        }

        @Override
        public void showForm(org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject form) throws IOException {
            if (!inHiddenLayer(form)) {
                super.showForm(form);
            }
        }

        @Override
        public void processPage(PDPage page) throws IOException {
            shown.clear(); // PDFBox compares a glyph with those of its page only
            rotation = page.getRotation();
            scans.clear();
            invisible.clear();
            cropX = page.getCropBox().getLowerLeftX();
            cropY = page.getCropBox().getLowerLeftY();
            hiddenLayers.clear(); // a page's sequences end with it: one left open hides nothing of the next page
            hiddenDepth = 0;
            super.processPage(page);
        }

        @Override
        public void beginMarkedContentSequence(COSName tag, COSDictionary properties) {
            // as PDFTextStripper: each sequence sets whether text is replaced, an inner one without /ActualText unsets it
            boolean actual = PDMarkedContent.create(tag, properties).getActualText() != null;
            markedContents.push(actual);
            inActualText = actual;
            boolean layerHidden = COSName.OC.equals(tag) && hidden(properties);
            hiddenLayers.push(layerHidden);
            if (layerHidden) {
                hiddenDepth++;
            }
            super.beginMarkedContentSequence(tag, properties);
        }

        @Override
        public void endMarkedContentSequence() {
            if (!markedContents.isEmpty()) {
                if (markedContents.pop()) {
                    inActualText = false;
                }
            }
            if (!hiddenLayers.isEmpty() && hiddenLayers.pop()) {
                hiddenDepth--;
            }
            super.endMarkedContentSequence();
        }

        /** Annotations whose appearance is page content when printed: typed text, stamps, fields outside any form. */
        private static final java.util.Set<String> PRINTED_TEXT = java.util.Set.of("FreeText", "Stamp", "Widget");

        /**
         * The text of the page's printed annotations, read as the page's (a reader sees and prints them): a letter typed
         * with a viewer's typewriter tool (FreeText), a stamp "ANNULÉE - NE PAS DÉLIVRER" on a prescription, a field's
         * value outside any form were not read (round 36, a tester). Hidden, not viewed or not printed ones are not; a
         * filled form's fields are flattened into the page before (flattenFilledForm).
         */
        private void printedAnnotations(PDPage page) throws IOException {
            if (page == null) {
                return;
            }
            for (org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation a : page.getAnnotations()) {
                if (PRINTED_TEXT.contains(a.getSubtype()) && a.isPrinted() && !a.isHidden() && !a.isNoView()
                        && a.getNormalAppearanceStream() != null
                        && (a.getOptionalContent() == null || !hidden(a.getOptionalContent().getCOSObject()))) {
                    showAnnotation(a);
                }
            }
        }

        /**
         * A typed annotation (FreeText) with no appearance of its own: a viewer draws its /Contents in its /DA font (ISO
         * 32000-1 §12.5.6.6), so it is read after the page's text (a left item of round 36: a letter typed so was refused
         * as no text). Same conditions as the printed annotations above; rich text (/RC) is not parsed, /Contents is its
         * plain form.
         */
        private void unappearedTypedText(PDPage page) throws IOException {
            if (page == null) {
                return;
            }
            for (org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation a : page.getAnnotations()) {
                String contents = a.getContents();
                if ("FreeText".equals(a.getSubtype()) && a.getNormalAppearanceStream() == null && contents != null
                        && !contents.isBlank() && a.isPrinted() && !a.isHidden() && !a.isNoView()
                        && (a.getOptionalContent() == null || !hidden(a.getOptionalContent().getCOSObject()))
                        && seenBox(a.getRectangle(), page.getCropBox()) && seenSize(a.getCOSObject().getString(COSName.DA))) {
                    writeLineSeparator();
                    writeString(contents.replace("\r\n", "\n").replace('\r', '\n').strip());
                    writeLineSeparator();
                }
            }
        }

        /** A typed annotation's box: at least two points each way, on the crop box (a review: a box of no size typed a page). */
        static boolean seenBox(org.apache.pdfbox.pdmodel.common.PDRectangle r, org.apache.pdfbox.pdmodel.common.PDRectangle crop) {
            if (r == null || r.getWidth() < MIN_SEEN_SIZE || r.getHeight() < MIN_SEEN_SIZE) {
                return false;
            }
            return r.getUpperRightX() > crop.getLowerLeftX() && r.getLowerLeftX() < crop.getUpperRightX()
                    && r.getUpperRightY() > crop.getLowerLeftY() && r.getLowerLeftY() < crop.getUpperRightY();
        }

        private static final java.util.regex.Pattern DA_SIZE = java.util.regex.Pattern.compile("(\\d*\\.?\\d+)\\s+Tf");

        /** The default appearance's type size: none under two points (0 is "fit the box", seen). */
        static boolean seenSize(String da) {
            java.util.regex.Matcher m = da == null ? null : DA_SIZE.matcher(da);
            if (m == null || !m.find()) {
                return true;
            }
            float size = Float.parseFloat(m.group(1));
            return size == 0 || size >= MIN_SEEN_SIZE;
        }

        /** Where the page drew images covering a quarter of it or more (a scan under its OCR text), in page space. */
        private final List<java.awt.geom.Rectangle2D> scans = new java.util.ArrayList<>();
        /** The page's glyphs no one sees (an invisible render mode, no opacity), kept only over such an image. */
        private final java.util.Set<TextPosition> invisible = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        /** An image this share of the page or more is a scan's (a logo is far less). */
        static final float SCAN_SHARE = 0.25f;

        @Override
        protected void processOperator(org.apache.pdfbox.contentstream.operator.Operator operator,
                                       List<org.apache.pdfbox.cos.COSBase> operands) throws IOException {
            String name = operator.getName();
            if (hiddenDepth == 0 && ("BI".equals(name) || "Do".equals(name) && drawsImage(operands))) {
                // an image fills the unit square of the current transformation: the share of the page it covers (an image
                // drawn off the page, mirrored away or in a hidden layer covers none: an attacker, round 36)
                PDPage page = getCurrentPage();
                org.apache.pdfbox.util.Matrix ctm = getGraphicsState().getCurrentTransformationMatrix();
                if (page != null && onPage(ctm, page.getCropBox()) >= SCAN_SHARE) {
                    scans.add(bounds(ctm));
                }
            }
            super.processOperator(operator, operands);
        }

        /** The bounding box, in page space, of the unit square under this matrix (where an image is drawn). */
        static java.awt.geom.Rectangle2D bounds(org.apache.pdfbox.util.Matrix ctm) {
            java.awt.geom.Rectangle2D.Float r = null;
            for (float[] c : new float[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}}) {
                java.awt.geom.Point2D.Float p = ctm.transformPoint(c[0], c[1]);
                if (r == null) {
                    r = new java.awt.geom.Rectangle2D.Float(p.x, p.y, 0, 0);
                } else {
                    r.add(p);
                }
            }
            return r;
        }

        /** The share of the crop box the unit square's image under this matrix covers (its bounding box, clipped to the box). */
        static float onPage(org.apache.pdfbox.util.Matrix ctm, org.apache.pdfbox.pdmodel.common.PDRectangle box) {
            float[][] corners = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
            float minX = Float.MAX_VALUE, minY = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
            for (float[] c : corners) {
                java.awt.geom.Point2D.Float p = ctm.transformPoint(c[0], c[1]);
                minX = Math.min(minX, p.x);
                maxX = Math.max(maxX, p.x);
                minY = Math.min(minY, p.y);
                maxY = Math.max(maxY, p.y);
            }
            float w = Math.min(maxX, box.getUpperRightX()) - Math.max(minX, box.getLowerLeftX());
            float h = Math.min(maxY, box.getUpperRightY()) - Math.max(minY, box.getLowerLeftY());
            float area = box.getWidth() * box.getHeight();
            return w <= 0 || h <= 0 || area <= 0 ? 0 : w * h / area;
        }

        private boolean drawsImage(List<org.apache.pdfbox.cos.COSBase> operands) {
            if (operands.isEmpty() || !(operands.get(0) instanceof COSName xobject)) {
                return false;
            }
            try {
                var resources = getResources();
                return resources != null && resources.isImageXObject(xobject);
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        protected void processTextPosition(TextPosition text) {
            if (hiddenDepth > 0) {
                return; // in a layer the default view hides
            }
            var state = getGraphicsState();
            org.apache.pdfbox.pdmodel.graphics.state.RenderingMode mode = state.getTextState().getRenderingMode();
            if (!mode.isFill() && !mode.isStroke()
                    // painted with no opacity (ExtGState /ca 0, /CA 0 for outlines): as invisible (round 37, a tester)
                    || !(mode.isFill() && state.getNonStrokeAlphaConstant() > 0) && !(mode.isStroke() && state.getAlphaConstant() > 0)) {
                // invisible text (render modes 3 and 7) is a scan's OCR layer over its image; on a page that draws no image
                // of a quarter of it or more (a logo is no scan: a review), no reader sees it: a prescription drawn so typed
                // a letter against its sender's hint (round 36, a tester). Decided when the page is written: OCR text may
                // come before its image
                invisible.add(text);
            }
            if (!inActualText && shown.repeats(text.getUnicode(), text.getX(), text.getY(), text.getWidth())) {
                return;
            }
            if (unseen(text, rotation) || clippedAway(text)) {
                return;
            }
            super.processTextPosition(text);
        }

        /**
         * Text no reader sees: drawn off the page (outside its crop box) or in a type of about one point. Such text typed a short
         * letter as the prescription hidden beside it and overruled its sender's right hint (round 34, a tester). Checked
         * on every page (a rotated page's by the glyph's origin in the crop box's own space, round 36).
         */
        static boolean unseen(TextPosition t, int pageRotation) {
            float height = t.getHeightDir(); // about half the type's size (PDFBox's glyph height): 6.9 for 12 pt Helvetica
            if (height > 0 && height < MIN_SEEN_HEIGHT) {
                return true;
            }
            org.apache.pdfbox.util.Matrix m = t.getTextMatrix(); // the text rendering matrix, on the crop box's origin
            float sx = Math.abs(m.getScalingFactorX()); // signed when unrotated: mirrored text is no squeeze (a review)
            float sy = Math.abs(m.getScalingFactorY());
            if (sy > 0 && sy < MIN_SEEN_SIZE && !(t.getFont() instanceof org.apache.pdfbox.pdmodel.font.PDType3Font)) {
                return true; // a Type 3 font's own matrix sizes its glyphs outside this matrix
            }
            if (sy > 0 && sx < SQUEEZED * sy) {
                // type squeezed to a sliver of its width (Tz 1 %, a text matrix of 0.01): its height passed the rule above
                // while no reader sees a letter (round 36, a tester)
                return true;
            }
            if (pageRotation % 360 != 0) {
                // a rotated page: the glyph's origin in the crop box's own space, a type's size of margin (round 36, a
                // tester: text drawn off a rotated page was read)
                float size = Math.max(sx, sy);
                float tx = m.getTranslateX();
                float ty = m.getTranslateY();
                return tx < -EDGE - size || tx > t.getPageWidth() + EDGE || ty < -EDGE - size || ty > t.getPageHeight() + EDGE;
            }
            float x = t.getX();
            float y = t.getY(); // the baseline, from the top of the crop box
            return x > t.getPageWidth() + EDGE || x + t.getWidth() < -EDGE || y < -EDGE || y - t.getHeight() > t.getPageHeight() + EDGE;
        }

        /**
         * The crop box's lower left corner: PDFBox moves a glyph's matrix to the crop box's origin, where the clip and the
         * images are in the page's own space (a review, round 37: a letter whose crop box starts at 36 lost its margin text).
         */
        private float cropX;
        private float cropY;

        /** The clipping path last seen and its bounds (an Area recomputes its bounds at each call). */
        private java.awt.geom.Area clip;
        private java.awt.geom.Rectangle2D clipBounds;

        /**
         * Text outside the clipping path is not painted: a clip of no area, or a form whose bounding box is one point wide,
         * hid a letter that typed the page (round 37, a tester). The glyph's origin, with a type's size of margin, must fall
         * within the clip's bounds (page space, as the text rendering matrix).
         */
        private boolean clippedAway(TextPosition t) {
            java.awt.geom.Area current = getGraphicsState().getCurrentClippingPath();
            if (current != clip) {
                clip = current;
                clipBounds = current.getBounds2D();
            }
            if (clipBounds.getWidth() <= 0 || clipBounds.getHeight() <= 0) {
                return true;
            }
            org.apache.pdfbox.util.Matrix m = t.getTextMatrix();
            float size = Math.max(Math.abs(m.getScalingFactorX()), Math.abs(m.getScalingFactorY()));
            float x = m.getTranslateX() + cropX;
            float y = m.getTranslateY() + cropY;
            return x < clipBounds.getMinX() - size || x > clipBounds.getMaxX() + size
                    || y < clipBounds.getMinY() - size || y > clipBounds.getMaxY() + size;
        }

        /** Whether an invisible glyph lies over an image that is a scan (its origin within the image's bounds). */
        private boolean overAScan(TextPosition t) {
            org.apache.pdfbox.util.Matrix m = t.getTextMatrix();
            float x = m.getTranslateX() + cropX;
            float y = m.getTranslateY() + cropY;
            for (java.awt.geom.Rectangle2D r : scans) {
                if (x >= r.getMinX() - EDGE && x <= r.getMaxX() + EDGE && y >= r.getMinY() - EDGE && y <= r.getMaxY() + EDGE) {
                    return true;
                }
            }
            return false;
        }

        @Override
        protected void writePage() throws IOException {
            printedAnnotations(getCurrentPage());
            if (!invisible.isEmpty()) {
                // invisible text is read only over a scan's image, as OCR text is: a logo band over a third of the page let
                // invisible text at its foot type the letter (round 37, a tester)
                for (List<TextPosition> article : charactersByArticle) {
                    article.removeIf(t -> invisible.contains(t) && !overAScan(t));
                }
            }
            // one article (no beads) of upright text: the layouts a letterhead's side column comes in
            if (charactersByArticle.size() == 1 && charactersByArticle.get(0).stream().allMatch(t -> t.getDir() == 0)) {
                List<TextPosition> all = charactersByArticle.get(0);
                List<TextPosition> kept = SideColumn.withoutSideColumn(all,
                        t -> new SideColumn.Glyph(t.getXDirAdj(), t.getWidthDirAdj(), t.getYDirAdj(), t.getFontSizeInPt()));
                if (kept != all) {
                    charactersByArticle.set(0, kept);
                }
            }
            super.writePage();
            unappearedTypedText(getCurrentPage());
        }
    }

    /**
     * PDFBox tries the empty password as the owner's first: a PDF whose owner password is empty and whose user password
     * is not opened here, while a reader asks its user for the password (round 31, hexapdf's AES-256 test files).
     */
    static boolean userPasswordBehindAnEmptyOwnerPassword(PDDocument doc) {
        if (!doc.getCurrentAccessPermission().isOwnerPermission()) {
            return false;
        }
        try {
            var enc = doc.getEncryption();
            Object handler = enc.getSecurityHandler();
            if (!(handler instanceof org.apache.pdfbox.pdmodel.encryption.StandardSecurityHandler h)) {
                return false;
            }
            byte[] id = new byte[0];
            org.apache.pdfbox.cos.COSArray ids = doc.getDocument().getDocumentID();
            if (ids != null && ids.size() > 0 && ids.getObject(0) instanceof org.apache.pdfbox.cos.COSString first) {
                id = first.getBytes();
            }
            return !h.isUserPassword(new byte[0], enc.getUserKey(), enc.getOwnerKey(), enc.getPermissions(), id,
                    enc.getRevision(), enc.getLength() / 8, enc.isEncryptMetaData());
        } catch (IOException | RuntimeException e) {
            return false; // PDFBox opened it with these very keys; a check that cannot run refuses nothing
        }
    }

    /**
     * A failure while PDFBox set up the document's decryption (ISO 32000-1 §7.6): the file is encrypted and we hold no
     * key for it. Round 15: a PDF encrypted for a certificate's holder (Adobe.PubSec) needs the recipient's private key;
     * PDFBox reaches for BouncyCastle (absent at run time: NoClassDefFoundError; present in the tests through the AMQP
     * broker: "decryption material is not compatible"): either way PDF_ENCRYPTED, the same with or without it.
     */
    static Optional<Rejection> encryptionUnopened(Throwable e) {
        boolean decrypting = false;
        boolean certificate = e instanceof NoClassDefFoundError && String.valueOf(e.getMessage()).contains("bouncycastle");
        for (StackTraceElement frame : e.getStackTrace()) {
            decrypting |= frame.getClassName().equals("org.apache.pdfbox.pdfparser.COSParser")
                    && frame.getMethodName().equals("prepareDecryption");
            certificate |= frame.getClassName().equals("org.apache.pdfbox.pdmodel.encryption.PublicKeySecurityHandler");
        }
        if (!decrypting) {
            return Optional.empty();
        }
        return Optional.of(Rejection.of(ReasonCode.PDF_ENCRYPTED, certificate
                ? "PDF encrypted for a certificate's holder (public-key security): only the recipient's private key opens it"
                : "PDF encryption that cannot be opened without its key (" + e.getClass().getSimpleName() + ")"));
    }

    /** Whether "%%EOF" occurs in the last {@link #EOF_WINDOW} bytes; leaves the source at its start. */
    /**
     * Where the file ends: -1 when no {@code %%EOF} is in its last {@link #EOF_WINDOW} bytes, 1 when text follows the last
     * one (a run of four printable characters: the start of an incremental update cut short, another file glued on), else
     * 0. White space, NUL, a DOS end-of-file (0x1A), stray binary bytes and a mail's closing boundary (kept by the tool
     * that took the PDF out of its message, round 10) are no text. Of 378 PDFs of open corpora (PDFBox's test files,
     * py-pdf, veraPDF, qpdf, pdfium, format-corpus) and the repository's 57, only format-corpus's "EOF followed by junk
     * data" has text there (PDFBox's data-000001.pdf has 559 bytes of NULs and stray bytes, read as before).
     */
    static int afterLastEof(org.apache.pdfbox.io.RandomAccessRead source) throws IOException {
        long length = source.length();
        int window = (int) Math.min(EOF_WINDOW, length);
        byte[] tail = new byte[window];
        source.seek(length - window);
        int read = 0;
        while (read < window) {
            int n = source.read(tail, read, window - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        source.seek(0);
        byte[] eof = {'%', '%', 'E', 'O', 'F'};
        for (int i = read - eof.length; i >= 0; i--) {
            if (java.util.Arrays.equals(tail, i, i + eof.length, eof, 0, eof.length)) {
                String after = new String(tail, i + eof.length, read - i - eof.length, java.nio.charset.StandardCharsets.ISO_8859_1);
                return after.lines().map(String::strip).anyMatch(l -> !MIME_BOUNDARY.matcher(l).matches()
                        && TEXT.matcher(l).find()) ? 1 : 0;
            }
        }
        return -1;
    }

    /** A MIME multipart delimiter line (RFC 2046 §5.1.1: "--", a boundary of 1 to 70 characters, "--" on the last). */
    private static final java.util.regex.Pattern MIME_BOUNDARY = java.util.regex.Pattern.compile("--[0-9A-Za-z'()+_,./:=? -]{1,70}(--)?");
    private static final java.util.regex.Pattern TEXT = java.util.regex.Pattern.compile("[!-~]{4}");

    /** The pages the page tree really holds, and the decoded size of their contents (counted to just over the limit). */
    record Contents(int pages, long bytes) {
    }

    /** Filters whose output may be any multiple of their input (a bomb's); image codecs are bounded by the image's size. */
    private static final java.util.Set<String> EXPANDING = java.util.Set.of("FlateDecode", "Fl", "LZWDecode", "LZW",
            "RunLengthDecode", "RL", "ASCIIHexDecode", "AHx", "ASCII85Decode", "A85");

    /**
     * Any stream of the file, not only the pages' contents, that expands over the limit, and any image whose declared size
     * (width x height x components x bits) is over it: an image, the metadata, a stamp's appearance or a stream no object
     * names, each decoding to 1 GB, were stored, for every viewer to decode (round 37, a tester; formats.md promised the
     * limit for decoded streams). Each stream is decoded as counted, never held, and stops just over the limit.
     */
    static Optional<Rejection> streamOverLimit(PDDocument doc, long limit) throws IOException {
        for (org.apache.pdfbox.cos.COSObject o : doc.getDocument().getXrefTable().keySet().stream()
                .map(k -> doc.getDocument().getObjectFromPool(k)).toList()) {
            org.apache.pdfbox.cos.COSBase object;
            try {
                object = o.getObject();
            } catch (RuntimeException e) {
                continue; // an object that cannot be parsed: no viewer decodes it either
            }
            if (!(object instanceof org.apache.pdfbox.cos.COSStream stream)) {
                continue;
            }
            if (COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE))) {
                long pixels = (long) Math.max(0, stream.getInt(COSName.WIDTH, 0)) * Math.max(0, stream.getInt(COSName.HEIGHT, 0));
                long bits = Math.max(1, stream.getInt(COSName.BITS_PER_COMPONENT, 8));
                int components = components(stream);
                if (pixels > 0 && pixels / 8 * components * bits > limit) {
                    return Optional.of(Rejection.of(ReasonCode.TOO_LARGE, "an image of " + stream.getInt(COSName.WIDTH, 0) + " x "
                            + stream.getInt(COSName.HEIGHT, 0) + " pixels decodes to over " + limit + " bytes"));
                }
            }
            int stages = expandingStages(stream);
            if (stages == 0) {
                continue;
            }
            long size;
            try {
                size = decodedSize(stream, limit, stages);
            } catch (IOException | RuntimeException e) {
                continue; // a corrupt stream no page may use refuses nothing (a review, round 37); the pages' own are read
            }
            if (size > limit) {
                return Optional.of(Rejection.of(ReasonCode.TOO_LARGE, "a stream (object " + o.getObjectNumber()
                        + ") expands over " + limit + " bytes"));
            }
        }
        return Optional.empty();
    }

    /** An image's colour components: 1 for gray, a mask or an indexed palette, an ICC profile's /N, 4 for CMYK, else 3. */
    private static int components(org.apache.pdfbox.cos.COSStream image) {
        if (image.getBoolean(COSName.IMAGE_MASK, false)) {
            return 1;
        }
        org.apache.pdfbox.cos.COSBase space = image.getDictionaryObject(COSName.COLORSPACE, COSName.CS);
        if (space instanceof COSName n) {
            return switch (n.getName()) {
                case "DeviceGray", "G", "CalGray" -> 1;
                case "DeviceCMYK", "CMYK" -> 4;
                default -> 3;
            };
        }
        if (space instanceof org.apache.pdfbox.cos.COSArray a && a.size() > 0 && a.getObject(0) instanceof COSName family) {
            if (family.getName().equals("Indexed") || family.getName().equals("I")) {
                return 1;
            }
            if (family.getName().equals("ICCBased") && a.size() > 1 && a.getObject(1) instanceof org.apache.pdfbox.cos.COSStream icc) {
                return Math.max(1, Math.min(4, icc.getInt(COSName.N, 3)));
            }
        }
        return 3;
    }

    /**
     * How many of the stream's first filters may expand without bound: a chain [/FlateDecode /DCTDecode] hid a 1 GB deflate
     * stage behind its image codec (a review, round 37); 0 when none (no filter: its length is its size, which the file's
     * size bounds).
     */
    private static int expandingStages(org.apache.pdfbox.cos.COSStream stream) {
        org.apache.pdfbox.cos.COSBase f = stream.getFilters();
        if (f instanceof COSName n) {
            return EXPANDING.contains(n.getName()) ? 1 : 0;
        }
        int stages = 0;
        if (f instanceof org.apache.pdfbox.cos.COSArray a) {
            while (stages < a.size() && a.getObject(stages) instanceof COSName n && EXPANDING.contains(n.getName())) {
                stages++;
            }
        }
        return stages;
    }

    static Contents contents(PDDocument doc, long limit) throws IOException {
        long total = 0;
        int pages = 0;
        for (var page : doc.getPages()) {
            pages++;
            if (total > limit) {
                continue;
            }
            org.apache.pdfbox.cos.COSBase c = page.getCOSObject().getDictionaryObject(org.apache.pdfbox.cos.COSName.CONTENTS);
            if (c instanceof org.apache.pdfbox.cos.COSStream s) {
                total += decodedSize(s, limit - total);
            } else if (c instanceof org.apache.pdfbox.cos.COSArray a) {
                for (int i = 0; i < a.size() && total <= limit; i++) {
                    if (a.getObject(i) instanceof org.apache.pdfbox.cos.COSStream s) {
                        total += decodedSize(s, limit - total);
                    }
                }
            }
        }
        return new Contents(pages, total);
    }

    /**
     * What a stream decodes to, counted as it is decoded and never held: PDFBox decodes a stream into memory whole, so
     * a 1 MB deflate bomb of 1 GB took the heap before the limit was checked (round 9 attack 7: INTERNAL_ERROR out of
     * memory under -Xmx512m). Stops just over {@code limit}. A chain of filters keeps its intermediate stages, each
     * capped at the limit.
     */
    static long decodedSize(org.apache.pdfbox.cos.COSStream stream, long limit) throws IOException {
        return decodedSize(stream, limit, Integer.MAX_VALUE);
    }

    /** The same, through the stream's first {@code stages} filters only. */
    static long decodedSize(org.apache.pdfbox.cos.COSStream stream, long limit, int stages) throws IOException {
        java.util.List<org.apache.pdfbox.cos.COSName> names = new java.util.ArrayList<>();
        org.apache.pdfbox.cos.COSBase f = stream.getFilters();
        if (f instanceof org.apache.pdfbox.cos.COSName n) {
            names.add(n);
        } else if (f instanceof org.apache.pdfbox.cos.COSArray a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.getObject(i) instanceof org.apache.pdfbox.cos.COSName n) {
                    names.add(n);
                }
            }
        }
        if (names.isEmpty()) {
            return stream.getLength();
        }
        if (names.size() > stages) {
            names = names.subList(0, stages);
        }
        byte[] stage = null;
        for (int i = 0; i < names.size(); i++) {
            boolean last = i == names.size() - 1;
            CountingSink sink = new CountingSink(limit, last ? null : new java.io.ByteArrayOutputStream());
            try (java.io.InputStream in = stage == null ? stream.createRawInputStream() : new java.io.ByteArrayInputStream(stage)) {
                org.apache.pdfbox.filter.FilterFactory.INSTANCE.getFilter(names.get(i)).decode(in, sink, stream, i);
            } catch (CountingSink.OverLimit e) {
                return limit + 1;
            }
            if (last) {
                return sink.count;
            }
            stage = sink.kept.toByteArray();
        }
        return 0;
    }

    /** Counts what a filter writes; keeps it only for an intermediate stage; stops the filter over the limit. */
    private static final class CountingSink extends java.io.OutputStream {
        /** Unchecked, so that no filter's own handling of I/O errors can swallow it. */
        static final class OverLimit extends RuntimeException {
            OverLimit() {
                super(null, null, false, false);
            }
        }

        final long limit;
        final java.io.ByteArrayOutputStream kept;
        long count;

        CountingSink(long limit, java.io.ByteArrayOutputStream kept) {
            this.limit = limit;
            this.kept = kept;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            if (count > limit) {
                throw new OverLimit();
            }
            if (kept != null) {
                kept.write(b, off, len);
            }
        }
    }

    /** A metadata string as one line: control characters (a scanner's trailing NUL, line breaks) become spaces. */
    static String blank(String s) {
        if (s == null) {
            return null;
        }
        String line = s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
        return line.isEmpty() ? null : line;
    }

    private static Instant instant(Calendar c) {
        return c == null ? null : c.toInstant();
    }
}
