package fr.dmp.ingest.tools.generate;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;

/**
 * Writes synthetic PDF reports with PDFBox, in the layouts hospitals produce: a letterhead letter, a
 * table of results, a long multi-page report, and a scan (an image, no text layer). French text in the
 * standard Helvetica font (WinAnsi covers the accents).
 */
public final class PdfBuilder {

    public enum Layout { LETTERHEAD, TABLE, MULTIPAGE, SCAN }

    private static final float MARGIN = 56;
    private static final float LEADING = 14;

    private PdfBuilder() {
    }

    /** A PDF of the text: the first line is the title, the others the body. */
    public static byte[] render(String institution, String title, List<String> body, Layout layout) {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(title);
            info.setAuthor(institution);
            Calendar created = Calendar.getInstance();
            created.setTimeInMillis(1_763_000_000_000L);
            info.setCreationDate(created);
            if (layout == Layout.SCAN) {
                scan(doc, institution, title, body);
            } else {
                text(doc, institution, title, body, layout);
            }
            fixedId(doc, institution, title, String.join("\n", body), layout.name());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A scanned page rendered and compressed once, to be reused by {@link #scan(ScanTemplate, String, String)}:
     * rendering and deflating a page image is what makes a scan slow to generate (about 16 ms here,
     * against 0.5 ms for a text PDF).
     */
    public record ScanTemplate(byte[] deflatedGray, int width, int height) {
    }

    public static ScanTemplate scanTemplate(String institution, String title, List<String> body) {
        BufferedImage image = scanImage(institution, title, body);
        byte[] gray = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED);
        try {
            deflater.setInput(gray);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(gray.length / 8);
            byte[] buf = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return new ScanTemplate(out.toByteArray(), image.getWidth(), image.getHeight());
        } finally {
            deflater.end();
        }
    }

    /**
     * A one-page scan (an image, no text layer) from a template, with its own title and author in the
     * document information, so that two scans of one template are still two different files.
     */
    public static byte[] scan(ScanTemplate template, String institution, String title) {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(title);
            info.setAuthor(institution);
            Calendar created = Calendar.getInstance();
            created.setTimeInMillis(1_763_000_000_000L);
            info.setCreationDate(created);
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDImageXObject img = new PDImageXObject(doc, new java.io.ByteArrayInputStream(template.deflatedGray()),
                    org.apache.pdfbox.cos.COSName.FLATE_DECODE, template.width(), template.height(), 8,
                    org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray.INSTANCE);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawImage(img, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
            }
            fixedId(doc, institution, title, Integer.toString(java.util.Arrays.hashCode(template.deflatedGray())), "SCAN");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The trailer's /ID from the content, not from the clock (PDFBox's default): the same input gives
     * the same bytes, which the corpus generator promises for a seed.
     */
    private static void fixedId(PDDocument doc, String... parts) {
        java.security.MessageDigest md = fr.dmp.ingest.domain.Sha256.digest();
        for (String p : parts) {
            md.update(p.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        byte[] id = java.util.Arrays.copyOf(md.digest(), 16);
        org.apache.pdfbox.cos.COSArray ids = new org.apache.pdfbox.cos.COSArray();
        ids.add(new org.apache.pdfbox.cos.COSString(id));
        ids.add(new org.apache.pdfbox.cos.COSString(id));
        doc.getDocument().setDocumentID(ids);
    }

    /** The same document, protected: with a user password (cannot be opened), or owner-only without extraction. */
    public static byte[] encrypted(byte[] pdf, boolean userPassword) {
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            AccessPermission permissions = new AccessPermission();
            permissions.setCanExtractContent(false);
            permissions.setCanExtractForAccessibility(false);
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret-synthetic",
                    userPassword ? "user-secret-synthetic" : "", permissions);
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void text(PDDocument doc, String institution, String title, List<String> body, Layout layout)
            throws IOException {
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        List<String> lines = new ArrayList<>();
        for (String paragraph : body) {
            lines.addAll(wrap(safe(paragraph), layout == Layout.TABLE ? 60 : 95));
        }
        if (layout == Layout.MULTIPAGE) {
            List<String> longer = new ArrayList<>(lines);
            for (int i = 0; i < 3; i++) {
                longer.add("");
                longer.addAll(lines);
            }
            lines = longer;
        }
        int perPage = (int) ((PDRectangle.A4.getHeight() - 2 * MARGIN - 120) / LEADING);
        int pageNo = 0;
        for (int start = 0; start < lines.size() || pageNo == 0; start += perPage) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            pageNo++;
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                float y = PDRectangle.A4.getHeight() - MARGIN;
                if (pageNo == 1) {
                    if (layout == Layout.LETTERHEAD || layout == Layout.TABLE) {
                        cs.setNonStrokingColor(new Color(20, 60, 120));
                        cs.addRect(MARGIN, y - 34, PDRectangle.A4.getWidth() - 2 * MARGIN, 34);
                        cs.fill();
                        cs.setNonStrokingColor(Color.WHITE);
                        line(cs, bold, 13, MARGIN + 8, y - 22, safe(institution));
                        cs.setNonStrokingColor(Color.BLACK);
                        y -= 50;
                        line(cs, regular, 9, MARGIN, y, "1 rue de l'Exemple, 00000 Ville-Fictive - Tél. 00 00 00 00 00");
                        y -= 24;
                    } else {
                        line(cs, regular, 10, MARGIN, y, safe(institution));
                        y -= 20;
                    }
                    line(cs, bold, 14, MARGIN, y, safe(title));
                    y -= 26;
                }
                int end = Math.min(lines.size(), start + perPage);
                for (int i = start; i < end; i++) {
                    if (layout == Layout.TABLE && lines.get(i).contains(":")) {
                        String[] cells = lines.get(i).split(":", 2);
                        line(cs, regular, 10, MARGIN + 4, y, cells[0].strip());
                        line(cs, bold, 10, MARGIN + 300, y, cells[1].strip());
                        cs.setStrokingColor(Color.GRAY);
                        cs.moveTo(MARGIN, y - 4);
                        cs.lineTo(PDRectangle.A4.getWidth() - MARGIN, y - 4);
                        cs.stroke();
                    } else {
                        line(cs, regular, 10, MARGIN, y, lines.get(i));
                    }
                    y -= LEADING;
                }
                line(cs, regular, 8, MARGIN, 30, "Page " + pageNo + " - document synthétique, patient fictif");
            }
            if (start + perPage >= lines.size()) {
                break;
            }
        }
    }

    /** A page that is only an image: what a scanner produces, with no text layer at all. */
    private static void scan(PDDocument doc, String institution, String title, List<String> body) throws IOException {
        BufferedImage image = scanImage(institution, title, body);
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        PDImageXObject img = LosslessFactory.createFromImage(doc, image);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            cs.drawImage(img, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
        }
    }

    private static BufferedImage scanImage(String institution, String title, List<String> body) {
        BufferedImage image = new BufferedImage(620, 877, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.DARK_GRAY);
        g.drawString(institution, 40, 50);
        g.drawString(title, 40, 90);
        int y = 130;
        for (String b : body) {
            for (String l : wrap(b, 90)) {
                g.drawString(l, 40, y);
                y += 16;
                if (y > 840) {
                    break;
                }
            }
        }
        g.dispose();
        return image;
    }

    private static void line(PDPageContentStream cs, PDType1Font font, float size, float x, float y, String text)
            throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y);
        cs.showText(text);
        cs.endText();
    }

    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        for (String para : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : para.split(" ")) {
                if (line.length() + word.length() + 1 > width && line.length() > 0) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(word);
            }
            out.add(line.toString());
        }
        return out;
    }

    /** Keeps what WinAnsi encodes: Latin-1 plus the few extra characters French text uses. */
    static String safe(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '\t') {
                sb.append("    ");
            } else if (c >= 0x20 && c <= 0xFF && c != 0x7F && !(c >= 0x80 && c < 0xA0)) {
                sb.append(c);
            } else if ("œŒ€’‘“”–—…•".indexOf(c) >= 0) {
                sb.append(c);
            } else if (c == '≥') {
                sb.append(">=");
            } else if (c == '≤') {
                sb.append("<=");
            } else if (c != '\r' && c != '\n') {
                sb.append('?');
            }
        }
        return sb.toString();
    }
}
