package fr.dmp.ingest.ops;

import fr.dmp.ingest.domain.Printable;
import fr.dmp.ingest.domain.SafeToPrint;
import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.intake.Disposer;
import fr.dmp.ingest.intake.KeptFileKeys;
import fr.dmp.ingest.intake.OwnerOnly;
import fr.dmp.ingest.intake.SealedFile;
import fr.dmp.ingest.store.OperatorQueries;
import fr.dmp.ingest.store.OperatorQueries.QuarantinedFile;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The operator's hand on quarantined files (issue 17): a file is requeued (its kept copy, opened from its seal,
 * goes back to its feed's drop folder under its own name, to be claimed again under a new token) or marked handled (it
 * stays kept). Either closes the file: its reason file says so, its quarantine rows are closed, and the
 * action, who did it (the OS user) and why are appended to the store (V14).
 */
public final class QuarantineDesk {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** An action refused, one line, naming a claim token and a feed, never a patient. */
    public static final class Refused extends RuntimeException implements SafeToPrint {
        public Refused(String message) {
            super(message);
        }
    }

    private final OperatorQueries queries;
    private final Function<String, Feed> feeds;
    private final Clock clock;
    private final String osUser;
    private final KeptFileKeys keys;

    public QuarantineDesk(OperatorQueries queries, Function<String, Feed> feeds, Clock clock, String osUser, KeptFileKeys keys) {
        this.queries = queries;
        this.feeds = feeds;
        this.clock = clock;
        this.osUser = osUser;
        this.keys = keys;
    }

    /** Where a quarantined file is kept: {@code quarantine/<feed>/<token>/<name>}. */
    public static Path kept(Feed feed, QuarantinedFile q) {
        return feed.quarantineFolder().resolve(q.token()).resolve(Disposer.safeName(q.fileName()));
    }

    /** The one open quarantined file a TOKEN or FILE designates; refused when none or several. */
    public QuarantinedFile open(String tokenOrName) {
        List<QuarantinedFile> found = queries.designated(tokenOrName);
        List<QuarantinedFile> open = found.stream().filter(q -> q.state().equals("OPEN")).toList();
        if (found.isEmpty()) {
            // round 33, an operator pasted the masked name that list prints
            throw new Refused("no quarantined file has this token or name" + (tokenOrName.contains("***")
                    ? " (names are shown with their INS masked: give the claim's token from quarantine list)" : ""));
        }
        if (open.isEmpty()) {
            QuarantinedFile last = found.get(found.size() - 1);
            throw new Refused("claim " + last.token() + " (feed " + last.feed() + ") is already " + last.state());
        }
        if (open.size() > 1) {
            throw new Refused(open.size() + " open quarantined files have this name (claims "
                    + open.stream().map(QuarantinedFile::token).toList() + "): give a token");
        }
        return open.get(0);
    }

    /** Moves the kept file (and its sidecar) back to its feed's drop folder and closes it; returns where it went. */
    public Path requeue(QuarantinedFile q) {
        return requeue(q, null);
    }

    /** As {@link #requeue(QuarantinedFile)}, the comment kept with the action (the console's type assignment). */
    public Path requeue(QuarantinedFile q, String comment) {
        return requeue(q, comment, null);
    }

    /**
     * As {@link #requeue(QuarantinedFile, String)}, running {@code first} under the claim's lock once the claim is seen
     * still open (the console's type assignment: two operators assigning two types, the second refused, had its type
     * recorded all the same and the next run took it; a review, round 33).
     */
    public Path requeue(QuarantinedFile q, String comment, Runnable first) {
        if (queries == null) {
            return requeueLocked(q, comment); // a desk without a store (the files' side tested alone): nothing to lock
        }
        try {
            return queries.exclusively(q.token(), () -> {
                // looked at again under the claim's lock: the other of two clicks may have requeued it meanwhile
                String state = queries.stateOf(q.token());
                if (!"OPEN".equals(state)) {
                    throw new Refused("claim " + q.token() + " (feed " + q.feed() + ") is already " + state + "; nothing moved");
                }
                if (first != null) {
                    first.run();
                }
                return requeueLocked(q, comment);
            });
        } catch (OperatorQueries.ClaimBusy e) {
            throw new Refused(e.getMessage() + "; nothing moved");
        }
    }

