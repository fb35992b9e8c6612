package fr.dmp.ingest.format.pdf;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNull;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds what a PDF would run or drop on the reader's machine when opened: JavaScript (the catalog's
 * OpenAction, the document-level JavaScript name tree, additional actions of the document, its pages,
 * its annotations and form fields), Launch actions (start a program), other actions that import, open
 * or send files (ImportData, GoToE, RichMediaExecute, SubmitForm), and embedded files (the EmbeddedFiles name tree, file attachment annotations, associated
 * files), plus XFA forms (which carry scripts).
 *
 * <p>Such a PDF is <b>refused</b> ({@code UNSAFE_CONTENT}), never cleaned: the stored content is the
 * sender's original, possibly signed, and removing an action would alter the document a professional
 * signed and sent (and break its signature). The sender resends a clean one.
 *
 * <p>Bounded: only the catalog, the page tree PDFBox already walked (at most the feed's page limit), its
 * annotations, the form's field tree and action chains are looked at, each dictionary once, at most
 * {@link #BUDGET} of them; a file that needs more is refused {@code TOO_LARGE}, never checked for long.
 * Name trees are not walked: a JavaScript or EmbeddedFiles tree that holds anything at all is enough. Then the
 * outline, then every object of the file once (an embedded file or an action may hang anywhere), at most
 * {@link #WHOLE_FILE_BUDGET} dictionaries and arrays. Plain links (URI to the web, GoTo) and outlines stay allowed.
 */
final class PdfActiveContent {

    /** Dictionaries (annotations, actions, fields) looked at, at most; a real report has a few hundred. */
    static final int BUDGET = 50_000;

    /** Action types that run code or open, import or launch something outside the document. */
    private static final Set<String> ACTIVE_ACTIONS = Set.of("JavaScript", "Launch", "ImportData", "GoToE",
            "RichMediaExecute", "SubmitForm");

    private static final COSName OPEN_ACTION = COSName.getPDFName("OpenAction");
    private static final COSName AA = COSName.getPDFName("AA");
    private static final COSName A = COSName.getPDFName("A");
    private static final COSName S = COSName.getPDFName("S");
    private static final COSName JS = COSName.getPDFName("JS");
    private static final COSName NEXT = COSName.getPDFName("Next");
    private static final COSName NAMES = COSName.getPDFName("Names");
    private static final COSName KIDS = COSName.getPDFName("Kids");
    private static final COSName JAVASCRIPT = COSName.getPDFName("JavaScript");
    private static final COSName EMBEDDED_FILES = COSName.getPDFName("EmbeddedFiles");
    private static final COSName AF = COSName.getPDFName("AF");
    private static final COSName ANNOTS = COSName.getPDFName("Annots");
    private static final COSName SUBTYPE = COSName.getPDFName("Subtype");
    private static final COSName ACRO_FORM = COSName.getPDFName("AcroForm");
    private static final COSName FIELDS = COSName.getPDFName("Fields");
    private static final COSName XFA = COSName.getPDFName("XFA");
    private static final COSName OUTLINES = COSName.getPDFName("Outlines");
    private static final COSName FIRST = COSName.getPDFName("First");
    private static final COSName EF = COSName.getPDFName("EF");
    private static final COSName TYPE = COSName.getPDFName("Type");
    private static final COSName URI = COSName.getPDFName("URI");
    private static final COSName F = COSName.getPDFName("F");

    /** Dictionaries and arrays looked at in the whole-file pass, at most: a 2,000-page tagged report has about a million. */
    static final long WHOLE_FILE_BUDGET = 5_000_000;

    /** Annotation subtypes that carry a file or a player of their own. */
    private static final Set<String> FILE_ANNOTATIONS = Set.of("FileAttachment", "RichMedia", "Movie", "Sound", "Screen", "3D");

    private final Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private int budget = BUDGET;

    private PdfActiveContent() {
    }

    /** Why this PDF must not be stored, or empty when it holds no active content. */
    static Optional<Rejection> find(PDDocument doc) {
        try {
            String found = new PdfActiveContent().scan(doc);
            return found == null ? Optional.empty() : Optional.of(Rejection.of(ReasonCode.UNSAFE_CONTENT, found));
        } catch (OverBudget e) {
            return Optional.of(Rejection.of(ReasonCode.TOO_LARGE, e.wholeFile
                    ? "more than " + WHOLE_FILE_BUDGET + " dictionaries and arrays to check for active content"
                    : "more than " + BUDGET + " annotations, actions or fields to check for active content"));
        }
    }

    private String scan(PDDocument doc) {
        COSDictionary catalog = doc.getDocumentCatalog().getCOSObject();
        COSBase open = catalog.getDictionaryObject(OPEN_ACTION);
        if (open instanceof COSDictionary action) { // an array is a destination (a page to show): harmless
            String a = actions(action);
            if (a != null) {
                return a + " in the document's OpenAction";
            }
        }
        String aa = additionalActions(catalog);
        if (aa != null) {
            return aa + " in the document's additional actions";
        }
        if (catalog.getDictionaryObject(NAMES) instanceof COSDictionary names) {
            if (nonEmptyTree(names.getDictionaryObject(JAVASCRIPT))) {
                return "document-level JavaScript (Names/JavaScript)";
            }
            if (nonEmptyTree(names.getDictionaryObject(EMBEDDED_FILES))) {
                return "embedded file (Names/EmbeddedFiles)";
            }
        }
        if (catalog.getDictionaryObject(AF) instanceof COSArray af && af.size() > 0) {
            return "embedded file (associated files, AF)";
        }
        if (catalog.getDictionaryObject(ACRO_FORM) instanceof COSDictionary form) {
            if (form.getDictionaryObject(XFA) != null) {
                return "XFA form (carries scripts)";
            }
            String f = fields(form.getDictionaryObject(FIELDS));
            if (f != null) {
                return f + " in a form field";
            }
        }
        int pageNumber = 0;
        for (PDPage page : doc.getPages()) {
            pageNumber++;
            COSDictionary p = page.getCOSObject();
            String pa = additionalActions(p);
            if (pa != null) {
                return pa + " in the additional actions of page " + pageNumber;
            }
            if (p.getDictionaryObject(ANNOTS) instanceof COSArray annots) {
                for (int i = 0; i < annots.size(); i++) {
                    if (!(annots.getObject(i) instanceof COSDictionary annot) || !visit(annot)) {
                        continue;
                    }
                    String subtype = annot.getNameAsString(SUBTYPE);
                    if (subtype != null && FILE_ANNOTATIONS.contains(subtype)) {
                        return "embedded file or media (" + subtype + " annotation) on page " + pageNumber;
                    }
                    String an = annotationActions(annot);
                    if (an != null) {
                        return an + " in a " + (subtype == null ? "" : subtype + " ") + "annotation on page " + pageNumber;
                    }
                }
            }
        }
        String outline = outline(catalog.getDictionaryObject(OUTLINES));
        if (outline != null) {
            return outline + " in the document outline (bookmarks)";
        }
        return everyObject(doc);
    }

    /** The outline's items (First, Next, each item's First): each item's action runs when the reader clicks it. */
    private String outline(COSBase root) {
        Deque<COSBase> todo = new ArrayDeque<>();
        if (root != null) {
            todo.push(root);
        }
        while (!todo.isEmpty()) {
            if (!(deref(todo.pop()) instanceof COSDictionary item) || !visit(item)) {
                continue;
            }
            if (item.getDictionaryObject(A) instanceof COSDictionary action) {
                String a = actions(action);
                if (a != null) {
                    return a;
                }
            }
            for (COSName link : List.of(FIRST, NEXT)) {
                COSBase next = item.getItem(link);
                if (next != null) {
                    todo.push(next);
                }
            }
        }
        return null;
    }

    /**
     * Every object of the file, wherever it hangs: the places above are where a reader acts by itself or on a click, but
     * an embedded file or an action may sit elsewhere (a GoToR link's file specification, associated files of a page, an
     * annotation or a form XObject, PDF 2.0 §14.13) and a reader still offers it (round 31, a tester with crafted PDFs).
     * Each indirect object once, with the dictionaries and arrays written inside it.
     */
    private String everyObject(PDDocument doc) {
        COSDocument cos = doc.getDocument();
        List<COSObjectKey> keys = new java.util.ArrayList<>(cos.getXrefTable().keySet());
        Deque<COSBase> todo = new ArrayDeque<>();
        long entries = 0;
        for (COSObjectKey key : keys) {
            COSObject object = cos.getObjectFromPool(key);
            todo.push(object.getObject() == null ? COSNull.NULL : object.getObject());
            while (!todo.isEmpty()) {
                COSBase b = todo.pop();
                if (++entries > WHOLE_FILE_BUDGET) {
                    throw new OverBudget(true);
                }
                if (b instanceof COSDictionary d) {
                    String found = activeAnywhere(d);
                    if (found != null) {
                        return found + " (object " + key.getNumber() + ")";
                    }
                    for (COSBase value : d.getValues()) {
                        if (value instanceof COSDictionary || value instanceof COSArray) {
                            todo.push(value);
                        }
                    }
                } else if (b instanceof COSArray array) {
                    for (int i = 0; i < array.size(); i++) {
                        COSBase value = array.get(i);
                        if (value instanceof COSDictionary || value instanceof COSArray) {
                            todo.push(value);
                        }
                    }
                }
            }
        }
        return null;
    }

    /** A dictionary met anywhere in the file: a file specification holding a file, or an action that runs something. */
    private static String activeAnywhere(COSDictionary d) {
        if (d.containsKey(EF)) {
            return "embedded file (a file specification's EF)";
        }
        String type = d.getNameAsString(TYPE);
        // a file specification or a media clip on a network share or the web, whatever points at it (a Thread action, a
        // Rendition's clip: round 31, an attacker)
        if (("Filespec".equals(type) || d.containsKey(COSName.getPDFName("FS")) || d.containsKey(COSName.getPDFName("UF")))
                && networkShare(d)) {
            return "file specification on a network share or the web";
        }
        if ("MediaClip".equals(type) && networkShare(d.getDictionaryObject(COSName.getPDFName("D")))) {
            return "media clip on a network share or the web";
        }
        return type == null || type.equals("Action") ? activeAction(d) : null;
    }

    /**
     * What an action would run or reach: JavaScript, a launch, an import or a submission; a script in a Rendition; a
     * link to a script or a local file (javascript:, file:); a remote file on a network share (a reader that opens it
     * sends the user's Windows credentials to that host).
     */
    private static String activeAction(COSDictionary action) {
        String type = action.getNameAsString(S);
        if (type != null && ACTIVE_ACTIONS.contains(type)) {
            return type + " action";
        }
        if (action.containsKey(JS)) { // a Rendition action may carry a script too
            return "script in a " + (type == null ? "" : type + " ") + "action";
        }
        if ("URI".equals(type) && action.getDictionaryObject(URI) instanceof COSString uri) {
            // a reader drops controls and blanks before the scheme: "\u0001javascript:" ran as javascript: (a review)
            String link = BLANKS.matcher(uri.getString()).replaceAll("").toLowerCase(java.util.Locale.ROOT);
            java.util.regex.Matcher scheme = SCHEME.matcher(link);
            if (scheme.lookingAt() && !WEB_SCHEMES.contains(scheme.group(1))) {
                return "URI action to " + scheme.group(1) + ": (only web and mail links are allowed: a script, a local or"
                        + " network file)";
            }
            if (link.startsWith("\\\\") || link.startsWith("//") || link.startsWith("/\\") || link.startsWith("\\/")) {
                return "URI action to a network share";
            }
        }
        if (("GoToR".equals(type) || "Thread".equals(type)) && networkShare(action.getDictionaryObject(F))) {
            return type + " action to a file on a network share or a web address";
        }
        return null;
    }

    /** Control characters and blanks, which a reader skips in a link. */
    private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("[\\p{Cc}\\s]");
    /** A URI's scheme (RFC 3986): a letter, then letters, digits, '+', '-', '.', then a colon. */
    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("([a-z][a-z0-9+.-]*):");
    /** The schemes a clinical document's links may use: the web, mail, a phone number (smb:, file:, javascript:... are refused). */
    private static final java.util.Set<String> WEB_SCHEMES = java.util.Set.of("http", "https", "mailto", "tel");

    /**
     * A file specification (a string, or a dictionary's F, UF, DOS, Unix) naming a UNC path (\\host\share, //host), a
     * file:, smb: or web address, or a URL file system ({@code /FS /URL}).
     */
    private static boolean networkShare(COSBase spec) {
        List<COSBase> names = new java.util.ArrayList<>();
        if (spec instanceof COSDictionary d && "URL".equals(d.getNameAsString(COSName.getPDFName("FS")))) {
            return true;
        }
        if (spec instanceof COSDictionary d) {
            for (String key : List.of("F", "UF", "DOS", "Unix")) {
                names.add(d.getDictionaryObject(COSName.getPDFName(key)));
            }
        } else {
            names.add(spec);
        }
        for (COSBase n : names) {
            if (n instanceof COSString s) {
                String path = BLANKS.matcher(s.getString()).replaceAll("").toLowerCase(java.util.Locale.ROOT);
                // "/\host" and "\/host" are a UNC path to Windows too (round 31, an attacker)
                if (path.startsWith("\\\\") || path.startsWith("//") || path.startsWith("/\\") || path.startsWith("\\/")
                        || path.startsWith("file:") || path.startsWith("smb:") || path.startsWith("http:") || path.startsWith("https:")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The form's field tree: each field's actions and additional actions, its kids (widgets included). */
    private String fields(COSBase roots) {
        Deque<COSBase> todo = new ArrayDeque<>();
        todo.push(roots);
        while (!todo.isEmpty()) {
            COSBase b = deref(todo.pop());
            if (b instanceof COSArray array) {
                if (!visit(array)) { // an array may hold itself
                    continue;
                }
                for (int i = 0; i < array.size(); i++) {
                    todo.push(array.get(i));
                }
            } else if (b instanceof COSDictionary field && visit(field)) {
                String a = annotationActions(field);
                if (a != null) {
                    return a;
                }
                COSBase kids = field.getDictionaryObject(KIDS);
                if (kids != null) {
                    todo.push(kids);
                }
            }
        }
        return null;
    }

    private String annotationActions(COSDictionary annotOrField) {
        if (annotOrField.getDictionaryObject(A) instanceof COSDictionary action) {
            String a = actions(action);
            if (a != null) {
                return a;
            }
        }
        return additionalActions(annotOrField);
    }

    /** An additional-actions dictionary (/AA): one action per trigger (open, close, print, keystroke...). */
    private String additionalActions(COSDictionary owner) {
        if (!(owner.getDictionaryObject(AA) instanceof COSDictionary aa) || !visit(aa)) {
            return null;
        }
        for (COSName trigger : aa.keySet()) {
            if (aa.getDictionaryObject(trigger) instanceof COSDictionary action) {
                String a = actions(action);
                if (a != null) {
                    return a;
                }
            }
        }
        return null;
    }

    /** An action and the chain of actions after it (/Next: one or an array), each action once. */
    private String actions(COSDictionary first) {
        Deque<COSBase> todo = new ArrayDeque<>();
        todo.push(first);
        while (!todo.isEmpty()) {
            COSBase b = deref(todo.pop());
            if (b instanceof COSArray array) {
                if (!visit(array)) { // an array may hold itself
                    continue;
                }
                for (int i = 0; i < array.size(); i++) {
                    todo.push(array.get(i));
                }
                continue;
            }
            if (!(b instanceof COSDictionary action) || !visit(action)) {
                continue;
            }
            String active = activeAction(action);
            if (active != null) {
                return active;
            }
            COSBase next = action.getDictionaryObject(NEXT);
            if (next != null) {
                todo.push(next);
            }
        }
        return null;
    }

    /** A name tree that holds at least one entry or one kid (the root is enough: not walked). */
    private static boolean nonEmptyTree(COSBase tree) {
        if (!(tree instanceof COSDictionary d)) {
            return false;
        }
        return d.getDictionaryObject(NAMES) instanceof COSArray n && n.size() > 0
                || d.getDictionaryObject(KIDS) instanceof COSArray k && k.size() > 0;
    }

    /** True the first time a dictionary is met; counts against the budget. */
    private boolean visit(COSBase object) {
        if (!seen.add(object)) {
            return false;
        }
        if (--budget < 0) {
            throw new OverBudget();
        }
        return true;
    }

    private static COSBase deref(COSBase b) {
        return b instanceof COSObject o ? o.getObject() : b;
    }

    private static final class OverBudget extends RuntimeException {
        final boolean wholeFile;

        OverBudget() {
            this(false);
        }

        OverBudget(boolean wholeFile) {
            super(null, null, false, false);
            this.wholeFile = wholeFile;
        }
    }
}
