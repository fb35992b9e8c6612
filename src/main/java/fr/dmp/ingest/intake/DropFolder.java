package fr.dmp.ingest.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * The complete files of a drop folder, streamed (a nightly drop may hold a million names; they are
 * never all held in memory). A file is complete when its name is not a temporary one and it has not
 * been modified during the quiet period. A sidecar {@code <name>.json} is not a file of its own when
 * {@code <name>} exists: it moves with it. A file that expects a sidecar and has none waits one more
 * quiet period for it.
 */
public final class DropFolder {

    private final Path folder;
    private final Duration quietPeriod;
    private final Clock clock;
    private final Predicate<Path> expectsCompanion;
    private final Completion completion;

    public DropFolder(Path folder, Duration quietPeriod, Clock clock, Predicate<Path> expectsCompanion) {
        this(folder, quietPeriod, clock, expectsCompanion, Completion.QUIET_PERIOD);
    }

    /** @param completion how the feed tells a complete file: the quiet period, or a marker file beside it */
    public DropFolder(Path folder, Duration quietPeriod, Clock clock, Predicate<Path> expectsCompanion, Completion completion) {
        this.completion = completion;
        this.folder = folder;
        this.quietPeriod = quietPeriod;
        this.clock = clock;
        this.expectsCompanion = expectsCompanion;
    }

    public Path folder() {
        return folder;
    }

    /**
     * A file ready to be claimed, with its sidecar when it has one.
     *
     * @param size   the main file's size when seen complete
     * @param seen   its size and modification time when seen complete (null: not checked)
     * @param marker its completion marker, removed once it is claimed (null in quiet-period mode)
     */
    public record Candidate(Path file, Path companion, long size, FileStamp seen, Path marker) {
        public Candidate(Path file, Path companion, long size) {
            this(file, companion, size, null, null);
        }

        public Candidate(Path file, Path companion) {
            this(file, companion, 0);
        }
    }

    /**
     * The sidecar {@code <name>.json} of {@code main}, or null. Also found when one of the two names is in Unicode NFD
     * and the other in NFC (round 11: a PDF named on a Mac beside a sidecar a program wrote): the bytes differ, the
     * name a sender typed does not.
     */
    static Path companionOf(Path main) {
        return partnerOf(main, main.resolveSibling(main.getFileName() + ".json"));
    }

    /**
     * The partner (sidecar, marker) of {@code main} as it exists, in the other normal form only when {@code main} has no
     * twin: NFC and NFD files of one name each go with their own partner, never the other's (round 32, a hostile tester:
     * a cut, unmarked {@code é2.hl7} in NFD was taken on its complete NFC twin's marker and stored, the twin left waiting).
     */
    static Path partnerOf(Path main, Path partner) {
        if (Files.exists(partner, LinkOption.NOFOLLOW_LINKS)) {
            return partner;
        }
        Path other = otherSpelling(partner);
        return other == null || otherSpelling(main) != null ? null : other;
    }

    /** The same name in the other Unicode normal form when a file has it, else null (an ASCII name has none). */
    static Path otherSpelling(Path path) {
        String name = path.getFileName().toString();
        if (name.chars().allMatch(c -> c < 0x80)) {
            return null; // the common case: one spelling only
        }
        for (java.text.Normalizer.Form form : new java.text.Normalizer.Form[] {java.text.Normalizer.Form.NFC, java.text.Normalizer.Form.NFD}) {
            String other = java.text.Normalizer.normalize(name, form);
            if (!other.equals(name) && Files.exists(path.resolveSibling(other), LinkOption.NOFOLLOW_LINKS)) {
                return path.resolveSibling(other);
            }
        }
        return null;
    }

    /** The main file a sidecar {@code <name>.json} goes with, or null (as {@link #companionOf}, whatever the normal form). */
    static Path mainOf(Path sidecar) {
        String name = sidecar.getFileName().toString();
        if (!name.endsWith(".json") || name.equals(".json")) {
            return null;
        }
        return partnerOf(sidecar, sidecar.resolveSibling(name.substring(0, name.length() - 5)));
    }

    /**
     * The path as it exists: itself, or the same name in the other Unicode normal form (NFC or NFD: a name written on
     * one system, the file copied through another), or null when neither exists.
     */
    public static Path existingSpelling(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? path : otherSpelling(path);
    }

