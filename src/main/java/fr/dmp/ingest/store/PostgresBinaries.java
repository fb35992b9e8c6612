package fr.dmp.ingest.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the embedded PostgreSQL's programs are unpacked. zonky's default, {@code /tmp/embedded-pg/PG-<hash>}, has the same
 * name on every machine, in a folder it makes world-writable without the sticky bit, and an existing folder is used
 * whoever made it: a local user who made it first (or renamed the job's aside) had the job run her {@code postgres},
 * which read the content key (round 28, a hostile local user). The programs now go under a folder only the job's
 * account can write, whose ancestors no one else can rename: {@code ~/.cache/dmp-ingest} (once per account), else beside
 * the data folder ({@code var/db.bin}), else (a throw-away server) a new temporary folder. zonky opens its own working
 * folder inside ({@code embedded-pg}) to everyone; the owner-only parent keeps others out.
 */
final class PostgresBinaries {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PostgresBinaries.class);

    private PostgresBinaries() {
    }

    /** zonky's working folder: inside an owner-only folder that no other account can write to or rename. */
    static Path workingFolder(Path dataDirectory) {
        Path home = Path.of(System.getProperty("user.home", "/nonexistent"));
        Path cached = ownerOnly(home.resolve(".cache").resolve("dmp-ingest"));
        if (cached == null && dataDirectory != null) {
            Path data = dataDirectory.toAbsolutePath().normalize();
            cached = ownerOnly(data.resolveSibling(data.getFileName() + ".bin"));
        }
        if (cached == null) {
            log.warn("no owner-only folder for the embedded PostgreSQL's programs (~/.cache/dmp-ingest, nor beside the"
                    + " data folder): unpacked into a new temporary folder at each start (README, \"Security\")");
            try {
                cached = Files.createTempDirectory("dmp-ingest-pg"); // rwx------ (POSIX temporary folder)
            } catch (IOException e) {
                throw new UncheckedIOException("no folder to unpack the embedded PostgreSQL in", e);
            }
        }
        return cached.resolve("embedded-pg");
    }

    /** The folder, made owner-only, or null when it cannot be (not ours, or an ancestor others may write to). */
    static Path ownerOnly(Path folder) {
        try {
            Path f = folder.toAbsolutePath().normalize();
            boolean existed = Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!existed) {
                // the missing folders made owner-only, not with the umask (a review: ~/.cache made 0775 under umask 002
                // was refused, and the programs unpacked anew at each start)
                java.util.List<Path> missing = new java.util.ArrayList<>();
                for (Path p = f; p != null && !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
                    missing.add(0, p);
                }
                for (Path p : missing) {
                    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
            }
            if (Files.isSymbolicLink(f) || !Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            // where it really is: a ~/.cache that is a link into a folder others may write to is judged there (a review)
            Path real = f.toRealPath();
            if (existed && (((Integer) Files.getAttribute(f, "unix:mode")) & 0022) != 0) {
                // a folder others could write to holds what they put there: never used, never mended (round 28, an
                // attacker: made 777, it was set to 700 and the postgres planted in it ran)
                log.warn("{} is writable by other accounts: its programs are not used (remove it)", f);
                return null;
            }
            // only its owner (or root) may change a folder's mode: a folder another account made fails here
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
            if (!ownedByUs(real) || !safeAncestors(real.getParent())) {
                return null;
            }
            return f;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    private static boolean ownedByUs(Path f) throws IOException {
        Path probe = Files.createTempFile(f, ".owner", ".tmp");
        try {
            return Files.getAttribute(probe, "unix:uid").equals(Files.getAttribute(f, "unix:uid"));
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** No ancestor lets another account rename what it holds: not writable by group or others, unless sticky (/tmp). */
    static boolean safeAncestors(Path p) throws IOException {
        for (Path a = p; a != null; a = a.getParent()) {
            int mode = (Integer) Files.getAttribute(a, "unix:mode");
            boolean othersMayWrite = (mode & 0022) != 0;
            boolean sticky = (mode & 01000) != 0;
            if (othersMayWrite && !sticky) {
                return false;
            }
        }
        return true;
    }
}
