package fr.dmp.ingest.job;

import fr.dmp.ingest.feed.FeedConfigException;
import fr.dmp.ingest.store.StoreException;

import java.io.UncheckedIOException;

/**
 * One line about a failure that is safe to print: our own exceptions say what happened without data;
 * any other is named by its class only, since a library's message may quote the input.
 */
public final class SafeMessages {

    private SafeMessages() {
    }

    public static String describe(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c && !(c instanceof StoreException) && !ours(c)) {
            c = c.getCause();
        }
        if (ours(c) || c instanceof StoreException) {
            return c.getMessage();
        }
        if (c instanceof UncheckedIOException u) {
            return u.getMessage().split("\n")[0] + " (" + u.getCause().getClass().getSimpleName() + ")";
        }
        return c.getClass().getName();
    }

    private static boolean ours(Throwable t) {
        return t instanceof IngestFailure || t instanceof FeedConfigException || t instanceof StoreException;
    }
}
