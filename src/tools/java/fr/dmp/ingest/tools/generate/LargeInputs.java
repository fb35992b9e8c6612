package fr.dmp.ingest.tools.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The large single inputs of the benchmark (bench/large.sh): an HPRIM archive of a given size, a text
 * PDF of a given number of pages with its sidecar, and a file over every feed's size limit. Written
 * without holding them in memory (the archive message by message; the over-size file is sparse).
 */
public final class LargeInputs {

    public static final String ARCHIVE = "archive.hpr";
    public static final String PDF = "dossier.pdf";
    public static final String OVERSIZED = "oversized.hpr";

    private LargeInputs() {
    }

    /** What was written: the archive's messages, the PDF's bytes. */
    public record Written(int archiveMessages, long archiveBytes, long pdfBytes, long oversizedBytes) {
    }

    public static Written write(Path folder, long archiveBytes, int pdfPages, long oversizedBytes, long seed) throws IOException {
        Files.createDirectories(folder);
        List<SyntheticPatient> pool = SyntheticPatients.pool(500, seed);
        int messages = 0;
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(folder.resolve(ARCHIVE)), 1 << 16)) {
            while (written < archiveBytes) {
                written += HprimBuilder.writeMessages(out, messages, 1000, pool, seed, StandardCharsets.ISO_8859_1);
                messages += 1000;
            }
        }
        byte[] pdf = pdf(pdfPages);
        Files.write(folder.resolve(PDF), pdf);
        Files.writeString(folder.resolve(PDF + ".json"), SidecarJson.of(pool.get(0), "11490-0", "Dossier d'hospitalisation",
                "750000001", Instant.parse("2026-10-01T10:00:00Z")));
        try (RandomAccessFile sparse = new RandomAccessFile(folder.resolve(OVERSIZED).toFile(), "rw")) {
            sparse.setLength(oversizedBytes);
        }
        return new Written(messages, written, pdf.length, oversizedBytes);
    }

    /** A long stay's nursing record of at least {@code pages} pages (the layout decides the lines per page). */
    public static byte[] pdf(int pages) throws IOException {
        int sheets = pages;
        while (true) {
            byte[] pdf = PdfBuilder.render("CH Fictif", "Dossier d'hospitalisation", sheets(sheets), PdfBuilder.Layout.LETTERHEAD);
            int rendered;
            try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
                rendered = doc.getNumberOfPages();
            }
            if (rendered >= pages) {
                return pdf;
            }
            sheets += Math.max(1, (pages - rendered) * sheets / rendered);
        }
    }

    /** Daily sheets of notes: a heading and 39 lines each. */
    static List<String> sheets(int sheets) {
        List<String> body = new ArrayList<>(sheets * 40);
        for (int sheet = 1; sheet <= sheets; sheet++) {
            body.add("Feuillet de surveillance " + sheet);
            for (int line = 1; line < 40; line++) {
                body.add("Surveillance infirmière : constantes stables, patient algique soulagé par paracétamol.");
            }
        }
        return body;
    }
}
