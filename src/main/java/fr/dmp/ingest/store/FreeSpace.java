package fr.dmp.ingest.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a failure line adds when the disk is the likely cause (round 14: a full disk read as "database unreachable"). */
public final class FreeSpace {

    static final long LOW = 64L << 20;

    private FreeSpace() {
    }

    /** "; the disk holding var has 0 MB free" when the folder's file system has under 64 MB free, else "". */
    public static String lowIn(Path folder) {
        try {
            Path p = folder;
            while (p != null && !Files.isDirectory(p)) {
                p = p.toAbsolutePath().getParent();
            }
            if (p == null) {
                return "";
            }
            long free = Files.getFileStore(p).getUsableSpace();
            return free < LOW ? "; the disk holding " + folder + " has " + (free >> 20) + " MB free" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
