package fr.dmp.ingest.intake;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sealed layout on its own (no Spring, no store): a segment chosen per file and written in the header, files of
 * the first layout (1 MB segments, two header lines) still opening, and a header whose segment was altered or is not
 * one this code writes never opening (issue 16's guarantees; issue 19 for the segment's size).
 */
class SealedFileTest {

    @TempDir
    Path dir;

    private final byte[] key = SealedFile.newKey();
    private final Function<String, Optional<byte[]>> keys = id -> id.equals("j1p0n1") ? Optional.of(key) : Optional.empty();

    @Test
    void theSegmentIsTheSmallestPowerOfTwoFrom4KbThatHoldsTheFileWithTinksHeaderAndTag() {
        assertThat(SealedFile.segmentFor(0)).isEqualTo(4096);
        assertThat(SealedFile.segmentFor(4032)).isEqualTo(4096);
        assertThat(SealedFile.segmentFor(4033)).isEqualTo(8192);
        assertThat(SealedFile.segmentFor(6_000)).isEqualTo(8192);
        assertThat(SealedFile.segmentFor((1 << 19) - 64)).isEqualTo(1 << 19);
        assertThat(SealedFile.segmentFor((1 << 19) - 63)).isEqualTo(1 << 20);
        assertThat(SealedFile.segmentFor((1 << 20) - 64)).isEqualTo(1 << 20);
        assertThat(SealedFile.segmentFor(512L << 20)).isEqualTo(1 << 20);
    }

    @Test
    void filesOfEverySizeAroundTheSegmentsOpenBackByteForByte() throws IOException {
        Random random = new Random(19);
        for (int size : new int[] {0, 1, 4031, 4032, 4033, 65_536, (1 << 20) - 64, (1 << 20) - 63, 3_000_001}) {
            byte[] clear = new byte[size];
            random.nextBytes(clear);
            Path sealed = seal(clear, "input-" + size);
            byte[] head = Arrays.copyOf(Files.readAllBytes(sealed), 64);
            assertThat(SealedFile.isSealed(head)).isTrue();
            assertThat(new String(head, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("DMPSEAL2");
            assertThat(new String(head, 10, 64 - 10, StandardCharsets.UTF_8))
                    .as("size %d", size).startsWith("j1p0n1\ninput\n" + SealedFile.segmentFor(size));
            assertThat(SealedFile.header(sealed)).contains(new SealedFile.Header("j1p0n1", SealedFile.INPUT));
            assertThat(opened(sealed)).as("size %d", size).isEqualTo(clear);
        }
    }

    @Test
    void aFileOfTheFirstLayoutStillOpens() throws Exception {
        for (int size : new int[] {0, 4_000, 2_500_000}) {
            byte[] clear = new byte[size];
            new Random(size).nextBytes(clear);
            Path v1 = dir.resolve("v1-" + size);
            Files.write(v1, firstLayout(clear, "j1p0n1", SealedFile.SIDECAR));
            assertThat(SealedFile.header(v1)).contains(new SealedFile.Header("j1p0n1", SealedFile.SIDECAR));
            assertThat(opened(v1)).as("size %d", size).isEqualTo(clear);
        }
    }

    @Test
    void aSegmentChangedInTheHeaderDoesNotOpen() throws IOException {
        byte[] clear = new byte[20_000];
        new Random(7).nextBytes(clear);
        byte[] sealed = Files.readAllBytes(seal(clear, "changed"));
        String text = new String(sealed, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("\ninput\n32768");
        Path other = dir.resolve("other-segment");
        // same length, another power of two: it parses, then fails to authenticate (the header is associated data)
        Files.write(other, text.replaceFirst("\ninput\n32768", "\ninput\n65536").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(SealedFile.header(other)).isPresent();
        assertThatThrownBy(() -> opened(other)).isInstanceOf(SealedFile.Unreadable.class);
    }

    @Test
    void aSegmentThisCodeNeverWritesIsNoSealedHeaderAndNothingIsAllocatedForIt() throws IOException {
        byte[] sealed = Files.readAllBytes(seal(new byte[10], "odd"));
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).startsWith("DMPSEAL2\0\u0011j1p0n1\ninput\n4096");
        int headerEnd = 10 + ((sealed[8] & 0xFF) << 8 | (sealed[9] & 0xFF));
        String[] segments = {"0", "4097", "2048", "2097152", "2147483648", "04096", "-4096", "4096 ", ""};
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            byte[] body = ("j1p0n1\ninput\n" + segment).getBytes(StandardCharsets.ISO_8859_1);
            ByteArrayOutputStream altered = new ByteArrayOutputStream();
            altered.writeBytes("DMPSEAL2".getBytes(StandardCharsets.US_ASCII));
            altered.write(body.length >>> 8);
            altered.write(body.length);
            altered.writeBytes(body);
            altered.write(sealed, headerEnd, sealed.length - headerEnd);
            Path p = dir.resolve("odd-" + i);
            Files.write(p, altered.toByteArray());
            assertThat(SealedFile.header(p)).as("segment '%s'", segment).isEmpty();
            assertThatThrownBy(() -> opened(p)).as("segment '%s'", segment).isInstanceOf(SealedFile.Unreadable.class)
                    .hasMessage("not a sealed kept file");
        }
    }

    @Test
    void aSealedFileCutAtASegmentsEndDoesNotOpen() throws IOException {
        byte[] clear = new byte[3_000_000];
        new Random(3).nextBytes(clear);
        byte[] sealed = Files.readAllBytes(seal(clear, "cut"));
        Path cut = dir.resolve("cut-short");
        int headerEnd = 10 + ((sealed[8] & 0xFF) << 8 | (sealed[9] & 0xFF));
        assertThat(sealed.length).isGreaterThan(headerEnd + 2 * (1 << 20));
        Files.write(cut, Arrays.copyOf(sealed, headerEnd + 2 * (1 << 20))); // two whole segments of three
        assertThatThrownBy(() -> opened(cut)).isInstanceOf(SealedFile.Unreadable.class);
    }

    private Path seal(byte[] clear, String name) throws IOException {
        Path claimed = dir.resolve(name + ".clear");
        Files.write(claimed, clear);
        Path target = dir.resolve(name);
        Path tmp = SealedFile.writeTemporary(claimed, target, "j1p0n1", key, SealedFile.INPUT);
        Files.move(tmp, target);
        return target;
    }

    private byte[] opened(Path sealed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SealedFile.openTo(sealed, keys, out);
        return out.toByteArray();
    }

    /** The first layout as it was written until round 22: DMPSEAL1, "keyId\npart", Tink with 1 MB segments. */
    private byte[] firstLayout(byte[] clear, String keyId, String part) throws Exception {
        byte[] body = (keyId + "\n" + part).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes("DMPSEAL1".getBytes(StandardCharsets.US_ASCII));
        header.write(body.length >>> 8);
        header.write(body.length);
        header.writeBytes(body);
        AesGcmHkdfStreamingParameters parameters = AesGcmHkdfStreamingParameters.builder()
                .setKeySizeBytes(32)
                .setDerivedAesGcmKeySizeBytes(32)
                .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                .setCiphertextSegmentSizeBytes(1 << 20)
                .build();
        com.google.crypto.tink.StreamingAead aead = AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(parameters,
                SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(header.toByteArray());
        try (OutputStream sealing = aead.newEncryptingStream(file, header.toByteArray()); InputStream in =
                new java.io.ByteArrayInputStream(clear)) {
            in.transferTo(sealing);
        }
        return file.toByteArray();
    }
}
