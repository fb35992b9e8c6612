package fr.dmp.ingest.store;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Seals contents with AES-GCM (JDK crypto): a random 12-byte nonce per row, a 128-bit tag, and the
 * row's identity (key id and what the row is, e.g. the content's SHA-256) as associated data, so that
 * a blob altered, or moved to another row, fails on reading.
 */
public final class ContentCipher {

    static final int NONCE = 12;
    static final int TAG_BITS = 128;

    private final ContentKeys keys;
    private final SecureRandom random = new SecureRandom();

    public ContentCipher(ContentKeys keys) {
        this.keys = keys;
    }

    public ContentKeys keys() {
        return keys;
    }

    /** A sealed value and the key that sealed it. */
    public record Sealed(String keyId, byte[] data) {
    }

    public Sealed seal(byte[] plain, String rowIdentity) {
        Encryption e = encryption(rowIdentity);
        try {
            byte[] out = Arrays.copyOf(e.nonce(), NONCE + e.cipher().getOutputSize(plain.length));
            e.cipher().doFinal(plain, 0, plain.length, out, NONCE);
            return new Sealed(e.keyId(), out);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM unavailable", ex);
        }
    }

    /** A cipher ready to seal one row under the active key, with its fresh nonce. */
    private record Encryption(String keyId, byte[] nonce, Cipher cipher) {
    }

    private Encryption encryption(String rowIdentity) {
        String id = keys.activeId();
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.key(id), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(id, rowIdentity));
            return new Encryption(id, nonce, c);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** A sealed value read as a stream: nonce, ciphertext, tag; {@code length} bytes in all. */
    public record SealedStream(String keyId, java.io.InputStream data, long length) {
    }

    /**
     * Seals a content as it is read, for a content too large to hold in the heap; what comes out is
     * byte for byte what {@link #seal} would return for the same nonce, so {@link #open} opens it.
     */
    public SealedStream sealing(java.io.InputStream plain, long plainLength, String rowIdentity) {
        Encryption e = encryption(rowIdentity);
        java.io.InputStream data = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(e.nonce()),
                new javax.crypto.CipherInputStream(plain, e.cipher()));
        return new SealedStream(e.keyId(), data, NONCE + plainLength + TAG_BITS / 8);
    }

    /** Opens a sealed value; a tampered or displaced one is refused. */
    public byte[] open(Sealed sealed, String rowIdentity) {
        byte[] data = sealed.data();
        if (data.length < NONCE + TAG_BITS / 8) {
            throw new TamperedContent(rowIdentity);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, keys.key(sealed.keyId()), new GCMParameterSpec(TAG_BITS, data, 0, NONCE));
            c.updateAAD(aad(sealed.keyId(), rowIdentity));
            return c.doFinal(data, NONCE, data.length - NONCE);
        } catch (AEADBadTagException e) {
            throw new TamperedContent(rowIdentity);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static byte[] aad(String keyId, String rowIdentity) {
        return (keyId + "|" + rowIdentity).getBytes(StandardCharsets.UTF_8);
    }

    /** A stored blob that does not authenticate: altered, truncated or moved. */
    public static final class TamperedContent extends RuntimeException implements fr.dmp.ingest.domain.SafeToPrint {
        public TamperedContent(String rowIdentity) {
            super("stored content " + rowIdentity + " failed authentication: it was altered");
        }
    }
}
