package fr.dmp.ingest.intake;

import java.util.Optional;

/**
 * Names that no downstream tool handles safely: control characters (a newline splits a log or a CSV
 * line), bytes that are not text in the file system's encoding, path tricks. Such a file is
 * quarantined unread ({@code UNSAFE_CONTENT}) under a cleaned name.
 */
public final class FileNames {

    private FileNames() {
    }

    public static Optional<String> problem(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of("file name with a control character");
            }
            if (c == '\uFFFD') {
                return Optional.of("file name with bytes that are not text");
            }
        }
        if (name.startsWith("..") || name.contains("..\\") || name.contains("\\..")) {
            return Optional.of("file name with a path trick");
        }
        return Optional.empty();
    }
}
