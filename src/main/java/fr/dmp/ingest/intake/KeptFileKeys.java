package fr.dmp.ingest.intake;

import java.util.Optional;

/**
 * The data keys that seal kept files (issue 16, rules.md R11): one random key per claim, kept by the store
 * wrapped under the content key, so that destroying it makes the claim's kept files unreadable at once
 * (crypto-shredding, R5/R15). Plain Java here; the store implements it.
 */
public interface KeptFileKeys {

    /** The data key of this claim's kept files, made and recorded on first use; the same key afterwards. */
    byte[] sealing(String token, String feed);

    /** The data key recorded under this id (a claim token), empty when it was destroyed or never made. */
    Optional<byte[]> opening(String keyId);
}
