package fr.dmp.ingest.intake;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A kept file sealed at rest (issue 16, rules.md R11): Google Tink's streaming AEAD, AES-256-GCM with
 * HKDF-SHA256 key derivation and segments of 4 KB to 1 MB, each segment authenticated, so a file of any size is
 * sealed and opened in bounded memory and a truncated, reordered or altered file does not open.
 *
 * <p>Layout: {@code DMPSEAL2}, a 2-byte length, a header {@code keyId \n part \n segment} in UTF-8, then Tink's
 * ciphertext in segments of that many bytes. The header names the data key (its claim token; the store keeps it
 * wrapped under a content key) so a file stays readable after the content keys rotate; it is the associated data,
 * so it cannot be changed or swapped (an input for its sidecar) without the file failing to open. Files sealed
 * before the segment was chosen per file are {@code DMPSEAL1} with a header {@code keyId \n part} and 1 MB
 * segments; they open as before.
 */
public final class SealedFile {

    /** The first layout: 1 MB segments, a header of two lines (still opened, no longer written). */
    static final byte[] MAGIC = "DMPSEAL1".getBytes(StandardCharsets.US_ASCII);
    /** The layout written: the segment's size is the header's third line. */
    static final byte[] MAGIC_SIZED = "DMPSEAL2".getBytes(StandardCharsets.US_ASCII);
    /** What a sealed file is: the input itself, or a PDF's sidecar. */
    public static final String INPUT = "input";
    public static final String SIDECAR = "sidecar";

    static final int LARGEST_SEGMENT = 1 << 20;
    static final int SMALLEST_SEGMENT = 1 << 12;

    /** Whether these first bytes are those of a sealed file (either layout's magic). */
    public static boolean isSealed(byte[] head) {
        return head.length >= MAGIC.length && (Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || Arrays.equals(head, 0, MAGIC_SIZED.length, MAGIC_SIZED, 0, MAGIC_SIZED.length));
    }

    /**
     * The segment for a file of this size: the smallest power of two from 4 KB that holds it with Tink's header and tag,
     * at most 1 MB. Tink's streams hold two buffers of a segment each, so a 4 KB lab message sealed in 1 MB segments
     * allocated 2 MB (issue 19: 30 GB for 20,000 HL7 files, most of the job's garbage).
     */
    static int segmentFor(long size) {
        long need = size + 64; // Tink's header (40 bytes here) and the segment's tag (16) share the first segment
        if (need >= LARGEST_SEGMENT) {
            return LARGEST_SEGMENT;
        }
        return Math.max(SMALLEST_SEGMENT, Integer.highestOneBit((int) need - 1) << 1);
    }

    private SealedFile() {
    }

    /** The data key a sealed file names, and what it is. */
    public record Header(String keyId, String part) {
    }

    /** A kept file that does not open: not sealed, altered, or its key destroyed. Says which claim, never a name. */
    public static final class Unreadable extends IOException implements fr.dmp.ingest.domain.SafeToPrint {
        public Unreadable(String message) {
            super(message);
        }
    }

    /** A fresh 256-bit data key. */
    public static byte[] newKey() {
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        return k;
    }

