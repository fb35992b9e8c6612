package fr.dmp.ingest.intake;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Files and folders forced to disk (fsync), several at once. One fsync costs a journal commit (≈ 0.7 ms on this
 * machine's ext4, twice that with its folder); issued together, the file system commits them in one (measured:
 * 0.8 ms per file one after the other, 0.3 ms sixteen at a time), so a chunk's kept files are forced together
 * (issue 19: one file at a time set the run's pace at 240 files/s).
 */
public final class Durably {

    /** Sixteen at a time: more gained nothing on this machine. */
    private static final int AT_ONCE = 16;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService FORCING = Executors.newFixedThreadPool(AT_ONCE, r -> {
        Thread t = new Thread(r, "dmp-fsync-" + THREADS.incrementAndGet());
        t.setDaemon(true); // never keeps a finished run's JVM alive
        return t;
    });

    private Durably() {
    }

    /**
     * A folder whose file system refuses fsync on folders (some do): the renames in it stand, their durability is
     * the file system's. Told apart from a failure (EIO...) only where the C library is reached ({@link
     * FileSystemSync}); elsewhere every failure to force a folder is taken for a refusal, as Java reports both alike.
     */
    public static final class FolderSyncRefused extends IOException {
        public FolderSyncRefused(String message) {
            super(message);
        }
    }

    /**
     * Files to be made durable together, on file systems watched from before they were written ({@link #begin}).
     * Where syncfs serves ({@link FileSystemSync}), {@link #force} syncs each file system once; elsewhere, and for a
     * file system whose sync fails (so that an error is told for the file it is about), each path is forced.
     */
    public static final class Batch implements AutoCloseable {
        private final Map<Object, FileSystemSync.Watch> watches = new LinkedHashMap<>();
        private final Map<Path, Object> deviceOfFolder = new java.util.HashMap<>();
        private final java.util.Set<Object> unwatched = new java.util.HashSet<>();

        private Batch() {
        }

        /** Watches the file system of {@code folder} from now on (before the files to force are written in it). */
        public void watch(Path folder) {
            if (!FileSystemSync.available()) {
                return;
            }
            try {
                Object device = device(folder);
                if (!watches.containsKey(device) && !unwatched.contains(device)) {
                    if (FileSystemSync.reportsErrorsOn(java.nio.file.Files.getFileStore(folder).type())) {
                        watches.put(device, new FileSystemSync.Watch(folder));
                    } else {
                        unwatched.add(device);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not watched: its files are forced one by one
            }
        }

        private Object device(Path folder) throws IOException {
            Object device = deviceOfFolder.get(folder);
            if (device == null) {
                device = java.nio.file.Files.getAttribute(folder, "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                deviceOfFolder.put(folder, device);
            }
            return device;
        }

        /** Makes the paths (files, or folders after renames in them) durable; returns those that failed, with why. */
        public Map<Path, IOException> force(Collection<Path> paths, boolean folders) {
            if (watches.isEmpty() || paths.size() <= 1) { // one file: its own fsync costs no more than a sync of all
                return forceEach(paths, folders);
            }
            Map<Object, List<Path>> byDevice = new LinkedHashMap<>();
            List<Path> each = new ArrayList<>();
            for (Path p : paths) {
                try {
                    Object device = device(folders ? p : p.getParent());
                    if (watches.containsKey(device)) {
                        byDevice.computeIfAbsent(device, d -> new ArrayList<>()).add(p);
                    } else {
                        each.add(p);
                    }
                } catch (IOException | RuntimeException e) {
                    each.add(p);
                }
            }
            for (Map.Entry<Object, List<Path>> onOne : byDevice.entrySet()) {
                try {
                    watches.get(onOne.getKey()).sync();
                } catch (IOException e) {
                    each.addAll(onOne.getValue());
                }
            }
            return forceEach(each, folders);
        }

        @Override
        public void close() {
            watches.values().forEach(FileSystemSync.Watch::close);
            watches.clear();
        }
    }

    /** A batch of files to make durable together; watch their folders before writing them. */
    public static Batch begin() {
        return new Batch();
    }

    /** Forces one file's bytes and attributes to disk. */
    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Forces a folder (its entries: the renames made in it) to disk; {@link FolderSyncRefused} where it cannot be. */
    static void forceFolder(Path folder) throws IOException {
        if (FileSystemSync.available()) {
            FileSystemSync.forceFolder(folder);
            return;
        }
        try {
            force(folder);
        } catch (java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            FolderSyncRefused refused = new FolderSyncRefused("a folder could not be forced to disk: " + e.getClass().getSimpleName());
            refused.initCause(e);
            throw refused;
        }
    }

    /**
     * Forces every path (files or folders) to disk, {@value #AT_ONCE} at a time; returns those that failed, with
     * why. Empty when all are durable.
     */
    public static Map<Path, IOException> forceAll(Collection<Path> paths) {
        return forceEach(paths, false);
    }

    private static void forceOne(Path p, boolean folder) throws IOException {
        if (folder) {
            forceFolder(p);
        } else {
            force(p);
        }
    }

    private static Map<Path, IOException> forceEach(Collection<Path> paths, boolean folders) {
        Map<Path, IOException> failed = new LinkedHashMap<>();
        if (paths.size() <= 1) {
            for (Path p : paths) {
                try {
                    forceOne(p, folders);
                } catch (IOException e) {
                    failed.put(p, e);
                }
            }
            return failed;
        }
        List<Path> order = new ArrayList<>(paths);
        List<Future<IOException>> results = new ArrayList<>(order.size());
        for (Path p : order) {
            results.add(FORCING.submit(() -> {
                try {
                    forceOne(p, folders);
                    return null;
                } catch (IOException e) {
                    return e;
                }
            }));
        }
        for (int i = 0; i < order.size(); i++) {
            IOException e;
            try {
                e = results.get(i).get();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                e = new java.io.InterruptedIOException("interrupted while forcing files to disk");
            } catch (ExecutionException unexpected) {
                e = new IOException("forcing a file to disk failed", unexpected.getCause());
            }
            if (e != null) {
                failed.put(order.get(i), e);
            }
        }
        return failed;
    }
}
