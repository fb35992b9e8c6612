package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.tools.generate.OruBuilder;
import fr.dmp.ingest.tools.generate.SyntheticPatients;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 9, a hostile tester's attack 20: the same ORU (same MSH-10, same results) sent again by an interface engine
 * with CRLF or LF for CR, a line end more, or a new send time in MSH-7 was stored as a new version of the order each
 * time (three REPLACED and one CURRENT). The id of a message is derived from its segments, not its transport bytes
 * (store/DocumentIds): each resend is a DUPLICATE. A message of the same order with other results is still a new
 * version (rules.md R13).
 */
class RetransmissionIngestTest extends PipelineTestSupport {

    static final String FEED = "lab-results";

    private static void write(Path drop, String name, String message) throws Exception {
        Path f = drop.resolve(name);
        Files.write(f, message.getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofHours(1)))); // complete
    }

    @Test
    void theSameMessageSentAgainWithOtherLineEndsOrAnotherSendTimeIsADuplicate() throws Exception {
        Path drop = work.resolve("drop").resolve(FEED);
        Files.createDirectories(drop);
        String message = new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(SyntheticPatients.pool(3, 11).get(0)).controlId("RESEND-1")
                .orderNumber("CMD-RESEND-1").seed(5).time(Instant.parse("2026-11-20T08:00:00Z")).build();
        assertThat(message).contains("\r").doesNotContain("\n");
        write(drop, "resend-0.hl7", message);
        ingest(FEED, drop);
        assertThat(outcome(FEED, "resend-0.hl7")).isEqualTo("STORED");

        String msh = message.substring(0, message.indexOf('\r'));
        String[] fields = msh.split("\\|", -1);
        assertThat(fields[6]).isNotBlank(); // MSH-7
        fields[6] = "20261121093000+0100";
        write(drop, "resend-crlf.hl7", message.replace("\r", "\r\n"));
        write(drop, "resend-lf.hl7", message.replace('\r', '\n'));
        write(drop, "resend-trailing.hl7", message + "\r\n");
        write(drop, "resend-msh7.hl7", String.join("|", fields) + message.substring(message.indexOf('\r')));
        ingest(FEED, drop);

        for (String f : new String[] {"resend-crlf.hl7", "resend-lf.hl7", "resend-trailing.hl7", "resend-msh7.hl7"}) {
            assertThat(outcome(FEED, f)).as(f).isEqualTo("DUPLICATE");
        }
        assertThat(count("SELECT count(*) FROM dmp.document")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.document WHERE status = 'REPLACED'")).isZero();

        // the same order with another result is another message: a new version of the order, as before
        String corrected = new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(SyntheticPatients.pool(3, 11).get(0)).controlId("RESEND-2")
                .orderNumber("CMD-RESEND-1").seed(6).resultStatus("C").time(Instant.parse("2026-11-20T10:00:00Z")).build();
        write(drop, "resend-corrected.hl7", corrected);
        ingest(FEED, drop);
        assertThat(outcome(FEED, "resend-corrected.hl7")).isEqualTo("STORED");
        assertThat(count("SELECT count(*) FROM dmp.document WHERE status = 'REPLACED'")).isEqualTo(1);
    }

    /**
     * Round 33, a tester: the same PDF (its id taken from its bytes: no document.id in its sidecar) sent again with a CRLF
     * after its %%EOF, or padded with NUL to a block, was stored a second time. Its identity ends at its %%EOF's line end.
     */
    @Test
    void thePdfSentAgainWithPaddingAfterItsEndIsADuplicate() throws Exception {
        String feed = "hospital-reports";
        Path drop = Files.createDirectories(work.resolve("drop").resolve(feed));
        Path samples = Path.of("sample-data", feed);
        String sidecar = Files.readString(samples.resolve("report-02-table.pdf.json"))
                .replaceAll("\"id\" : \"[^\"]*\",", "");
        assertThat(sidecar).doesNotContain("\"id\"");
        byte[] pdf = Files.readAllBytes(samples.resolve("report-02-table.pdf"));
        byte[] crlf = java.util.Arrays.copyOf(pdf, pdf.length + 2);
        crlf[pdf.length] = '\r';
        crlf[pdf.length + 1] = '\n';
        byte[] padded = java.util.Arrays.copyOf(pdf, (pdf.length / 512 + 1) * 512);
        int n = 0;
        for (byte[] bytes : new byte[][] {pdf, crlf, padded}) {
            write(drop, "letter-" + n + ".pdf.json", sidecar);
            Path f = drop.resolve("letter-" + n + ".pdf");
            Files.write(f, bytes);
            Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            ingest(feed, drop);
            assertThat(outcome(feed, "letter-" + n + ".pdf")).as("copy " + n).isEqualTo(n == 0 ? "STORED" : "DUPLICATE");
            n++;
        }
        assertThat(count("SELECT count(*) FROM dmp.document")).isEqualTo(1);
    }
}
