package fr.dmp.ingest.ops;

import fr.dmp.ingest.domain.SafeToPrint;
import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.intake.Disposer;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.KeptFileKeys;
import fr.dmp.ingest.intake.SealedFile;
import fr.dmp.ingest.store.KeptFileAccess;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An authorised operator's reading of a kept file (issue 16): {@code kept open} finds the claim's sealed file
 * (archive or quarantine), records the opening in the audit trail (who, which claim, where to) before giving
 * a byte, then opens the seal to where it was asked. A file whose key was destroyed (a deleted document, a
 * retention) does not open.
 */
public final class KeptFileDesk {

    /** Refused, one line, naming a claim token and a feed, never a patient. */
    public static final class Refused extends RuntimeException implements SafeToPrint {
        public Refused(String message) {
            super(message);
        }
    }

    private final KeptFileAccess access;
    private final KeptFileKeys keys;
    private final Function<String, Feed> feeds;
    private final String osUser;

    public KeptFileDesk(KeptFileAccess access, KeptFileKeys keys, Function<String, Feed> feeds, String osUser) {
        this.access = access;
        this.keys = keys;
        this.feeds = feeds;
        this.osUser = osUser;
    }

    /** The one claim a TOKEN or FILE designates; refused when none or several (then a token is needed). */
    public Disposition designated(String tokenOrName) {
        List<Disposition> found = access.designated(tokenOrName);
        if (found.isEmpty()) {
            throw new Refused("no kept file has this token or name");
        }
        if (found.size() > 1) {
            throw new Refused(found.size() + " claims have this name (" + found.stream().map(Disposition::token).toList()
                    + "): give a token");
        }
        return found.get(0);
    }

    /** Where the claim's input (or its PDF sidecar) is kept. */
    public Path kept(Disposition d, boolean sidecar) {
        Feed feed = feeds.apply(d.feed());
        Path input = new Disposer(feed.archiveFolder(), feed.quarantineFolder(), feed.zone(), keys).target(d);
        return sidecar ? input.resolveSibling(input.getFileName() + ".json") : input;
    }

    /** Audits the opening, then writes the clear bytes to {@code out}; returns how many. */
    public long open(Disposition d, boolean sidecar, OutputStream out, String where) {
        Path kept = kept(d, sidecar);
        String part = sidecar ? SealedFile.SIDECAR : SealedFile.INPUT;
        if (!Files.isRegularFile(kept, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused("claim " + d.token() + " (feed " + d.feed() + "): no kept " + part
                    + " (requeued, deleted by its retention, or never kept)");
        }
        try {
            var header = SealedFile.header(kept);
            if (header.isEmpty()) {
                throw new Refused("claim " + d.token() + ": the kept file is not sealed (kept before sealing): read it as the"
                        + " service account; nothing opened");
            }
            // the key first: a file whose key is destroyed (its document deleted) opens nothing, and its failed opening
            // showed in the patient's history as "opened" (round 27, a tester); then R7: never an unaudited opening
            Optional<byte[]> key = keys.opening(header.get().keyId());
            if (key.isEmpty()) {
                throw new Refused("claim " + d.token() + " (feed " + d.feed() + "): its key is destroyed (its documents or"
                        + " dossier deleted, or purged): nothing opened");
            }
            access.recordOpening(d, part, osUser, where);
            return SealedFile.openTo(kept, id -> id.equals(header.get().keyId()) ? key : keys.opening(id), out);
        } catch (SealedFile.Unreadable e) {
            throw new Refused("claim " + d.token() + " (feed " + d.feed() + "): " + e.getMessage());
        } catch (IOException e) {
            throw new Refused("claim " + d.token() + " (feed " + d.feed() + "): cannot read the kept file ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
