package fr.dmp.ingest.intake;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    /**
     * Claims a candidate under {@code token}; empty when the file disappeared meanwhile, or when its size or
     * modification time is no longer what the scan saw, before or just after the rename (a sender still
     * writing: the file stays in, or goes back to, the drop folder and waits).
     */
    public Optional<ClaimedFile> claim(DropFolder.Candidate candidate, String token) {
        String name = candidate.file().getFileName().toString();
        FileStamp seen = candidate.seen();
        if (seen != null && seen.changed(candidate.file())) {
            return Optional.empty(); // written to since the scan: not complete
        }
        String claimedName = ClaimNames.claimed(token, name);
        Path target = claimFolder.resolve(claimedName);
        Path companionTarget = null;
        // the companion first: a crash between the two renames leaves a claimed sidecar whose main
        // file is still in the drop folder; the next run's claim of the main file takes it along
        if (candidate.companion() != null) {
            companionTarget = claimFolder.resolve(claimedName + ".json");
            if (!move(candidate.companion(), companionTarget)) {
                companionTarget = null;
                if (Files.exists(candidate.companion(), LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.empty(); // its sidecar cannot be moved: the PDF is not taken without it (a review)
                }
            }
        }
        fr.dmp.ingest.faults.Faults.point("claim");
        if (!move(candidate.file(), target)) {
            if (companionTarget != null) {
                move(companionTarget, candidate.companion()); // give the sidecar back
            }
            return Optional.empty();
        }
        ClaimedFile claimed = new ClaimedFile(token, target, name, companionTarget, seen);
        if (claimed.changedSinceSeen()) {
            giveBack(claimed, candidate.file().getParent()); // written to between the scan and the rename
            return Optional.empty();
        }
        if (candidate.marker() != null) {
            try {
                Files.deleteIfExists(candidate.marker()); // it said "complete"; the file it spoke of is taken
                Path twin = otherCase(candidate.marker());
                if (Files.isRegularFile(twin, LinkOption.NOFOLLOW_LINKS)) {
                    // a sender that wrote the marker in both cases: the other would mark the next file of that name
                    // complete before it is (round 14 retest)
                    Files.deleteIfExists(twin);
                }
            } catch (IOException e) {
                // left behind: it marks no file any more, and a marker is never taken as a file
            }
        }
        return Optional.of(claimed);
    }

    /** The marker with its suffix (from its last dot) in the other case: {@code x.hl7.OK} for {@code x.hl7.ok}. */
    static Path otherCase(Path marker) {
        String name = marker.getFileName().toString();
        int cut = name.lastIndexOf('.');
        String suffix = name.substring(cut);
        String lower = suffix.toLowerCase(java.util.Locale.ROOT);
        return marker.resolveSibling(name.substring(0, cut) + (suffix.equals(lower) ? suffix.toUpperCase(java.util.Locale.ROOT) : lower));
    }

    /**
     * Gives a claimed file (and its sidecar) back to the drop folder under its own name, undecided: a sender
     * was still writing it. When the sender has meanwhile dropped another file under that name, or the name
     * was shortened to be claimed, the file stays claimed and the next run reads it again.
     *
     * @return whether it is back in the drop folder
     */
    public static boolean giveBack(ClaimedFile file, Path dropFolder) {
        Path back = dropFolder.resolve(file.originalName());
        Path companionBack = dropFolder.resolve(file.companionName());
        try {
            if (Files.exists(back, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || (file.hasCompanion() && Files.exists(companionBack, java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                return false;
            }
            Files.move(file.path(), back, StandardCopyOption.ATOMIC_MOVE);
            if (file.hasCompanion()) {
                Files.move(file.companion(), companionBack, StandardCopyOption.ATOMIC_MOVE);
            }
            return true;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return false; // stays claimed: the next run reads it again
        }
    }

    /**
     * A refusal that is this file's (a permission, an immutable or busy file), not the file system's: EIO, ESTALE or ENOSPC
     * on a share still fail the run (a review: skipping them, a run over a failing share ended "0 files" unseen).
     */
    static boolean notMovableFile(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return true;
        }
        String reason = e instanceof java.nio.file.FileSystemException f ? f.getReason() : null;
        return reason != null && (reason.contains("Operation not permitted") || reason.contains("Permission denied")
                || reason.contains("Device or resource busy"));
    }

    static boolean move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IllegalStateException("the claim folder must be on the same file system as the drop folder");
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("claim target already exists for token " + ClaimNames.token(to));
        } catch (IOException e) {
            String why = e.getClass().getSimpleName()
                    + (e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? ": " + f.getReason() : "");
            if (notMovableFile(e) && Files.isWritable(from.getParent()) && Files.isWritable(to.getParent())) {
                // both folders take renames: this one file cannot be moved (immutable, a sender's lock). It failed the whole
                // feed every night, naming no file (round 36, an operator); now it stays in the drop and the run goes on.
                // Its name is not logged: it may hold a patient's (issue 16, "Losses" 8)
                LoggerFactory.getLogger(Claimer.class).warn("a file of {} cannot be moved ({}): it stays in the drop folder"
                        + " and is not taken; the other files are ('status' counts it ready; ls -l the folder to find it)",
                        from.getParent(), why);
                return false;
            }
            // the cause is not chained: its message holds the file's name, which may hold a patient's (issue 16, "Losses" 8)
            throw new UncheckedIOException("cannot claim a file of " + from.getParent(), new IOException(why));
        }
    }
}
