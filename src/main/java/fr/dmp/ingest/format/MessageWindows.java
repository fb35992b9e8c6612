package fr.dmp.ingest.format;

import fr.dmp.ingest.domain.Sha256;

import fr.dmp.ingest.format.hl7.Hl7Messages;
import fr.dmp.ingest.format.hprim.HprimMessages;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a file of many messages (an HL7 v2 batch, an HPRIM archive) one window of whole messages at a
 * time, so that a 300 MB archive is never held whole. A window ends where its last message starts: that
 * message may continue beyond, so it opens the next window. Each window's bytes are exactly the
 * messages a reader of the whole file would slice, so reading window by window reads the same items.
 * The SHA-256 of the whole file is computed on the way.
 */
public final class MessageWindows {

    /** Where the last message of {@code buffer[0, length)} starts, or 0 when it holds only one. */
    @FunctionalInterface
    public interface Splitter {
        int lastMessageStart(byte[] buffer, int length);
    }

    /** The splitter of a multi-message format; empty for a format whose file is one document. */
    public static Optional<Splitter> splitterOf(SourceFormat format) {
        return switch (format) {
            case HL7V2 -> Optional.of(Hl7Messages::lastMessageStart);
            case HPRIM -> Optional.of(HprimMessages::lastMessageStart);
            default -> Optional.empty();
        };
    }

    /** Whole messages, and where they start in the file. */
    public record Window(byte[] bytes, long offset) {
        @Override
        public String toString() {
            return "Window[" + bytes.length + " bytes at " + offset + "]";
        }
    }

    /** One message longer than the largest window: not read (a hostile or broken file). */
    public static final class MessageTooLarge extends IOException implements fr.dmp.ingest.domain.SafeToPrint {
        public MessageTooLarge(long offset, int maxWindow) {
            super("a message at byte " + offset + " runs over " + maxWindow + " bytes");
        }
    }

    private final InputStream in;
    private final Splitter splitter;
    private final int windowSize;
    private final int maxWindow;
    private final MessageDigest sha256;
    private byte[] buffer;
    private int length;
    private long offset;
    private boolean eof;

    /**
     * @param windowSize bytes read at a time
     * @param maxWindow  the longest single message accepted: a window grows up to it to hold one
     */
    public MessageWindows(InputStream in, Splitter splitter, int windowSize, int maxWindow) {
        if (windowSize <= 0 || maxWindow < windowSize) {
            throw new IllegalArgumentException("windowSize " + windowSize + ", maxWindow " + maxWindow);
        }
        this.in = in;
        this.splitter = splitter;
        this.windowSize = windowSize;
        this.maxWindow = maxWindow;
        this.buffer = new byte[windowSize];
        this.sha256 = Sha256.digest();
    }

    /** The next window of whole messages, or null at the end of the file. */
    public Window next() throws IOException {
        fill();
        if (length == 0) {
            return null;
        }
        int cut = eof ? length : splitter.lastMessageStart(buffer, length);
        while (cut <= 0) {
            if (buffer.length >= maxWindow) {
                throw new MessageTooLarge(offset, maxWindow);
            }
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, maxWindow));
            fill();
            cut = eof ? length : splitter.lastMessageStart(buffer, length);
        }
        Window w = new Window(Arrays.copyOf(buffer, cut), offset);
        System.arraycopy(buffer, cut, buffer, 0, length - cut);
        length -= cut;
        offset += cut;
        if (buffer.length > windowSize && length < windowSize) {
            buffer = Arrays.copyOf(buffer, windowSize); // a long message passed: back to the usual size
        }
        return w;
    }

    /** The SHA-256 (hex) of every byte read; complete once {@link #next()} returned null. */
    public String sha256() {
        if (!eof || length > 0) {
            throw new IllegalStateException("the file is not read to its end");
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    public long bytesRead() {
        return offset + length;
    }

    private void fill() throws IOException {
        while (!eof && length < buffer.length) {
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                eof = true;
            } else {
                sha256.update(buffer, length, n);
                length += n;
            }
        }
    }
}
