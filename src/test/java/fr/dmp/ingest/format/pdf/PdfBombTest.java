package fr.dmp.ingest.format.pdf;

import fr.dmp.ingest.domain.ReasonCode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 9 attack 7: a 1 MB PDF whose page inflates to 1 GB was refused TOO_LARGE only with a large heap; under
 * -Xmx512m the job died of OutOfMemoryError on it (INTERNAL_ERROR), because PDFBox decodes a stream into memory whole
 * before the limit is looked at. The decoded size is now counted as it is decoded, never held: what the reading thread
 * allocates stays far under what the bomb expands to.
 */
class PdfBombTest {

    /** One page whose content stream inflates to {@code size} spaces. */
    static byte[] bomb(long size) throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, new Deflater(9), 1 << 16)) {
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (long n = 0; n < size; n += spaces.length) {
                out.write(spaces);
            }
        }
        byte[] stream = compressed.toByteArray();
        String[] objects = {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                "<< /Length " + stream.length + " /Filter /FlateDecode >>\nstream\n"};
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        pdf.write("%PDF-1.7\n".getBytes(StandardCharsets.ISO_8859_1));
        long[] offsets = new long[objects.length];
        for (int i = 0; i < objects.length; i++) {
            offsets[i] = pdf.size();
            pdf.write(((i + 1) + " 0 obj\n" + objects[i]).getBytes(StandardCharsets.ISO_8859_1));
            if (i == objects.length - 1) {
                pdf.write(stream);
                pdf.write("\nendstream".getBytes(StandardCharsets.ISO_8859_1));
            }
            pdf.write("\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        long xref = pdf.size();
        StringBuilder sb = new StringBuilder("xref\n0 " + (objects.length + 1) + "\n0000000000 65535 f \n");
        for (long o : offsets) {
            sb.append(String.format("%010d 00000 n \n", o));
        }
        sb.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        pdf.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        return pdf.toByteArray();
    }

    @Test
    void aDeflateBombIsTooLargeWithoutBeingHeldInMemory() throws Exception {
        byte[] pdf = bomb(512L << 20); // 512 MB of spaces, about 500 KB on disk
        assertThat(pdf.length).isLessThan(1 << 20);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());

        PdfText.Result r = PdfText.extract(pdf, 8L << 20, 1000);

        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(r).isInstanceOf(PdfText.Refused.class);
        assertThat(((PdfText.Refused) r).rejection().reason()).isEqualTo(ReasonCode.TOO_LARGE);
        assertThat(allocated).as("bytes allocated reading the bomb").isLessThan(64L << 20);
    }

    /**
     * Round 37, a tester: a bomb anywhere but in a page's contents (the metadata, a stream no object names) and an image
     * declaring more pixels than the limit were stored; a small image and a small metadata stream are read.
     */
    @Test
    void aBombOutsideThePagesContentsAndAnImageOverTheLimitAreTooLarge() throws Exception {
        java.util.function.BiFunction<Long, int[], byte[]> build = (metadata, image) -> {
            try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
                var page = new org.apache.pdfbox.pdmodel.PDPage();
                doc.addPage(page);
                var stream = new org.apache.pdfbox.pdmodel.common.PDStream(doc);
                try (java.io.OutputStream out = stream.createOutputStream(org.apache.pdfbox.cos.COSName.FLATE_DECODE)) {
                    byte[] spaces = new byte[1 << 20];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    for (long n = 0; n < metadata; n += spaces.length) {
                        out.write(spaces);
                    }
                }
                doc.getDocumentCatalog().getCOSObject().setItem(org.apache.pdfbox.cos.COSName.METADATA, stream);
                var img = new org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject(doc, new java.io.ByteArrayInputStream(new byte[16]),
                        org.apache.pdfbox.cos.COSName.FLATE_DECODE, image[0], image[1], 8,
                        org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB.INSTANCE);
                try (var cs = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                    cs.drawImage(img, 0, 0, 100, 80);
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                doc.save(out);
                return out.toByteArray();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        PdfText.Result metadataBomb = PdfText.extract(build.apply(64L << 20, new int[] {2, 2}), 8L << 20, 1000);
        assertThat(metadataBomb).isInstanceOfSatisfying(PdfText.Refused.class, r -> {
            assertThat(r.rejection().reason()).isEqualTo(ReasonCode.TOO_LARGE);
            assertThat(r.rejection().detail()).contains("expands over");
        });
        PdfText.Result imageBomb = PdfText.extract(build.apply(1L << 20, new int[] {50_000, 50_000}), 8L << 20, 1000);
        assertThat(imageBomb).isInstanceOfSatisfying(PdfText.Refused.class, r ->
                assertThat(r.rejection().detail()).isEqualTo("an image of 50000 x 50000 pixels decodes to over 8388608 bytes"));
        assertThat(PdfText.extract(build.apply(1L << 20, new int[] {2, 2}), 8L << 20, 1000)).isInstanceOf(PdfText.Ok.class);
    }

    /**
     * A review, round 37: a corrupt deflate stream no page uses refused the whole PDF once every stream was decoded; a
     * deflate stage before an image codec ([/FlateDecode /DCTDecode]) hid a bomb.
     */
    @Test
    void aCorruptStreamNoPageUsesRefusesNothingAndADeflateStageBeforeACodecIsCounted() throws Exception {
        java.util.function.Function<org.apache.pdfbox.cos.COSStream, byte[]> withOrphan = orphan -> {
            try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
                doc.addPage(new org.apache.pdfbox.pdmodel.PDPage());
                doc.getDocumentCatalog().getCOSObject().setItem(org.apache.pdfbox.cos.COSName.getPDFName("Orphan"), orphan);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                doc.save(out, org.apache.pdfbox.pdfwriter.compress.CompressParameters.NO_COMPRESSION);
                return out.toByteArray();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        org.apache.pdfbox.cos.COSStream corrupt = new org.apache.pdfbox.cos.COSStream();
        try (java.io.OutputStream out = corrupt.createRawOutputStream()) {
            byte[] noise = new byte[4096];
            new java.util.Random(7).nextBytes(noise);
            out.write(noise);
        }
        corrupt.setItem(org.apache.pdfbox.cos.COSName.FILTER, org.apache.pdfbox.cos.COSName.FLATE_DECODE);
        assertThat(PdfText.extract(withOrphan.apply(corrupt), 8L << 20, 1000)).isInstanceOf(PdfText.Ok.class);

        org.apache.pdfbox.cos.COSStream chained = new org.apache.pdfbox.cos.COSStream();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, new Deflater(9), 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
        }
        try (java.io.OutputStream out = chained.createRawOutputStream()) {
            out.write(compressed.toByteArray());
        }
        var filters = new org.apache.pdfbox.cos.COSArray();
        filters.add(org.apache.pdfbox.cos.COSName.FLATE_DECODE);
        filters.add(org.apache.pdfbox.cos.COSName.DCT_DECODE);
        chained.setItem(org.apache.pdfbox.cos.COSName.FILTER, filters);
        assertThat(PdfText.extract(withOrphan.apply(chained), 8L << 20, 1000)).isInstanceOfSatisfying(PdfText.Refused.class,
                r -> assertThat(r.rejection().reason()).isEqualTo(ReasonCode.TOO_LARGE));
    }

    @Test
    void aStreamUnderTheLimitIsCountedWhole() throws Exception {
        PdfText.Result r = PdfText.extract(bomb(2L << 20), 8L << 20, 1000);
        // two MB of spaces: under the limit, so read (a page of blanks has no text layer, but it is a PDF)
        assertThat(r).isInstanceOf(PdfText.Ok.class);
        assertThat(((PdfText.Ok) r).pdf().pages()).isEqualTo(1);
    }
}
