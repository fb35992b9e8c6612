package fr.dmp.ingest.intake;

import java.nio.file.Path;

/**
 * A file taken out of the drop folder into the claim folder, under a unique claim token so that the
 * same name dropped again later is a new claim. A companion (a sidecar {@code <name>.json}) moves
 * with it.
 *
 * @param token          unique claim token, the key of the file's disposition record
 * @param path           where the file now lies, in the claim folder
 * @param originalName   its name in the drop folder
 * @param companion      the claimed sidecar, or null
 */
public record ClaimedFile(String token, Path path, String originalName, Path companion) {

    public boolean hasCompanion() {
        return companion != null;
    }

    public String companionName() {
        return originalName + ".json";
    }

    /** The token only: a file name may hold a patient's name. */
    @Override
    public String toString() {
        return "ClaimedFile[" + token + (companion == null ? "" : ", with sidecar") + "]";
    }
}
