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

    /** The claim's documents were deleted before its files were kept: they must not be kept readable (rules.md R5). */
    final class Shredded extends RuntimeException implements fr.dmp.ingest.domain.SafeToPrint {
        public Shredded(String token) {
            super("the documents of claim " + token + " were deleted before its files were kept");
        }
    }

    /** The data key recorded under this id (a claim token), empty when it was destroyed or never made. */
    Optional<byte[]> opening(String keyId);
}
