package fr.dmp.ingest.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * What the job writes under its work folder (kept files, reason files, reports, the embedded database's
 * log, lock and secrets, keys) holds or points at health data: its owner's alone, whatever the umask or the
 * sender's mode (issue 16, rules.md R11).
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final FileAttribute<Set<PosixFilePermission>> NEW_FILE = PosixFilePermissions.asFileAttribute(FILE);
    public static final FileAttribute<Set<PosixFilePermission>> NEW_FOLDER = PosixFilePermissions.asFileAttribute(FOLDER);

    private OwnerOnly() {
    }

    /** Creates a folder and its missing parents as the owner's alone, and takes others' rights from one that exists. */
    public static Path folder(Path folder) throws IOException {
        Files.createDirectories(folder, NEW_FOLDER);
        Files.setPosixFilePermissions(folder, FOLDER);
        return folder;
    }

    /** Takes group and others' rights from a file (not through a symbolic link) (a moved input keeps the sender's mode otherwise); creates it if absent. */
    public static Path file(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            return file; // a link kept as it came (never opened): changing rights would change its target's, say /etc/passwd
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createFile(file, NEW_FILE);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // created meanwhile: its rights are taken below
            }
        }
        Files.setPosixFilePermissions(file, FILE);
        return file;
    }
}
