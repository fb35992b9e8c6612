package fr.dmp.ingest.intake;

import java.util.Optional;

/**
 * The data keys that seal kept files (issue 16, rules.md R11): one random key per claim, kept by the store
 * wrapped under the content key, so that destroying it makes the claim's kept files unreadable at once
 * (crypto-shredding, R5/R15). Plain Java here; the store implements it.
 */
public interface KeptFileKeys {

    /**
     * The data key of this claim's kept files, made and recorded on first use; the same key afterwards.
     *
     * @throws Shredded when a deletion destroyed the claim's key before its files were sealed
     */
    byte[] sealing(String token, String feed);

    /**
     * The data keys of several claims at once ({@code token -> feed}, one chunk's files), made and recorded where
     * missing: a claim whose documents were deleted before its files were kept has no key in the result (as
     * {@link #sealing(String, String)} throws {@link Shredded} for it). The store does it in a few statements for
     * the whole chunk instead of four per file (issue 19: per-file round trips and commits set the run's pace).
     */
    default java.util.Map<String, byte[]> sealing(java.util.Map<String, String> feedByToken) {
        java.util.Map<String, byte[]> keys = new java.util.HashMap<>();
        feedByToken.forEach((token, feed) -> {
            try {
                keys.put(token, sealing(token, feed));
            } catch (Shredded e) {
                // no key: its files are not kept
            }
        });
        return keys;
    }

    /** The claim's documents were deleted before its files were kept: they must not be kept readable (rules.md R5). */
    final class Shredded extends RuntimeException implements fr.dmp.ingest.domain.SafeToPrint {
        public Shredded(String token) {
            super("the documents of claim " + token + " were deleted before its files were kept");
        }
    }

    /** The data key recorded under this id (a claim token), empty when it was destroyed or never made. */
    Optional<byte[]> opening(String keyId);
}
