package fr.dmp.ingest.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Takes complete files out of the drop folder by an atomic rename into the claim folder, so that a
 * file is either still in the drop folder or claimed, never both and never half-copied.
 */
public final class Claimer {

    private final Path claimFolder;

    public Claimer(Path claimFolder) {
        this.claimFolder = claimFolder;
        try {
            Files.createDirectories(claimFolder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create claim folder " + claimFolder, e);
        }
    }

    /** Claims a candidate under {@code token}; empty when the file disappeared meanwhile. */
    public Optional<ClaimedFile> claim(DropFolder.Candidate candidate, String token) {
        String name = candidate.file().getFileName().toString();
        Path target = claimFolder.resolve(ClaimNames.claimed(token, name));
        Path companionTarget = null;
        // the companion first: a crash between the two renames leaves a claimed sidecar whose main
        // file is still in the drop folder; the next run's claim of the main file takes it along
        if (candidate.companion() != null) {
            companionTarget = claimFolder.resolve(ClaimNames.claimed(token, name + ".json"));
            if (!move(candidate.companion(), companionTarget)) {
                companionTarget = null;
            }
        }
        fr.dmp.ingest.faults.Faults.point("claim");
        if (!move(candidate.file(), target)) {
            if (companionTarget != null) {
                move(companionTarget, candidate.companion()); // give the sidecar back
            }
            return Optional.empty();
        }
        return Optional.of(new ClaimedFile(token, target, name, companionTarget));
    }

    static boolean move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IllegalStateException("the claim folder must be on the same file system as the drop folder", e);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("claim target already exists for token " + ClaimNames.token(to), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim a file of " + from.getParent(), e);
        }
    }
}