    /**
     * Seals {@code clear} into {@code target}: written to a temporary file of the same owner-only folder,
     * forced to disk, then renamed, and the folder forced; the caller removes the clear file only after.
     */
    public static void seal(Path clear, Path target, String keyId, byte[] key, String part) throws IOException {
        Path tmp = writeTemporary(clear, target, keyId, key, part);
        Durably.force(tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceFolder(target.getParent());
    }

    /**
     * The first half of {@link #seal}: {@code clear} sealed into a temporary file beside {@code target}, not yet
     * forced nor renamed. A chunk's files are written so, then forced together ({@link Durably}), then renamed:
     * a kept file's name still appears only once its bytes are on disk, which recovery relies on.
     */
    static Path writeTemporary(Path clear, Path target, String keyId, byte[] key, String part) throws IOException {
        Path tmp = temporary(target, part);
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, OwnerOnly.NEW_FILE);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
             FileChannel reading = FileChannel.open(clear, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             InputStream in = Channels.newInputStream(reading)) {
            int segment = segmentFor(reading.size());
            byte[] header = header(keyId, part, segment);
            OutputStream raw = new FilterOutputStream(Channels.newOutputStream(channel)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len); // whole arrays, not FilterOutputStream's byte by byte
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            raw.write(header);
            try (OutputStream sealing = aead(key, segment).newEncryptingStream(raw, header)) {
                in.transferTo(sealing);
            }
        } catch (GeneralSecurityException e) {
            Files.deleteIfExists(tmp);
            throw new IllegalStateException("streaming AEAD unavailable", e);
        } catch (IOException | RuntimeException e) {
            // a full disk: the half-written copy goes (round 14: left behind, each run's recovery wrote it again)
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return tmp;
    }

    /** Where a kept file is sealed before its rename: no input name begins with a dot, so never taken from a drop. */
    static Path temporary(Path target, String part) {
        return target.resolveSibling(".sealing-" + part);
    }

    /** The header of a sealed file, or empty when the file is not one (a kept file from before sealing, a link). */
    public static Optional<Header> header(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))) {
            return readHeader(in).map(h -> h.header);
        }
    }

    /**
     * The clear bytes of a sealed file, streamed and authenticated segment by segment: a read fails on
     * the first segment that does not authenticate. {@code keys} gives the data key named in the header.
     */
    public static InputStream open(Path file, java.util.function.Function<String, Optional<byte[]>> keys) throws IOException {
        DataInputStream in = new DataInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS));
        try {
            Optional<RawHeader> h = readHeader(in);
            if (h.isEmpty()) {
                throw new Unreadable("not a sealed kept file");
            }
            Optional<byte[]> key = keys.apply(h.get().header.keyId());
            if (key.isEmpty()) {
                throw new Unreadable("the key of claim " + h.get().header.keyId()
                        + " is destroyed (its document was deleted, or it passed its retention) or unknown to this store");
            }
            return aead(key.get(), h.get().segment).newDecryptingStream(in, h.get().bytes);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        } catch (GeneralSecurityException e) {
            in.close();
            throw new Unreadable("the sealed file does not open: altered, or not sealed under its key");
        }
    }

    /** Copies the clear bytes of a sealed file to {@code out}; a file that fails authentication throws {@link Unreadable}. */
    public static long openTo(Path file, java.util.function.Function<String, Optional<byte[]>> keys, OutputStream out) throws IOException {
        OutputStream writing = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw new WriteFailed(e);
                }
            }
        };
        try (InputStream in = open(file, keys)) {
            return in.transferTo(writing);
        } catch (Unreadable e) {
            throw e;
        } catch (WriteFailed e) {
            // the copy's side (a full disk, round 14: it was told as an altered sealed file)
            throw (IOException) e.getCause();
        } catch (IOException e) {
            // Tink reports a segment that does not authenticate as an IOException
            throw new Unreadable("the sealed file does not open: altered or truncated (" + e.getClass().getSimpleName() + ")");
        }
    }

    private record RawHeader(Header header, int segment, byte[] bytes) {
    }

    /** A write to the copy failed, not the sealed file's reading. */
    private static final class WriteFailed extends IOException {
        WriteFailed(IOException cause) {
            super(cause);
        }
    }

    private static Optional<RawHeader> readHeader(DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        try {
            in.readFully(magic);
            boolean sized = Arrays.equals(magic, MAGIC_SIZED);
            if (!sized && !Arrays.equals(magic, MAGIC)) {
                return Optional.empty();
            }
            int length = in.readUnsignedShort();
            byte[] body = new byte[length];
            in.readFully(body);
            String[] parts = new String(body, StandardCharsets.UTF_8).split("\n", sized ? 3 : 2);
            if (parts.length != (sized ? 3 : 2)) {
                return Optional.empty();
            }
            Header header = new Header(parts[0], parts[1]);
            if (!sized) {
                return Optional.of(new RawHeader(header, LARGEST_SEGMENT, header(MAGIC, parts[0] + "\n" + parts[1])));
            }
            // read before anything is allocated for it: a header may be altered (it only fails to authenticate later)
            int segment = segmentOf(parts[2]);
            if (segment < 0) {
                return Optional.empty();
            }
            return Optional.of(new RawHeader(header, segment, header(MAGIC_SIZED, String.join("\n", parts))));
        } catch (EOFException e) {
            return Optional.empty();
        }
    }

    /** A segment written as {@link #segmentFor} writes it (a power of two from 4 KB to 1 MB, in decimal), else -1. */
    private static int segmentOf(String text) {
        if (text.isEmpty() || text.length() > 7 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int segment = Integer.parseInt(text);
        boolean written = segment >= SMALLEST_SEGMENT && segment <= LARGEST_SEGMENT && Integer.bitCount(segment) == 1
                && text.equals(Integer.toString(segment));
        return written ? segment : -1;
    }

    private static byte[] header(String keyId, String part, int segment) {
        return header(MAGIC_SIZED, keyId + "\n" + part + "\n" + segment);
    }

    private static byte[] header(byte[] magic, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream(magic.length + 2 + body.length);
        b.writeBytes(magic);
        b.write(body.length >>> 8);
        b.write(body.length);
        b.writeBytes(body);
        return b.toByteArray();
    }

    private static StreamingAead aead(byte[] key, int segment) throws GeneralSecurityException {
        AesGcmHkdfStreamingParameters parameters = AesGcmHkdfStreamingParameters.builder()
                .setKeySizeBytes(32)
                .setDerivedAesGcmKeySizeBytes(32)
                .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                .setCiphertextSegmentSizeBytes(segment)
                .build();
        return AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(parameters,
                SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())));
    }

    /** A rename is durable only once its folder is forced (Linux: fsync of the directory). */
    static void forceFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems refuse fsync on a folder: the rename stands, only its durability is the file system's
        }
    }
}
