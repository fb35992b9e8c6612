package fr.dmp.ingest.intake;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linux's {@code syncfs(2)}: every dirty file and the journal of one file system written and flushed to disk in one
 * call. A chunk's kept files are made durable so, instead of an fsync per file and per folder, each a journal commit
 * of its own (issue 19, measured with 20,000 HL7 files: 61.5 s of job with fsyncs sixteen at a time, 38.2 s with two
 * file-system syncs per chunk). Used only where it reports write-back errors (Linux 5.8 and later): before that, a
 * failed write-back would go unseen and a claimed file be removed over a kept copy that is not on disk.
 */
final class FileSystemSync {

    private static final Logger log = LoggerFactory.getLogger(FileSystemSync.class);

    /** The C library's calls, through JNA: opening a folder read-only, syncing its file system, closing it. */
    private interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int syncfs(int fd) throws LastErrorException;

        int fsync(int fd) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final int O_RDONLY = 0;
    /** Linux's O_DIRECTORY (generic and x86 value; arm64 uses 040000): the path must be a folder. */
    private static final int O_DIRECTORY = "aarch64".equals(System.getProperty("os.arch")) ? 040000 : 0200000;
    /** fsync(2) on a file system that cannot sync a folder: the rename stands, its durability is the file system's. */
    private static final int EINVAL = 22;
    private static final int EOPNOTSUPP = 95;
    private static final LibC LIBC = load();

    private FileSystemSync() {
    }

    private static LibC load() {
        if (!System.getProperty("os.name", "").equals("Linux") || !reportsWriteBackErrors(System.getProperty("os.version", ""))) {
            return null;
        }
        if (System.getProperty("dmp.kept-files.syncfs", "true").equals("false")) {
            return null; // an operator's choice: each file forced on its own
        }
        try {
            return Native.load("c", LibC.class);
        } catch (LinkageError | RuntimeException e) { // no native library here (a noexec temporary folder): each file forced
            log.info("syncfs unavailable ({}); kept files are forced one by one", e.getClass().getSimpleName());
            return null;
        }
    }

    /**
     * File systems whose own superblock records their write-back errors: on a stacked one (overlayfs, as in a
     * container's writable layer) syncfs checks the overlay's superblock and may miss an error of the layer
     * below (found on review), and on a network one the errors are the server's; there each file is forced.
     */
    static boolean reportsErrorsOn(String fileStoreType) {
        return java.util.Set.of("ext4", "xfs", "btrfs").contains(fileStoreType);
    }

    /** Linux 5.8 made syncfs return the write-back errors met since the file was opened (errseq). */
    static boolean reportsWriteBackErrors(String osVersion) {
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(osVersion);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 5 || (major == 5 && minor >= 8);
    }

    static boolean available() {
        return LIBC != null;
    }

    /**
     * fsync(2) of a folder, telling a file system that refuses to sync folders (EINVAL, EOPNOTSUPP: {@link
     * Durably.FolderSyncRefused}) from one that failed to (EIO, ENOSPC...: a plain {@link IOException}), which
     * Java's own {@code FileChannel.force} reports alike (found on review: both were tolerated).
     */
    static void forceFolder(Path folder) throws IOException {
        int fd;
        try {
            fd = LIBC.open(folder.toString(), O_RDONLY | O_DIRECTORY);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a kept-file folder to make it durable (errno " + e.getErrorCode() + ")");
        }
        try {
            LIBC.fsync(fd);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == EINVAL || errno == EOPNOTSUPP) {
                throw new Durably.FolderSyncRefused("the file system refuses to sync a folder (errno " + errno + ")");
            }
            throw new IOException("making a kept-file folder durable failed (errno " + errno + ")");
        } finally {
            try {
                LIBC.close(fd);
            } catch (LastErrorException ignored) {
                // nothing was written through it
            }
        }
    }

    /**
     * A file system watched from now on: {@link #sync()} reports the write-back errors met on it since this was
     * opened (errseq), even if a background write-back met them before the sync. Open one before writing the
     * files a sync is to make durable; one per batch, so that another batch's sync cannot consume its error report.
     */
    static final class Watch implements AutoCloseable {
        private final int fd;

        Watch(Path folder) throws IOException {
            try {
                fd = LIBC.open(folder.toString(), O_RDONLY);
            } catch (LastErrorException e) {
                throw new IOException("cannot open a kept-file folder to sync its file system (errno " + e.getErrorCode() + ")");
            }
        }

        /** Every dirty file and the journal of the file system on disk; throws when the call or a write-back failed. */
        void sync() throws IOException {
            try {
                LIBC.syncfs(fd);
            } catch (LastErrorException e) {
                throw new IOException("syncing the kept files' file system failed (errno " + e.getErrorCode() + ")");
            }
        }

        @Override
        public void close() {
            try {
                LIBC.close(fd);
            } catch (LastErrorException ignored) {
                // nothing was written through it
            }
        }
    }
}
