package fr.dmp.ingest.format.hprim;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.format.FormatDetector;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.Unreadable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HPRIM file as a serial listener wrote it (docs/real-senders.md, third round: FORMAT_UNSUPPORTED before): ASTM
 * E1381 frames, or the whole text between STX and ETX.
 */
public class HprimFramingTest {

    private static final ReadContext CONTEXT = new ReadContext(StandardCharsets.ISO_8859_1, ZoneId.of("Europe/Paris"));

    /** ENQ, then each record in frames of at most {@code size} characters (ETB when the record goes on), then EOT. */
    public static byte[] e1381(String message, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(HprimFraming.ENQ);
        int fn = 1;
        for (String record : message.split("\r\n")) {
            byte[] r = (record + "\r").getBytes(StandardCharsets.ISO_8859_1);
            for (int at = 0; at < r.length; at += size) {
                int len = Math.min(size, r.length - at);
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                frame.write('0' + fn);
                frame.write(r, at, len);
                frame.write(at + len < r.length ? HprimFraming.ETB : HprimFraming.ETX);
                byte[] f = frame.toByteArray();
                int sum = 0;
                for (byte b : f) {
                    sum += b & 0xFF;
                }
                out.write(HprimFraming.STX);
                out.writeBytes(f);
                out.writeBytes(String.format("%02X\r\n", sum & 0xFF).getBytes(StandardCharsets.US_ASCII));
                fn = (fn + 1) % 8;
            }
        }
        out.write(HprimFraming.EOT);
        return out.toByteArray();
    }

    private static List<ReadItem> read(byte[] bytes) {
        return new HprimReader().read(new InputFile("x.hpr", bytes, null), CONTEXT);
    }

    @Test
    void e1381FramesCarryTheMessageAndARecordLongerThanAFrameIsJoined() {
        String message = HprimReaderTest.standard();
        byte[] framed = e1381(message, 40); // the OBR record spans three frames (ETB, ETB, ETX)
        HprimFraming.Result r = HprimFraming.unframe(framed);
        assertThat(r).isInstanceOf(HprimFraming.Unframed.class);
        assertThat(new String(((HprimFraming.Unframed) r).bytes(), StandardCharsets.ISO_8859_1)).isEqualTo(message.replace("\r\n", "\r"));
        assertThat(((HprimFraming.Unframed) r).frames()).isGreaterThan(6);

        List<ReadItem> items = read(framed);
        assertThat(items).hasSize(1).first().isInstanceOf(SourceDocument.class);
        SourceDocument doc = (SourceDocument) items.get(0);
        assertThat(doc.observations()).hasSize(2);
        assertThat(doc.meta().messageId()).isEqualTo("HPR00042.HPR");
        assertThat(doc.patient().traits().firstNames()).containsExactly("Zoé", "Anne");
        // the stored content is the message, not the link's bytes
        assertThat(new String(doc.content().bytes(), StandardCharsets.ISO_8859_1)).startsWith("H|~^\\&|").doesNotContain("\u0002");
    }

    @Test
    void theWholeTextBetweenStxAndEtxIsReadToo() {
        byte[] framed = ("\u0002" + HprimReaderTest.standard() + "\u0003\u0004").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(read(framed)).hasSize(1).first().isInstanceOf(SourceDocument.class);
    }

    @Test
    void aFrameWhoseChecksumDoesNotAddUpIsADamagedTransferNotAMessage() {
        byte[] framed = e1381(HprimReaderTest.standard(), 240);
        int at = new String(framed, StandardCharsets.ISO_8859_1).indexOf("5,2");
        framed[at] = '6'; // a cholesterol of 6,2 instead of 5,2: the line changed a digit
        List<ReadItem> items = read(framed);
        assertThat(items).hasSize(1).first().isInstanceOf(Unreadable.class);
        Unreadable u = (Unreadable) items.get(0);
        assertThat(u.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT);
        assertThat(u.rejection().detail()).contains("checksum").doesNotContain("Zoé").doesNotContain("2790351215");
        // a frame without its end, or bytes between frames that are not the link's own
        assertThat(HprimFraming.unframe("\u00021H|~^\\&|".getBytes(StandardCharsets.ISO_8859_1))).isInstanceOf(HprimFraming.Damaged.class);
        assertThat(HprimFraming.unframe("\u0002H|x\u0003P|1\r".getBytes(StandardCharsets.ISO_8859_1))).isInstanceOf(HprimFraming.Damaged.class);
    }

    @Test
    void aFileWithoutFramingIsLeftAsItIs() {
        byte[] plain = HprimReaderTest.standard().getBytes(StandardCharsets.ISO_8859_1);
        HprimFraming.Result r = HprimFraming.unframe(plain);
        assertThat(((HprimFraming.Unframed) r).bytes()).isSameAs(plain);
        assertThat(((HprimFraming.Unframed) r).frames()).isZero();
    }

    @Test
    void framedHprimIsRecognisedFromTheTextItsFramesCarryAlsoFromAHeadThatCutsAFrame() {
        FormatDetector detector = new FormatDetector();
        assertThat(FormatDetector.formatOf(detector.detect(e1381(HprimReaderTest.standard(), 240)))).contains(SourceFormat.HPRIM);
        assertThat(FormatDetector.formatOf(detector.detect(("\u0002" + HprimReaderTest.standard() + "\u0003")
                .getBytes(StandardCharsets.ISO_8859_1)))).contains(SourceFormat.HPRIM);
        byte[] framed = e1381(HprimReaderTest.standard(), 240);
        assertThat(new String(HprimFraming.unframeHead(framed, 30), StandardCharsets.ISO_8859_1)).startsWith("H|~^\\&|");
        // framing around something else is not HPRIM
        List<String> others = new ArrayList<>(List.of("\u0002hello, not a message\u0003", "\u0002\u0003"));
        for (String o : others) {
            assertThat(FormatDetector.formatOf(detector.detect(o.getBytes(StandardCharsets.ISO_8859_1)))).as(o).isEmpty();
        }
    }
}