    private Path requeueLocked(QuarantinedFile q, String comment) {
        Feed feed = feeds.apply(q.feed());
        Path kept = kept(feed, q);
        if (Files.exists(kept, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(kept, LinkOption.NOFOLLOW_LINKS)) {
            // round 9 attack 16: a symbolic link or special file dropped is never taken; requeuing it would change nothing
            throw new Refused("claim " + q.token() + " (feed " + q.feed() + "): the kept file is not a regular file (a"
                    + " symbolic link, a device or a pipe) and is never taken; have the sender send the file itself");
        }
        if (!Files.isRegularFile(kept, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused("claim " + q.token() + " (feed " + q.feed() + "): the kept file is missing from "
                    + feed.quarantineFolder().resolve(q.token()));
        }
        Path keptCompanion = kept.resolveSibling(kept.getFileName() + ".json");
        boolean hasCompanion = Files.isRegularFile(keptCompanion, LinkOption.NOFOLLOW_LINKS);
        Path target = feed.drop().resolve(Disposer.safeName(q.fileName()));
        Path targetCompanion = target.resolveSibling(target.getFileName() + ".json");
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) || hasCompanion && Files.exists(targetCompanion, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused("claim " + q.token() + " (feed " + q.feed() + "): a file of the same name is already in the"
                    + " drop folder; nothing moved");
        }
        FileTime now = FileTime.from(clock.instant());
        try {
            // checked before anything moves (a review, round 31): a plain sidecar beside a sealed file was put back as the
            // sender's (its bytes have no recorded hash), and a legacy sidecar moved before its file failed was left alone
            boolean sealedInput = sealed(kept);
            if (hasCompanion && sealedInput && !sealed(keptCompanion)) {
                throw new Refused("claim " + q.token() + " (feed " + q.feed() + "): the kept sidecar is not sealed beside a"
                        + " sealed file: it was replaced; nothing moved");
            }
            // a sealed file names its claim and its part: another claim's sealed sidecar copied here opened and was put
            // back with this file (one patient's document under another's metadata; round 31, an attacker)
            if (sealedInput && !ofThisClaim(kept, q.token(), SealedFile.INPUT)
                    || hasCompanion && sealed(keptCompanion) && !ofThisClaim(keptCompanion, q.token(), SealedFile.SIDECAR)) {
                throw new Refused("claim " + q.token() + " (feed " + q.feed() + "): a kept file is sealed for another claim"
                        + " or part: it was replaced; nothing moved");
            }
            if (!sealedInput && q.sha256() != null && Files.isReadable(kept) && !q.sha256().equalsIgnoreCase(sha256(kept))) {
                throw new NotTheClaimedBytes();
            }
            // touched now: the pair waits one quiet period, so a run in progress never takes one without the other
            if (hasCompanion) {
                restore(keptCompanion, targetCompanion, now, q.token() + "-sidecar", null);
            }
            restore(kept, target, now, q.token(), q.sha256());
        } catch (NotTheClaimedBytes e) {
            deleteQuietly(targetCompanion, hasCompanion && Files.exists(keptCompanion, LinkOption.NOFOLLOW_LINKS));
            throw new Refused("claim " + q.token() + " (feed " + q.feed() + "): the kept file does not hold the bytes the"
                    + " claim recorded (its SHA-256 differs): it was replaced or altered; nothing moved");
        } catch (SealedFile.Unreadable e) {
            deleteQuietly(targetCompanion, hasCompanion && Files.exists(keptCompanion, LinkOption.NOFOLLOW_LINKS));
            throw new Refused("claim " + q.token() + " (feed " + q.feed() + "): " + e.getMessage() + "; nothing moved");
        } catch (IOException e) {
            deleteQuietly(targetCompanion, hasCompanion && Files.exists(keptCompanion, LinkOption.NOFOLLOW_LINKS));
            throw new Refused("claim " + q.token() + " (feed " + q.feed() + "): cannot move the kept file back to "
                    + feed.drop() + " (" + e.getClass().getSimpleName()
                    + (SafeToPrint.systemReason(e) == null ? "" : ": " + SafeToPrint.systemReason(e)) + ")"); // no space left...
        }
        try {
            if (!queries.close(q.feed(), q.token(), "REQUEUED", osUser, comment)) {
                throw new Refused("claim " + q.token() + " (feed " + q.feed() + "): closed meanwhile by another action; nothing moved");
            }
        } catch (RuntimeException e) {
            // not recorded: the sealed files are still kept; the clear copies leave the drop (if still there)
            deleteQuietly(target, Files.exists(kept, LinkOption.NOFOLLOW_LINKS));
            deleteQuietly(targetCompanion, hasCompanion && Files.exists(keptCompanion, LinkOption.NOFOLLOW_LINKS));
            throw e;
        }
        try { // requeued: the sealed copies go (a legacy clear file was moved, nothing is left)
            Files.deleteIfExists(keptCompanion);
            Files.deleteIfExists(kept);
            Files.deleteIfExists(kept.getParent()); // the token folder, now empty
        } catch (IOException e) {
            // the store says REQUEUED; a sealed copy left over is only unreadable bytes, gone with the retention
        }
        closeReasonFile(feed, q, "REQUEUED", comment);
        if (feed.completion().byMarker()) {
            // a marker feed takes nothing without its marker: the requeued file waited for ever (round 14)
            try {
                Files.createFile(target.resolveSibling(target.getFileName() + feed.completion().marker()), OwnerOnly.NEW_FILE);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // the sender's own marker: as good
            } catch (IOException e) {
                throw new Refused("claim " + q.token() + " (feed " + q.feed() + "): requeued, but its marker could not be"
                        + " written (" + e.getClass().getSimpleName() + "); create " + Printable.of(target.getFileName()
                        + feed.completion().marker()) + " in the drop folder");
            }
        }
        return target;
    }

    /**
     * A date as French and ISO software write it (a birth date is the one piece of patient data a comment would hold):
     * 15/05/1980, 1980-05-15, 15/05/80, 15 mai 1980, 19800515 (a 20th-century day: "ticket 20240117" stays an operator's
     * word); a matricule, with or without its key, is caught by {@link #LONG_NUMBER} (round 28, an attacker).
     */
    private static final java.util.regex.Pattern DATE = java.util.regex.Pattern.compile(
            "(?<!\\d)(\\d{1,2}[/.-]\\d{1,2}[/.-](19|20)\\d{2}|\\d{1,2}/\\d{1,2}/\\d{2}|(19|20)\\d{2}[/-]\\d{1,2}[/-]\\d{1,2})(?![\\d.])"
            + "|(?<!\\d)19\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])(?!\\d)"
            + "|(?iu)(?<!\\d)\\d{1,2}(er)?\\s+(janvier|janv|f[ée]vrier|f[ée]vr?|mars|avril|avr|mai|juin|juillet|juil|ao[uû]t|septembre|sept"
            + "|octobre|oct|novembre|nov|d[ée]cembre|d[ée]c|january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul"
            + "|august|aug|september|sep|october|november|december|dec)\\.?\\s+\\d{2,4}(?!\\d)");
    /** Thirteen digits or more in a row, in any script's digits: a matricule ("FINESS 750712184" is an operator's word). */
    private static final java.util.regex.Pattern LONG_NUMBER = java.util.regex.Pattern.compile("\\p{Nd}{13,}");

    /**
     * Why a handled comment may not go into the reason file and the quarantine's action log, or null: it is kept with
     * the file for a year and shown to every operator (round 26, a tester put an INS, a name, a birth date and terminal
     * escapes in it; a name cannot be told from other words, an INS, a date and control characters can). Checked here, for
     * every way in: the console's "Mark handled" kept an INS, dates and escapes the command line refused (round 28).
     */
    public static String commentProblem(String comment) {
        if (comment.length() > 500) {
            return "is at most 500 characters";
        }
        if (comment.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || c == 0x2028 || c == 0x2029)) {
            return "may not hold control or formatting characters";
        }
        if (!fr.dmp.ingest.domain.InsInText.masked(comment).equals(comment) || DATE.matcher(comment).find()
                || LONG_NUMBER.matcher(comment).find()) {
            return "may not hold patient data (an INS, a date): say how the file was handled, e.g. a ticket's reference";
        }
        return null;
    }

