package fr.dmp.ingest.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;

/**
 * Base64 decoding of embedded documents (CDA nonXMLBody, HL7 ED) that never holds more than a limit:
 * a hostile size is refused before and while decoding, not after. Line breaks are tolerated.
 */
public final class Base64Bounded {

    private Base64Bounded() {
    }

    /** Over the limit. No message, no stack: it is an answer, not a failure. */
    public static final class TooLarge extends Exception {
        public TooLarge() {
            super(null, null, false, false);
        }
    }

    /** @throws IllegalArgumentException when the text is not base64 */
    public static byte[] decode(String text, long max) throws TooLarge {
        if (text == null) {
            throw new IllegalArgumentException("no data");
        }
        int length = text.length();
        int significant = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean data = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (data) {
                significant++;
            } else if (c != '=' && c != '\r' && c != '\n' && c != ' ' && c != '\t') {
                throw new IllegalArgumentException("not base64");
            }
        }
        if (significant == 0) {
            throw new IllegalArgumentException("empty");
        }
        if ((long) significant * 3 / 4 > max) {
            throw new TooLarge();
        }
        try (InputStream in = Base64.getMimeDecoder().wrap(new CharsAsBytes(text))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(significant * 3 / 4 + 4);
            byte[] buf = new byte[16 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("broken base64");
        }
    }

    /** The characters of an ASCII string as a byte stream, without copying it. */
    private static final class CharsAsBytes extends InputStream {
        private final String s;
        private int pos;

        CharsAsBytes(String s) {
            this.s = s;
        }

        @Override
        public int read() {
            return pos < s.length() ? s.charAt(pos++) & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= s.length()) {
                return -1;
            }
            int n = Math.min(len, s.length() - pos);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) s.charAt(pos++);
            }
            return n;
        }
    }
}
