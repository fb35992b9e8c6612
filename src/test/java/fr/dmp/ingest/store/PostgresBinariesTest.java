package fr.dmp.ingest.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 28, a hostile local user: zonky unpacked the embedded PostgreSQL into {@code /tmp/embedded-pg/PG-<hash>}, a
 * name known in advance under a world-writable folder without the sticky bit, and ran whatever it found there: a
 * planted {@code postgres} read the content key. The programs now live under an owner-only folder whose ancestors no
 * other account can write to.
 */
class PostgresBinariesTest {

    @TempDir
    Path tmp;

    @Test
    void theWorkingFolderIsInsideAnOwnerOnlyFolderNeverTheSharedTmpOne() throws Exception {
        Path working = PostgresBinaries.workingFolder(null);
        assertThat(working.getFileName().toString()).isEqualTo("embedded-pg");
        assertThat(working.toAbsolutePath().normalize()).isNotEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg")
                .toAbsolutePath().normalize());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(working.getParent()))).isEqualTo("rwx------");
        assertThat(PostgresBinaries.safeAncestors(working.getParent())).isTrue();
    }

    @Test
    void aFolderUnderOneOthersMayWriteToIsRefusedAndOneUnderAStickyFolderIsTaken() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(PostgresBinaries.ownerOnly(open.resolve("dmp-ingest"))).isNull(); // another account could rename it

        Path sticky = Files.createDirectory(tmp.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        Path mine = PostgresBinaries.ownerOnly(sticky.resolve("dmp-ingest"));
        assertThat(mine).isNotNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mine))).isEqualTo("rwx------");
    }

    /** Round 28, an attacker: a folder left writable by others was made 700 and what was planted in it ran. */
    @Test
    void aFolderOthersCouldWriteToIsNeverUsedAndAnOwnerOnlyOneIs() throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("home"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        Path planted = Files.createDirectory(parent.resolve("dmp-ingest"));
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(PostgresBinaries.ownerOnly(planted)).isNull();
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(PostgresBinaries.ownerOnly(planted)).isEqualTo(planted);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(planted))).isEqualTo("rwx------");
        Path link = Files.createSymbolicLink(parent.resolve("link"), planted);
        assertThat(PostgresBinaries.ownerOnly(link)).isNull();
        // a review: a parent that is a link into a folder others may write to is judged where it leads
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path cache = Files.createSymbolicLink(parent.resolve(".cache"), open);
        assertThat(PostgresBinaries.ownerOnly(cache.resolve("dmp-ingest"))).isNull();
        // missing folders are made owner-only, whatever the umask
        Path made = PostgresBinaries.ownerOnly(parent.resolve("a").resolve("b"));
        assertThat(made).isNotNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(parent.resolve("a")))).isEqualTo("rwx------");
    }
}