    /** Marks the file handled (it stays kept): the operator's comment says how. */
    public void handled(QuarantinedFile q, String comment) {
        String problem = commentProblem(comment);
        if (problem != null) {
            throw new Refused("the comment " + problem);
        }
        Feed feed = feeds.apply(q.feed());
        if (!queries.close(q.feed(), q.token(), "HANDLED", osUser, comment)) {
            throw new Refused("claim " + q.token() + " (feed " + q.feed() + "): closed meanwhile by another action");
        }
        closeReasonFile(feed, q, "HANDLED", comment);
    }

    /** The reason file as kept, if it is one: a regular file of a reason file's size holding a JSON object. */
    private static java.util.Optional<ObjectNode> existingReasonFile(Path reasonFile) {
        try {
            if (Files.isRegularFile(reasonFile, LinkOption.NOFOLLOW_LINKS) && Files.size(reasonFile) <= (1 << 20)
                    && JSON.readTree(reasonFile.toFile()) instanceof ObjectNode read) {
                return java.util.Optional.of(read);
            }
        } catch (IOException | RuntimeException notAReasonFile) {
            // edited by hand into something else: written anew (a review, round 31)
        }
        return java.util.Optional.empty();
    }

    /** A reason file made again from the store, where the one kept was not a reason file. */
    private static ObjectNode fresh(QuarantinedFile q) {
        ObjectNode root = JSON.createObjectNode();
        root.put("token", q.token());
        root.put("file", fr.dmp.ingest.domain.InsInText.masked(q.fileName()));
        root.put("reason", q.reason());
        root.put("detail", q.detail());
        return root;
    }

