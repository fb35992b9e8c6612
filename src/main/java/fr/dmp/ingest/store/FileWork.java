package fr.dmp.ingest.store;

import fr.dmp.ingest.intake.ClaimedFile;

import java.util.List;

/**
 * A claimed file after reading, classification and validation: what the store writes in one
 * transaction with the file's disposition.
 *
 * @param sha256  of the whole file, null when it was not read (a symlink, a file too large)
 */
public record FileWork(ClaimedFile file, String sha256, long size, List<ItemWork> items) {
    public FileWork {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a file has at least one item or one refusal");
        }
    }
}
