package fr.dmp.ingest.format.hprim;

import java.io.ByteArrayOutputStream;

/**
 * The serial-line framing an HPRIM file may keep when a listener writes what it received as it came (docs/formats.md):
 * transport, not message, so it is taken off before the file is split into messages, as the MLLP bytes of HL7 are.
 * Two shapes are read:
 * <ul>
 *   <li>ASTM E1381 (CLSI LIS01) frames, which the serial transfer of HPRIM Santé uses:
 *       {@code <STX> FN text <ETB|ETX> C1 C2 <CR><LF>}, FN a frame number {@code 0}–{@code 7}, C1 C2 the checksum
 *       (sum of the bytes from FN to ETB or ETX, modulo 256, in hexadecimal); a record longer than a frame goes on in
 *       the next one after an ETB. A checksum that does not add up is a damaged transfer: the file is corrupt.</li>
 *   <li>The whole text between one STX and its ETX.</li>
 * </ul>
 * The link's own bytes between frames (ENQ, EOT, ACK, NAK, line ends) are dropped.
 */
public final class HprimFraming {

    private HprimFraming() {
    }

    static final byte STX = 0x02;
    static final byte ETX = 0x03;
    static final byte EOT = 0x04;
    static final byte ENQ = 0x05;
    static final byte ACK = 0x06;
    static final byte NAK = 0x15;
    static final byte ETB = 0x17;

    /** What taking the framing off gave. */
    public sealed interface Result {
    }

    /** The text the frames carried (the input itself when it had no framing), and how many frames there were. */
    public record Unframed(byte[] bytes, int frames) implements Result {
    }

    /** The framing is damaged: why, without any of the text. */
    public record Damaged(String why) implements Result {
    }

    /** Whether the file opens with the framing: an STX, after the link's own bytes. */
    public static boolean isFramed(byte[] b) {
        int i = skipLink(b, 0, b.length);
        return i < b.length && b[i] == STX;
    }

    /** The file without its framing; a file that does not open with an STX is returned as it is. */
    public static Result unframe(byte[] b) {
        return unframe(b, b.length, false);
    }

    /**
     * The same on the head of a file ({@code b[0, length)}): a last frame cut by the end of the head is kept as far as
     * it goes, unchecked. For format detection only.
     */
    public static byte[] unframeHead(byte[] b, int length) {
        Result r = unframe(b, length, true);
        return r instanceof Unframed u ? u.bytes() : b;
    }

    private static Result unframe(byte[] b, int n, boolean head) {
        if (!isFramed(b)) {
            return new Unframed(b, 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        int frames = 0;
        boolean numberedBefore = false;
        int i = skipLink(b, 0, n);
        while (i < n) {
            if (b[i] != STX) {
                return new Damaged("bytes outside the STX/ETX frames after frame " + frames);
            }
            frames++;
            int start = i + 1;
            int end = start;
            while (end < n && b[end] != ETX && b[end] != ETB && b[end] != STX) {
                end++;
            }
            if (end >= n || b[end] == STX) {
                if (head && end >= n) {
                    // a frame cut by the head: its number goes when the frames before had one, or an H record follows it
                    boolean number = end > start + 1 && b[start] >= '0' && b[start] <= '7' && (numberedBefore || b[start + 1] == 'H');
                    out.write(b, number ? start + 1 : start, end - start - (number ? 1 : 0));
                    break;
                }
                return new Damaged("frame " + frames + " has no ETX or ETB");
            }
            boolean numbered = end > start && b[start] >= '0' && b[start] <= '7' && hex(b, end + 1, n) >= 0;
            numberedBefore = numbered;
            if (numbered) {
                int sum = 0;
                for (int k = start; k <= end; k++) {
                    sum += b[k] & 0xFF;
                }
                if ((sum & 0xFF) != hex(b, end + 1, n)) {
                    return new Damaged("frame " + frames + ": checksum does not match (damaged transfer)");
                }
                out.write(b, start + 1, end - start - 1);
                i = end + 3;
            } else {
                out.write(b, start, end - start);
                i = end + 1;
            }
            i = skipLink(b, i, n);
        }
        return new Unframed(out.toByteArray(), frames);
    }

    /** The link's bytes between frames: ENQ, EOT, ACK, NAK, CR, LF. */
    private static int skipLink(byte[] b, int i, int n) {
        while (i < n && (b[i] == ENQ || b[i] == EOT || b[i] == ACK || b[i] == NAK || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** The two hexadecimal digits at {@code b[i]}, -1 when they are not. */
    private static int hex(byte[] b, int i, int n) {
        if (i + 1 >= n) {
            return -1;
        }
        int hi = Character.digit(b[i], 16);
        int lo = Character.digit(b[i + 1], 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }
}