    void closeReasonFile(Feed feed, QuarantinedFile q, String as, String comment) {
        Path reasonFile = feed.quarantineFolder().resolve(q.token() + ".reason.json");
        try {
            // only a regular file of a reason file's size is read: a pipe planted in its place hung the command and the
            // console's thread for ever, a link was followed (round 31, a hostile tester); anything else is written anew
            ObjectNode root = existingReasonFile(reasonFile).orElseGet(() -> fresh(q));
            ObjectNode closed = root.putObject("closed");
            closed.put("as", as);
            closed.put("at", clock.instant().toString());
            closed.put("by", osUser);
            if (comment != null) {
                closed.put("comment", comment);
            }
            Path tmp = reasonFile.resolveSibling(reasonFile.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, reasonFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException notMoved) {
                Files.deleteIfExists(tmp); // a folder in its place: no stray temporary file left beside it
                throw notMoved;
            }
        } catch (IOException | RuntimeException e) {
            throw new Refused("claim " + q.token() + ": recorded as " + as + " in the store, but its reason file could not"
                    + " be updated (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * A kept file back to the drop: a sealed one is opened into a hidden temporary file of the drop folder
     * (never taken by a run), forced, touched, then renamed; a kept file from before sealing is moved (requeue checked
     * its bytes first). With the SHA-256 the claim recorded, a sealed file's opened bytes must be those: a kept file
     * replaced by other bytes was put back in the drop as the sender's (round 31, a hostile tester).
     */
    private static boolean ofThisClaim(Path kept, String token, String part) throws IOException {
        var header = SealedFile.header(kept);
        return header.isPresent() && header.get().keyId().equals(token) && header.get().part().equals(part);
    }

    private static boolean sealed(Path kept) throws IOException {
        try {
            return SealedFile.header(kept).isPresent();
        } catch (java.nio.file.AccessDeniedException notOurs) {
            return false; // a file this account may not read was kept as it came: never one it sealed
        }
    }

    private void restore(Path kept, Path target, FileTime now, String label, String claimedSha256) throws IOException {
        if (!sealed(kept)) { // its bytes were checked against the claim before anything moved (requeue)
            try {
                Files.setLastModifiedTime(kept, now);
            } catch (IOException notOurs) {
                // a file kept as it came belongs to its sender: only its owner may set its time (round 14 retest: the
                // requeue failed on it); it is moved with its own time
            }
            move(kept, target);
            return;
        }
        Path tmp = target.resolveSibling(".requeue-" + label + ".tmp"); // hidden: no run takes it
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, OwnerOnly.NEW_FILE);
        try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            java.security.DigestOutputStream digested = new java.security.DigestOutputStream(
                    java.nio.channels.Channels.newOutputStream(out), fr.dmp.ingest.domain.Sha256.digest());
            SealedFile.openTo(kept, keys::opening, digested);
            out.force(true);
            if (claimedSha256 != null
                    && !claimedSha256.equalsIgnoreCase(java.util.HexFormat.of().formatHex(digested.getMessageDigest().digest()))) {
                throw new NotTheClaimedBytes();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.setLastModifiedTime(tmp, now);
        move(tmp, target);
    }

    private static String sha256(Path file) throws IOException {
        java.security.MessageDigest digest = fr.dmp.ingest.domain.Sha256.digest();
        try (java.io.InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    /** The kept file's bytes are not those its claim recorded. */
    private static final class NotTheClaimedBytes extends IOException {
        NotTheClaimedBytes() {
            super("not the claimed bytes");
        }
    }

    private static void deleteQuietly(Path p, boolean when) {
        if (when) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // left in the drop: the next run takes it, which is what the operator asked
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