    /**
     * Names that are never claimed: uploads in progress ({@code .part}, {@code .tmp}) and hidden entries
     * (rsync's {@code .name.XXXXXX}). A name starting with {@code ..} is no upload but a path trick: it is
     * claimed, to be quarantined.
     */
    public static boolean isTemporaryName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".part") || lower.endsWith(".tmp") || lower.endsWith(".filepart") // WinSCP's (round 14)
                || (name.startsWith(".") && !name.startsWith(".."));
    }

    /** rsync's temporary name for x while it uploads it: {@code .x.XXXXXX} (six letters or digits). */
    private static final java.util.regex.Pattern RSYNC_TEMPORARY = java.util.regex.Pattern.compile("\\.(.+)\\.[A-Za-z0-9]{6}");

    /**
     * Whether a sender is visibly still writing the file to be named {@code target}: it exists under one of the temporary
     * names intake never takes ({@code x.part}, {@code x.tmp}, {@code x.filepart}, {@code .x}, rsync's {@code .x.XXXXXX}),
     * so its companion waits for the rename. rsync's random names need the folder's listing: read once, when first needed.
     */
    private final class Uploads {
        private java.util.Set<String> rsyncTargets;

        boolean of(Path target) {
            String n = target.getFileName().toString();
            for (String temporary : new String[] {n + ".part", n + ".tmp", n + ".filepart", "." + n}) {
                if (Files.exists(target.resolveSibling(temporary), LinkOption.NOFOLLOW_LINKS)) {
                    return true;
                }
            }
            return rsyncTargets().contains(n);
        }

        private java.util.Set<String> rsyncTargets() {
            if (rsyncTargets == null) {
                java.util.Set<String> found = new java.util.HashSet<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, ".*")) {
                    for (Path p : ds) {
                        java.util.regex.Matcher m = RSYNC_TEMPORARY.matcher(p.getFileName().toString());
                        if (m.matches()) {
                            found.add(m.group(1));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read drop folder " + folder, e);
                }
                rsyncTargets = found;
            }
            return rsyncTargets;
        }
    }

    /**
     * The marker of {@code file} when the sender wrote it: the feed's suffix, or the same in capitals (a Windows sender's
     * {@code X.HL7.OK}, round 14), in either Unicode normal form, and a regular file; or null.
     */
    private Path markerOf(Path file) {
        Path marker = namedMarkerOf(file);
        // a file named like a marker that holds a document, or has a marker of its own, is data: it was deleted as its
        // neighbour's marker, lost without a word (round 37, an operator)
        return marker == null || dataNotMarker(marker) ? null : marker;
    }

    /** The file named as {@code file}'s marker, whatever it holds. */
    private Path namedMarkerOf(Path file) {
        String name = file.getFileName().toString();
        for (String suffix : new String[] {completion.marker(), completion.marker().toUpperCase(Locale.ROOT)}) {
            // also in the other Unicode normal form, as a sidecar is (a file named on a Mac, its marker by a script)
            Path marker = partnerOf(file, file.resolveSibling(name + suffix));
            if (marker != null && Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
                return marker; // a file: a folder or a link of that name is no sender's marker (round 14 retest)
            }
        }
        return null;
    }

    /**
     * Whether something is named as the file's marker that is no marker: a folder, a link, a FIFO, or a file holding a
     * document: the file waited as "waiting for their marker" with its marker in plain sight (round 37, an operator).
     */
    private boolean somethingNamedAsMarker(Path file) {
        String name = file.getFileName().toString();
        for (String suffix : new String[] {completion.marker(), completion.marker().toUpperCase(Locale.ROOT)}) {
            Path named = partnerOf(file, file.resolveSibling(name + suffix));
            if (named != null && Files.exists(named, LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    /** A file named like a marker that is a document (its first bytes) or that has a marker of its own. */
    boolean dataNotMarker(Path file) {
        if (markerFits(file.getFileName().toString()) && namedMarkerOf(file) != null) {
            return true;
        }
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            head = in.readNBytes(32);
        } catch (IOException e) {
            return false; // unreadable: a marker as before (it is only deleted once its file is claimed)
        }
        return looksLikeDocument(head);
    }

    private static final String[] DOCUMENT_STARTS = {"MSH|", "FHS|", "BHS|", "%PDF", "<?xml", "<ClinicalDocument", "H|", "H~"};

    /** Bytes that begin as an HL7 message or batch, a PDF, XML (a CDA) or an HPRIM header (after a UTF-8 BOM and blanks). */
    static boolean looksLikeDocument(byte[] head) {
        int i = head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF ? 3 : 0;
        while (i < head.length && (head[i] == ' ' || head[i] == '\r' || head[i] == '\n' || head[i] == '\t')) {
            i++;
        }
        String start = new String(head, i, head.length - i, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String d : DOCUMENT_STARTS) {
            if (start.startsWith(d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A marker that changed before its file (beyond a coarse file system's two seconds) says nothing of the file as it is
     * now: a week-old marker whose file never came took a message being written, cut short (round 37, an operator).
     */
    static boolean staleMarker(Path marker, Path file) {
        Instant markerChanged = changed(marker);
        Instant fileChanged = changed(file);
        return markerChanged != null && fileChanged != null && markerChanged.plusSeconds(2).isBefore(fileChanged);
    }

    /**
     * When the file last changed on this host: its status change time (a copy cannot set it, so a sender's clock ahead or
     * a transfer keeping the source's times, {@code rsync -t}, never makes a marker look older: a review, round 37), else
     * its modification time.
     */
    private static Instant changed(Path p) {
        try {
            return ((java.nio.file.attribute.FileTime) Files.getAttribute(p, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).toInstant();
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            try {
                return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
            } catch (IOException gone) {
                return null;
            }
        }
    }

    private boolean markerFits(String name) {
        return ClaimNames.bytes(name + completion.marker()) <= ClaimNames.MAX_NAME_BYTES;
    }

    /** Whether a path was modified within the quiet period (or is gone or unreadable: then it is not complete either). */
    private static boolean modifiedSince(Path path, Instant since) {
        try {
            return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(since);
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Streams the candidates accepted by {@code filter} (used to split the folder between partitions).
     * The stream must be closed.
     */
    public Scan scan(Predicate<String> filter) {
        try {
            return new Scan(Files.newDirectoryStream(folder), filter);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read drop folder " + folder, e);
        }
    }

    /** Counts the entries a scan would consider, for progress reporting. */
    public long countEntries() {
        long n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!isTemporaryName(name) && !name.endsWith(".json") && !completion.isMarker(name)) {
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read drop folder " + folder, e);
        }
        return n;
    }

    /** Why a file of the drop folder is not taken yet. */
    public enum WaitReason {
        /** modified within the feed's quiet period: possibly still being written */
        QUIET_PERIOD,
        /** an upload in progress: {@code .part}, {@code .tmp}, a hidden name */
        UPLOAD_IN_PROGRESS,
        /** a PDF given one more quiet period for its sidecar */
        SIDECAR_EXPECTED,
        /** marker mode: a file whose marker has not come */
        MARKER_EXPECTED,
        /** marker mode: a marker whose file is not there (not yet, or named otherwise): round 14, it was not said */
        MARKER_ALONE,
        /** marker mode: a marker older than its file, written before the file last changed (round 37, an operator) */
        MARKER_OLDER_THAN_FILE,
        /** marker mode: named as the file's marker, a folder, a link, a FIFO or a document: no marker (round 37, an operator) */
        MARKER_NOT_A_MARKER,
        /** modified in the future (a sender's clock ahead): waits until that time is a quiet period past */
        FUTURE_TIME,
        /** a sub-folder: never taken (round 9 attack 2: it waited unseen) */
        FOLDER,
        /**
         * a name the JVM cannot write back in its locale's character set (LANG unset or C, as cron starts a command, and an
         * accented name): round 33, an operator: the run failed on it every night, printing the name
         */
        NAME_NOT_IN_LOCALE
    }

    /** Whether a listed name can be written back as a path here: not when the locale's set cannot encode it. */
    static boolean nameFitsLocale(Path entry, String name) {
        try {
            entry.resolveSibling(name + ".json");
            return true;
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** The files a scan now would leave in the folder, by reason, and the modification time of the oldest. */
    public record Waiting(java.util.Map<WaitReason, Long> counts, Instant oldest, long ready) {
        public Waiting {
            counts = java.util.Map.copyOf(counts);
        }

        public Waiting(java.util.Map<WaitReason, Long> counts, Instant oldest) {
            this(counts, oldest, 0);
        }

        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Counts what waits in the folder (issue 17: {@code status}, and the end of {@code ingest}); opens no file. */
    public Waiting waiting() {
        java.util.EnumMap<WaitReason, Long> counts = new java.util.EnumMap<>(WaitReason.class);
        Instant oldest = null;
        long ready = 0;
        Instant now = clock.instant();
        Instant quietSince = now.minus(quietPeriod);
        Instant companionWaitSince = now.minus(quietPeriod.multipliedBy(2));
        Uploads uploads = new Uploads();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path entry : ds) {
                String name = entry.getFileName().toString();
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    continue; // gone since the listing
                }
                Instant modified = attrs.lastModifiedTime().toInstant();
                WaitReason reason = null;
                if (!nameFitsLocale(entry, name)) {
                    reason = WaitReason.NAME_NOT_IN_LOCALE;
                } else if (attrs.isDirectory()) {
                    reason = WaitReason.FOLDER;
                } else if (isTemporaryName(name)) {
                    reason = WaitReason.UPLOAD_IN_PROGRESS;
                } else if (mainOf(entry) != null) {
                    continue; // a sidecar: counted with its main file
                } else if (completion.byMarker()) {
                    if (completion.isMarker(name) && !dataNotMarker(entry)) {
                        if (existingSpelling(entry.resolveSibling(name.substring(0, name.length() - completion.marker().length()))) != null) {
                            continue; // a marker: counted with its file
                        }
                        reason = WaitReason.MARKER_ALONE;
                    } else {
                        Path marker = markerFits(name) ? markerOf(entry) : null;
                        Path companion = companionOf(entry);
                        if (markerFits(name) && marker == null) {
                            reason = somethingNamedAsMarker(entry) ? WaitReason.MARKER_NOT_A_MARKER : WaitReason.MARKER_EXPECTED;
                        } else if (marker != null && staleMarker(marker, entry)) {
                            reason = WaitReason.MARKER_OLDER_THAN_FILE;
                        } else if (modified.isAfter(now)) {
                            reason = WaitReason.FUTURE_TIME;
                        } else if (modified.isAfter(quietSince) || marker != null && modifiedSince(marker, quietSince)
                                || companion != null && modifiedSince(companion, quietSince)) {
                            reason = WaitReason.QUIET_PERIOD;
                        } else if (companion == null && attrs.isRegularFile() && expectsCompanion.test(entry)
                                && uploads.of(entry.resolveSibling(name + ".json"))) {
                            reason = WaitReason.UPLOAD_IN_PROGRESS;
                        }
                    }
                } else if (modified.isAfter(now)) {
                    reason = WaitReason.FUTURE_TIME;
                } else if (modified.isAfter(quietSince)) {
                    reason = WaitReason.QUIET_PERIOD;
                } else {
                    Path companion = companionOf(entry);
                    // what the scan leaves, counted as the scan decides it: a sidecar alone while its PDF may come
                    if (name.endsWith(".json") && !name.equals(".json")) {
                        if (uploads.of(entry.resolveSibling(name.substring(0, name.length() - 5)))) {
                            reason = WaitReason.UPLOAD_IN_PROGRESS;
                        } else if (modified.isAfter(companionWaitSince)) {
                            reason = WaitReason.QUIET_PERIOD;
                        }
                    } else if (companion != null) {
                        try {
                            Instant companionModified = Files.getLastModifiedTime(companion, LinkOption.NOFOLLOW_LINKS).toInstant();
                            if (companionModified.isAfter(quietSince)) {
                                reason = WaitReason.QUIET_PERIOD;
                            }
                        } catch (IOException e) {
                            continue;
                        }
                    } else if (attrs.isRegularFile() && expectsCompanion.test(entry)
                            && uploads.of(entry.resolveSibling(name + ".json"))) {
                        reason = WaitReason.UPLOAD_IN_PROGRESS;
                    } else if (attrs.isRegularFile() && modified.isAfter(companionWaitSince) && expectsCompanion.test(entry)) {
                        reason = WaitReason.SIDECAR_EXPECTED;
                    }
                }
                if (reason == null) {
                    ready++; // complete: the next run takes it (round 9: status said "no file waiting" while four were ready)
                } else {
                    counts.merge(reason, 1L, Long::sum);
                    if (oldest == null || modified.isBefore(oldest)) {
                        oldest = modified;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read drop folder " + folder, e);
        }
        return new Waiting(counts, oldest, ready);
    }

    public final class Scan implements Iterator<Candidate>, AutoCloseable {
        private final DirectoryStream<Path> stream;
        private final Iterator<Path> entries;
        private final Predicate<String> filter;
        private final Instant quietSince;
        private final Instant companionWaitSince;
        private final Uploads uploads = new Uploads();
        private Candidate next;

        Scan(DirectoryStream<Path> stream, Predicate<String> filter) {
            this.stream = stream;
            this.entries = stream.iterator();
            this.filter = filter;
            Instant now = clock.instant();
            this.quietSince = now.minus(quietPeriod);
            this.companionWaitSince = now.minus(quietPeriod.multipliedBy(2));
        }

        @Override
        public boolean hasNext() {
            while (next == null && entries.hasNext()) {
                next = consider(entries.next());
            }
            return next != null;
        }

        @Override
        public Candidate next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Candidate c = next;
            next = null;
            return c;
        }

        private Candidate consider(Path entry) {
            String name = entry.getFileName().toString();
            if (isTemporaryName(name) || completion.isMarker(name) && !dataNotMarker(entry) || !filter.test(name)
                    || !nameFitsLocale(entry, name)) {
                return null; // a name the locale cannot write back stays in the drop, said by status and the run's end
            }
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return null; // taken by someone else since the listing
            } catch (IOException e) {
                return null; // unreadable now; the next run will see it again
            }
            if (attrs.isDirectory()) {
                return null;
            }
            Path marker = null;
            if (completion.byMarker() && markerFits(name)) {
                marker = markerOf(entry);
                if (marker == null || staleMarker(marker, entry)) {
                    return null; // the sender has not said it is complete (or said it of an earlier state of the file)
                }
            }
            if (attrs.lastModifiedTime().toInstant().isAfter(quietSince)) {
                // possibly still being written; with its marker too: a sender that wrote the marker first had a file
                // stored at 600 of its 929 bytes (round 14), the quiet period is the cheap guard behind the marker
                return null;
            }
            FileStamp seen = FileStamp.of(attrs);
            if (marker != null) {
                if (mainOf(entry) != null) {
                    return null; // a sidecar: it moves with its main file
                }
                Path companion = companionOf(entry);
                if (modifiedSince(marker, quietSince) || companion != null && modifiedSince(companion, quietSince)) {
                    return null; // the pair and its marker are complete only when none is still being written
                }
                if (companion == null && expectsCompanion.test(entry) && uploads.of(entry.resolveSibling(name + ".json"))) {
                    return null; // its sidecar is still being uploaded, whatever the marker says (round 14 retest)
                }
                return new Candidate(entry, companion, attrs.size(), seen, marker);
            }
            if (name.endsWith(".json")) {
                Path main = entry.resolveSibling(name.substring(0, name.length() - 5));
                if (mainOf(entry) != null) {
                    return null; // a sidecar: it moves with its main file
                }
                if (attrs.lastModifiedTime().toInstant().isAfter(companionWaitSince)) {
                    return null; // a sidecar whose main file may still be on its way
                }
                if (!name.equals(".json") && uploads.of(main)) {
                    return null; // its main file is being uploaded under a temporary name (round 9 attack 5)
                }
            }
            Path companion = companionOf(entry);
            boolean hasCompanion = companion != null;
            if (!hasCompanion && expectsCompanion.test(entry) && uploads.of(entry.resolveSibling(name + ".json"))) {
                return null; // its sidecar is being uploaded under a temporary name
            }
            if (hasCompanion) {
                try {
                    if (Files.getLastModifiedTime(companion, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(quietSince)) {
                        return null; // the pair is complete only when both are
                    }
                } catch (IOException e) {
                    return null;
                }
                return new Candidate(entry, companion, attrs.size(), seen, null);
            }
            if (attrs.isRegularFile() && attrs.lastModifiedTime().toInstant().isAfter(companionWaitSince)
                    && expectsCompanion.test(entry)) {
                return null; // give its sidecar one more quiet period to arrive
            }
            return new Candidate(entry, null, attrs.size(), seen, null);
        }

        @Override
        public void close() {
            try {
                stream.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
