package fr.dmp.ingest.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file taken out of the drop folder into the claim folder, under a unique claim token so that the
 * same name dropped again later is a new claim. A companion (a sidecar {@code <name>.json}) moves
 * with it.
 *
 * @param token          unique claim token, the key of the file's disposition record
 * @param path           where the file now lies, in the claim folder
 * @param originalName   its name in the drop folder
 * @param companion      the claimed sidecar, or null
 * @param seen           its size and modification time when it was claimed, or null when unknown; a file
 *                       whose stamp changed since is given back to the drop folder, never stored
 */
public record ClaimedFile(String token, Path path, String originalName, Path companion, FileStamp seen) {

    public ClaimedFile(String token, Path path, String originalName, Path companion) {
        this(token, path, originalName, companion, null);
    }

    /** Whether the claimed file was written to since it was seen complete (a sender still writing). */
    public boolean changedSinceSeen() {
        return seen != null && seen.changed(path);
    }

    /**
     * The claimed main files of a claim folder whose names match {@code glob}, each with its claimed
     * companion; a companion alone (its main file not claimed) is listed as a main file.
     */
    public static List<ClaimedFile> inFolder(Path claimFolder, String glob) {
        List<ClaimedFile> out = new ArrayList<>();
        if (!Files.isDirectory(claimFolder)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(claimFolder, glob)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                var parts = ClaimNames.split(name);
                if (parts.isEmpty() || (name.endsWith(".json")
                        && Files.exists(p.resolveSibling(name.substring(0, name.length() - 5)), LinkOption.NOFOLLOW_LINKS))) {
                    continue;
                }
                Path companion = p.resolveSibling(name + ".json");
                out.add(new ClaimedFile(parts.get()[0], p, parts.get()[1],
                        Files.exists(companion, LinkOption.NOFOLLOW_LINKS) ? companion : null, FileStamp.now(p).orElse(null)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read claim folder " + claimFolder, e);
        }
        return out;
    }

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
