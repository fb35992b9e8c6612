package fr.dmp.ingest.job;

import fr.dmp.ingest.ChildJvm;
import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.tools.generate.PdfBuilder;
import fr.dmp.ingest.tools.generate.SidecarJson;
import fr.dmp.ingest.tools.generate.SyntheticPatient;
import fr.dmp.ingest.tools.generate.SyntheticPatients;
import fr.dmp.ingest.store.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A drop folder of crafted inputs (src/test/resources/hostile and generated ones) ingested by a separate
 * JVM limited to 512 MB of heap: each file is quarantined with its reason, the run completes (no hang,
 * no crash), the file still being written is left for later, and nothing outside the drop is read.
 */
class HostileInputTest extends PipelineTestSupport {

    @Autowired
    EmbeddedPostgresServer postgres;

    static final SyntheticPatient PATIENT = SyntheticPatients.pool(1, 31).get(0);

    @Test
    void everyHostileInputIsQuarantinedWithItsReasonUnder512MbAndTheRunCompletes() throws Exception {
        Path drop = work.resolve("drop");
        Files.createDirectories(drop);
        Map<String, String> expected = new TreeMap<>();
        for (String name : List.of("cda-billion-laughs.xml", "cda-xxe.xml", "cda-local-file.xml")) {
            Files.copy(Path.of("src/test/resources/hostile", name), drop.resolve(name));
            expected.put(name, "UNSAFE_CONTENT");
        }
        for (String name : List.of("hl7-nul-bytes.hl7", "hl7-invalid-utf8.hl7")) {
            Files.copy(Path.of("src/test/resources/hostile", name), drop.resolve(name));
            expected.put(name, "ENCODING_INVALID");
        }
        pdf(drop, "pdf-deflate-bomb.pdf", deflateBomb(200L * 1024 * 1024));
        expected.put("pdf-deflate-bomb.pdf", "TOO_LARGE");
        pdf(drop, "pdf-page-tree-loop.pdf", minimalPdf("<< /Type /Pages /Kids [2 0 R] /Count 1 >>", null));
        expected.put("pdf-page-tree-loop.pdf", "FORMAT_CORRUPT");
        pdf(drop, "pdf-100000-pages.pdf", minimalPdf("<< /Type /Pages /Kids [3 0 R] /Count 100000 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"));
        expected.put("pdf-100000-pages.pdf", "TOO_LARGE");
        byte[] letter = PdfBuilder.render("CH Fictif", "Lettre", List.of("Texte de la lettre."), PdfBuilder.Layout.LETTERHEAD);
        pdf(drop, "pdf-user-password.pdf", PdfBuilder.encrypted(letter, true));
        expected.put("pdf-user-password.pdf", "PDF_ENCRYPTED");
        pdf(drop, "pdf-owner-password.pdf", PdfBuilder.encrypted(letter, false));
        expected.put("pdf-owner-password.pdf", "PDF_ENCRYPTED");
        Files.write(drop.resolve("hl7-100000-obx.hl7"), hugeHl7(false));
        expected.put("hl7-100000-obx.hl7", "TOO_LARGE");
        Files.write(drop.resolve("hl7-1mb-fields.hl7"), hugeHl7(true));
        expected.put("hl7-1mb-fields.hl7", "TOO_LARGE");
        Files.createSymbolicLink(drop.resolve("symlink-to-passwd.hl7"), Path.of("/etc/passwd"));
        java.util.Set<java.nio.file.attribute.PosixFilePermission> passwdRights = Files.getPosixFilePermissions(Path.of("/etc/passwd"));
        expected.put("symlink-to-passwd.hl7", "UNSAFE_CONTENT");
        run("mkfifo", drop.resolve("fifo.hl7").toString());
        expected.put("fifo.hl7", "UNSAFE_CONTENT");
        Files.writeString(drop.resolve("..\\..\\escape.hl7"), "MSH|");
        expected.put("..\\..\\escape.hl7", "UNSAFE_CONTENT");
        Files.writeString(drop.resolve("line\nbreak.hl7"), "MSH|");
        expected.put("line_break.hl7", "UNSAFE_CONTENT");
        run("sh", "-c", "printf 'MSH|' > \"$0\"/$(printf 'latin\\351\\377.hl7')", drop.toString());
        expected.put("latin__.hl7", "UNSAFE_CONTENT");
        Files.createFile(drop.resolve("zero-byte.hl7"));
        expected.put("zero-byte.hl7", "FORMAT_UNSUPPORTED");
        try (RandomAccessFile sparse = new RandomAccessFile(drop.resolve("sparse-1gb.hl7").toFile(), "rw")) {
            sparse.setLength(1L << 30);
        }
        expected.put("sparse-1gb.hl7", "TOO_LARGE");
        // older than the quiet period; touch -h changes a link or a FIFO's time without opening it
        // (the JDK's setLastModifiedTime opens the file: on a FIFO it would block)
        // (find hands touch the raw names: a Java string cannot hold the name's non-UTF-8 bytes)
        run("find", drop.toString(), "-mindepth", "1", "-exec", "touch", "-h", "-d", "1 hour ago", "{}", "+");
        // a file still being written during the whole run: never claimed
        Path growing = drop.resolve("growing.hl7");
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(growing)) {
                while (writing.get()) {
                    out.write("OBX|1|ST|A^B^LN||growing\r".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();

        Path jobs = work.resolve("jobs");
        Files.createDirectories(jobs);
        Files.writeString(jobs.resolve("hostile.yml"), String.join("\n",
                "name: hostile", "drop: " + drop, "work: " + work, "formats: [hl7v2, cda, pdf, hprim]",
                "sender:", "  finess: \"750000001\"", "dossierPolicy: create", "insMode: test",
                "identity:", "  acceptedStatuses: [QUAL]", "  whenAbsent: accept",
                "maxFileSize: 64MB", "maxPdfPages: 500", "maxDecodedSize: 32MB", "quietPeriod: 2s", ""));
        Path gcLog = work.resolve("gc.log");
        Process child = ChildJvm.start(ChildJvm.builder(postgres, jobs, work,
                List.of("-Xmx512m", "-Xlog:gc:file=" + gcLog), "ingest", "--feed", "hostile", "--dmp.item-time-limit=20s"));
        boolean finished = child.waitFor(4, TimeUnit.MINUTES);
        writing.set(false);
        writer.join();
        if (!finished) {
            child.destroyForcibly();
        }
        assertThat(finished).as("the run ends (no hang)").isTrue();
        assertThat(child.exitValue()).as("the run completes").isZero();

        Map<String, String> actual = new TreeMap<>();
        for (Map<String, Object> row : jdbc.queryForList("SELECT original_name, outcome, primary_reason FROM dmp.disposition"
                + " WHERE feed = 'hostile'")) {
            actual.put(clean((String) row.get("original_name")), row.get("outcome") + ":" + row.get("primary_reason"));
        }
        Map<String, String> expectedOutcomes = new TreeMap<>();
        expected.forEach((name, reason) -> expectedOutcomes.put(name, "QUARANTINED:" + reason));
        assertThat(actual).isEqualTo(expectedOutcomes);
        // never opened: no hash of what a link points to, of a FIFO or of what is too large to read
        assertThat(jdbc.queryForList("SELECT sha256 FROM dmp.disposition WHERE original_name IN"
                + " ('symlink-to-passwd.hl7', 'fifo.hl7', 'sparse-1gb.hl7')", String.class)).containsOnlyNulls();
        assertThat(Files.isSymbolicLink(kept(work.resolve("quarantine/hostile"), "symlink-to-passwd.hl7"))).isTrue();
        // keeping the link owner-only must not reach through it: the target's rights are untouched
        assertThat(Files.getPosixFilePermissions(Path.of("/etc/passwd"))).isEqualTo(passwdRights);
        assertThat(Files.exists(growing)).as("the file being written stays in the drop folder").isTrue();
        assertThat(count("SELECT count(*) FROM dmp.document")).isZero();
        assertThat(names(work.resolve("claim"))).isEmpty();
        String gc = Files.readString(gcLog);
        assertThat(gc).doesNotContain("OutOfMemory");
        long peak = peakHeapMb(gc);
        System.out.println("hostile corpus: " + expected.size() + " inputs quarantined, peak heap " + peak + " MB of 512");
        assertThat(peak).isLessThan(512);
    }

    /** The largest heap in use before a collection, from a -Xlog:gc log ("24M->6M(256M)"). */
    static long peakHeapMb(String gcLog) {
        long peak = 0;
        var m = java.util.regex.Pattern.compile("(\\d+)M->(\\d+)M\\(").matcher(gcLog);
        while (m.find()) {
            peak = Math.max(peak, Math.max(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        }
        return peak;
    }

    private static String clean(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(Character.isISOControl(c) || c == '\uFFFD' ? '_' : c);
        }
        return sb.toString();
    }

    private static void pdf(Path drop, String name, byte[] pdf) throws IOException {
        Files.write(drop.resolve(name), pdf);
        Files.writeString(drop.resolve(name + ".json"), SidecarJson.of(PATIENT, "11490-0", "Lettre", "750000001",
                Instant.parse("2026-11-20T10:00:00Z")));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    /** One page whose content stream inflates to {@code size} bytes of zeros. */
    static byte[] deflateBomb(long size) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, new Deflater(9), 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (long n = 0; n < size; n += zeros.length) {
                out.write(zeros);
            }
        }
        byte[] stream = compressed.toByteArray();
        return pdf(List.of("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                "<< /Length " + stream.length + " /Filter /FlateDecode >>\nstream\n"), stream);
    }

    /** A catalog, a page tree root as given, and an optional page. */
    static byte[] minimalPdf(String pages, String page) throws IOException {
        List<String> objects = new ArrayList<>(List.of("<< /Type /Catalog /Pages 2 0 R >>", pages));
        if (page != null) {
            objects.add(page);
        }
        return pdf(objects, null);
    }

    /** A PDF with these objects (1-based), the last one followed by a binary stream when given; correct xref. */
    static byte[] pdf(List<String> objects, byte[] lastStream) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("%PDF-1.7\n".getBytes(StandardCharsets.ISO_8859_1));
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            out.write(((i + 1) + " 0 obj\n" + objects.get(i)).getBytes(StandardCharsets.ISO_8859_1));
            if (i == objects.size() - 1 && lastStream != null) {
                out.write(lastStream);
                out.write("\nendstream".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write("\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        int xref = out.size();
        StringBuilder sb = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int o : offsets) {
            sb.append(String.format("%010d 00000 n \n", o));
        }
        sb.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** An ORU^R01 with 100,000 OBX, or with two 1 MB fields (name, exam label) and three OBX: each limit alone. */
    static byte[] hugeHl7(boolean megabyteFields) {
        StringBuilder sb = new StringBuilder(8 << 20);
        String big = megabyteFields ? "A".repeat(1 << 20) : "FICTIF";
        sb.append("MSH|^~\\&|LAB|FICTIF|DMP|DMP|20261120101500||ORU^R01|HUGE-").append(megabyteFields ? 2 : 1)
                .append("|P|2.5|||||FRA|UNICODE UTF-8\r");
        sb.append("PID|1||").append(PATIENT.ins()).append("^^^ASIP&1.2.250.1.213.1.4.10&ISO^INS||").append(big).append("^B\r");
        sb.append("OBR|1|||X^").append(megabyteFields ? "Y".repeat(1 << 20) : "Y").append("^LN\r");
        int obx = megabyteFields ? 3 : 100_000;
        for (int i = 1; i <= obx; i++) {
            sb.append("OBX|").append(i).append("|NM|2345-7^Glucose^LN||5.").append(i % 10).append("|mmol/L\r");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
