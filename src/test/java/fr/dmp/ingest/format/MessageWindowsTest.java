package fr.dmp.ingest.format;

import fr.dmp.ingest.domain.Sha256;

import fr.dmp.ingest.format.hl7.Hl7Messages;
import fr.dmp.ingest.format.hprim.HprimMessages;
import fr.dmp.ingest.tools.generate.HprimBuilder;
import fr.dmp.ingest.tools.generate.OruBuilder;
import fr.dmp.ingest.tools.generate.SyntheticPatients;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageWindowsTest {

    static final List<fr.dmp.ingest.tools.generate.SyntheticPatient> POOL = SyntheticPatients.pool(10, 3);

    @Test
    void hprimWindowsHoldExactlyTheMessagesOfTheWholeFileWhateverTheWindowSize() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HprimBuilder.writeMessages(out, 300, POOL, 1, StandardCharsets.ISO_8859_1);
        out.write("****LAB****\r\nRES|Glucose|2345-7|N|5,1|mmol/L\r\n****FINLAB****\r\n".getBytes(StandardCharsets.ISO_8859_1));
        byte[] file = out.toByteArray();
        List<String> whole = hprimMessages(file);
        for (int window : new int[] {997, 4096, 65_536}) {
            List<String> windowed = new ArrayList<>();
            MessageWindows w = windows(file, SourceFormat.HPRIM, window, 1 << 20);
            for (MessageWindows.Window part = w.next(); part != null; part = w.next()) {
                windowed.addAll(hprimMessages(part.bytes()));
            }
            assertThat(windowed).as("window of %d bytes", window).isEqualTo(whole);
            assertThat(w.sha256()).isEqualTo(Sha256.hex(file));
        }
    }

    @Test
    void hl7WindowsCutAtMessageStartsAndDropNothingOfABatchEnvelope() throws IOException {
        StringBuilder sb = new StringBuilder("FHS|^~\\&|LAB\r\nBHS|^~\\&|LAB\r\n");
        for (int i = 0; i < 200; i++) {
            sb.append(new OruBuilder().patient(POOL.get(i % POOL.size())).controlId("W" + i).orderNumber("O" + i)
                    .observations(1 + i % 30).seed(i).build().replace("\r", i % 2 == 0 ? "\r" : "\r\n"));
        }
        sb.append("BTS|200\rFTS|1\r");
        byte[] file = sb.toString().getBytes(StandardCharsets.UTF_8);
        List<String> whole = hl7Messages(file);
        assertThat(whole).hasSize(200);
        for (int window : new int[] {1000, 3001, 50_000}) {
            List<String> windowed = new ArrayList<>();
            MessageWindows w = windows(file, SourceFormat.HL7V2, window, 1 << 20);
            int parts = 0;
            for (MessageWindows.Window part = w.next(); part != null; part = w.next()) {
                windowed.addAll(hl7Messages(part.bytes()));
                parts++;
            }
            assertThat(windowed).as("window of %d bytes", window).isEqualTo(whole);
            assertThat(parts).isGreaterThan(1);
        }
    }

    @Test
    void aMessageLongerThanTheLargestWindowIsRefusedAfterTheMessagesBeforeIt() throws IOException {
        String small = new OruBuilder().patient(POOL.get(0)).controlId("S1").orderNumber("S1").observations(2).build();
        String huge = new OruBuilder().patient(POOL.get(1)).controlId("H1").orderNumber("H1").observations(1)
                .extraObx("TX|NOTE^Note^L||" + "z".repeat(20_000)).build();
        byte[] file = (small + small.replace("S1", "S2") + huge + small.replace("S1", "S3")).getBytes(StandardCharsets.UTF_8);
        MessageWindows w = windows(file, SourceFormat.HL7V2, 1024, 8192);
        List<String> read = new ArrayList<>();
        assertThatThrownBy(() -> {
            for (MessageWindows.Window part = w.next(); part != null; part = w.next()) {
                read.addAll(hl7Messages(part.bytes()));
            }
        }).isInstanceOf(MessageWindows.MessageTooLarge.class).hasMessageContaining("runs over 8192 bytes");
        assertThat(read).hasSize(2);
    }

    @Test
    void aFileOfOneSmallMessageIsOneWindow() throws IOException {
        byte[] file = new OruBuilder().patient(POOL.get(0)).build().getBytes(StandardCharsets.UTF_8);
        MessageWindows w = windows(file, SourceFormat.HL7V2, 1 << 16, 1 << 20);
        assertThat(w.next().bytes()).isEqualTo(file);
        assertThat(w.next()).isNull();
        assertThat(MessageWindows.splitterOf(SourceFormat.PDF)).isEmpty();
    }

    private static MessageWindows windows(byte[] file, SourceFormat format, int window, int max) {
        InputStream in = new ByteArrayInputStream(file);
        return new MessageWindows(in, MessageWindows.splitterOf(format).orElseThrow(), window, max);
    }

    private static List<String> hprimMessages(byte[] bytes) {
        List<String> out = new ArrayList<>();
        for (HprimMessages.Slice s : HprimMessages.split(bytes)) {
            out.add(s.kind() + ":" + new String(bytes, s.start(), s.length(), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static List<String> hl7Messages(byte[] bytes) {
        List<String> out = new ArrayList<>();
        for (Hl7Messages.Slice s : Hl7Messages.split(bytes)) {
            out.add(new String(bytes, s.start(), s.length(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
