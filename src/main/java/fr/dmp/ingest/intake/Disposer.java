package fr.dmp.ingest.intake;

import fr.dmp.ingest.domain.InsInText;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Seals a claimed file where its committed disposition says ({@link SealedFile}: never a clear copy kept): {@code archive/<feed>/<date>/<token>/<name>},
 * or {@code quarantine/<feed>/<token>/<name>} with {@code quarantine/<feed>/<token>.reason.json} beside the
 * folder (reasons.md). One folder per claim token: a kept file never shares a folder with another input,
 * so no input, sidecar or reason file can overwrite another whatever the senders name them, and the file
 * keeps its own name and extension. Called only after the transaction that recorded the disposition
 * committed, and again by recovery after a crash: the target depends on the disposition alone and the
 * reason file is written before the move, so every step is idempotent.
 */
public final class Disposer {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path archiveRoot;
    private final Path quarantineRoot;
    private final ZoneId zone;
    private final KeptFileKeys keys;
    private final Folders folders;
    /** A quarantined file larger than this was refused by its size unread, and is kept by a rename ({@link #sealingUpTo}). */
    private final long sealUpTo;

    /** Makes the folders of a chunk's renames durable; returns those that failed, with why (a seam for tests). */
    interface Folders {
        Map<Path, IOException> force(Durably.Batch batch, Collection<Path> folders);
    }

    public Disposer(Path archiveRoot, Path quarantineRoot, ZoneId zone, KeptFileKeys keys) {
        this(archiveRoot, quarantineRoot, zone, keys, (batch, folders) -> batch.force(folders, true));
    }

    Disposer(Path archiveRoot, Path quarantineRoot, ZoneId zone, KeptFileKeys keys, Folders folders) {
        this(archiveRoot, quarantineRoot, zone, keys, folders, Long.MAX_VALUE);
    }

    private Disposer(Path archiveRoot, Path quarantineRoot, ZoneId zone, KeptFileKeys keys, Folders folders, long sealUpTo) {
        this.archiveRoot = archiveRoot;
        this.quarantineRoot = quarantineRoot;
        this.zone = zone;
        this.keys = keys;
        this.folders = folders;
        this.sealUpTo = sealUpTo;
    }

    /**
     * The same disposer, keeping a quarantined file over {@code maxFileSize} (the feed's: such a file was refused by its
     * size, never read) by a rename instead of sealing it into a copy (round 14: a sender's 10 GB file filled the disk).
     */
    public Disposer sealingUpTo(long maxFileSize) {
        return new Disposer(archiveRoot, quarantineRoot, zone, keys, folders, maxFileSize);
    }

    /** Where a file of this disposition goes, the companion beside it. */
    public Path target(Disposition d) {
        Path folder = d.outcome() == FileOutcome.QUARANTINED
                ? quarantineRoot
                : archiveRoot.resolve(LocalDate.ofInstant(d.decidedAt(), zone).toString());
        return folder.resolve(d.token()).resolve(safeName(d.originalName()));
    }

    /** The reason file of a quarantined file: beside its token's folder, never inside, so no input name can take it. */
    public static Path reasonFile(Path target) {
        Path tokenFolder = target.getParent();
        return tokenFolder.resolveSibling(tokenFolder.getFileName() + ".reason.json");
    }

    /** A decided file to move: its committed disposition, its claimed path and its companion's (either may be null). */
    public record Move(Disposition disposition, Path claimed, Path companion) {
    }

    /** Moves the claimed file (and its companion) of {@code d}; what is already moved is left alone. */
    public Path dispose(Disposition d, Path claimed, Path claimedCompanion) {
        RuntimeException failed = disposeAll(List.of(new Move(d, claimed, claimedCompanion))).get(d.token());
        if (failed != null) {
            throw failed;
        }
        return target(d);
    }

    /**
     * Moves a chunk's decided files: each sealed into a temporary file, all forced to disk together, renamed, their
     * folders forced together, and only then each clear claimed file removed (issue 19: one fsync at a time set
     * the run's pace). A file that fails leaves the others going: its token maps to why
     * ({@link UncheckedIOException}, or {@link IllegalStateException} when the store could not give its key), and
     * it stays claimed for the next run's recovery. Every step is idempotent, as for one file.
     */
    public Map<String, RuntimeException> disposeAll(List<Move> moves) {
        try (Durably.Batch durably = Durably.begin()) {
            return disposeAll(moves, durably);
        }
    }

    private Map<String, RuntimeException> disposeAll(List<Move> moves, Durably.Batch durably) {
        Map<String, RuntimeException> failed = new LinkedHashMap<>();
        List<Part> parts = new ArrayList<>();
        for (Move m : moves) {
            Disposition d = m.disposition();
            Path target = target(d);
            try {
                OwnerOnly.folder(target.getParent());
                durably.watch(target.getParent().getParent()); // the date folder or the quarantine: one stat per file, one open per chunk
                if (d.outcome() == FileOutcome.QUARANTINED) {
                    writeReasonFile(d, reasonFile(target));
                }
                fr.dmp.ingest.faults.Faults.point("move");
                // the companion first, as its input's removal is what tells recovery that the move is over
                if (m.companion() != null && Files.exists(m.companion(), LinkOption.NOFOLLOW_LINKS)) {
                    part(d, m.companion(), target.resolveSibling(target.getFileName() + ".json"), SealedFile.SIDECAR)
                            .ifPresent(parts::add);
                }
                if (m.claimed() != null && Files.exists(m.claimed(), LinkOption.NOFOLLOW_LINKS)) {
                    part(d, m.claimed(), target, SealedFile.INPUT).ifPresent(parts::add);
                }
            } catch (IOException e) {
                failed.put(d.token(), moveFailed(d, e));
            }
        }
        parts.removeIf(p -> failed.containsKey(p.token()));

        // the data keys of the files still to seal, for the whole chunk at once
        Map<String, String> feedByToken = new LinkedHashMap<>();
        parts.stream().filter(Part::toSeal).forEach(p -> feedByToken.put(p.token(), p.disposition().feed()));
        Map<String, byte[]> keys = Map.of();
        if (!feedByToken.isEmpty()) {
            try {
                keys = this.keys.sealing(feedByToken);
            } catch (RuntimeException e) { // the store unreachable: the files stay claimed, the next run's recovery seals them
                for (String token : feedByToken.keySet()) {
                    failed.put(token, new IllegalStateException("cannot record the data key of claim " + token, e));
                }
                parts.removeIf(p -> failed.containsKey(p.token()));
            }
        }

        List<Part> sealing = new ArrayList<>();
        for (Part p : parts) {
            if (!p.toSeal()) {
                continue;
            }
            byte[] key = keys.get(p.token());
            try {
                if (key == null) {
                    // rules.md R5: its documents were deleted before it was kept (a crash between its commit and its move):
                    // keeping it readable would undo the deletion; the clear claimed file goes, nothing is kept
                    Files.delete(p.clear());
                    try {
                        Files.deleteIfExists(p.kept().getParent()); // the token folder, once nothing else is in it
                    } catch (java.nio.file.DirectoryNotEmptyException sidecarSealedBefore) {
                        // a sidecar sealed before the deletion: unreadable now, removed by purge with the folder
                    }
                    continue;
                }
                sealing.add(p.sealedTo(SealedFile.writeTemporary(p.clear(), p.kept(), p.token(), key, p.part())));
            } catch (IOException e) {
                failed.put(p.token(), moveFailed(p.disposition(), e));
            }
        }
        sealing.removeIf(p -> failed.containsKey(p.token()));
        Map<Path, IOException> unforced = durably.force(sealing.stream().map(Part::temporary).toList(), false);
        Set<Path> folders = new LinkedHashSet<>();
        for (Part p : sealing) {
            if (failed.containsKey(p.token())) {
                continue; // its other part failed: neither is kept now, so recovery never finds one kept without the other
            }
            try {
                IOException notForced = unforced.get(p.temporary());
                if (notForced != null) {
                    throw notForced;
                }
                Files.move(p.temporary(), p.kept(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                folders.add(p.kept().getParent());
            } catch (IOException e) {
                failed.put(p.token(), moveFailed(p.disposition(), e));
            }
        }
        // a part kept by an earlier attempt (killed after its rename) may have a rename still only in memory: its
        // folder is made durable too before its clear file goes
        parts.stream().filter(p -> !p.toSeal() && !failed.containsKey(p.token())).forEach(p -> folders.add(p.kept().getParent()));
        // a rename is durable once its folder is; some file systems refuse fsync on a folder: the rename then stands,
        // only its durability is the file system's. A folder that failed to sync (EIO...) keeps its parts' clear
        // files claimed: the next run finds them kept and forces the folder again before removing them
        Map<Path, IOException> folderFailures = new java.util.HashMap<>(this.folders.force(durably, folders));
        folderFailures.values().removeIf(e -> e instanceof Durably.FolderSyncRefused);
        for (Part p : parts) {
            IOException e = folderFailures.get(p.kept().getParent());
            if (e != null && !failed.containsKey(p.token())) {
                failed.put(p.token(), moveFailed(p.disposition(), e));
            }
        }

        // removed in the order of the parts (the sidecar before its input, whose removal tells recovery the move is over)
        Set<Path> sealed = new java.util.HashSet<>();
        sealing.forEach(p -> sealed.add(p.clear()));
        List<Part> done = parts.stream().filter(p -> !p.toSeal() || sealed.contains(p.clear())).toList();
        for (Part p : done) {
            if (failed.containsKey(p.token())) {
                continue;
            }
            try {
                fr.dmp.ingest.faults.Faults.point("seal");
                Files.delete(p.clear());
            } catch (IOException e) {
                failed.put(p.token(), moveFailed(p.disposition(), e));
            }
        }
        return failed;
    }

    /** One file of a move (an input or its sidecar): sealed into {@code kept}, or already there, or moved as it came. */
    private record Part(Disposition disposition, Path clear, Path kept, String part, boolean toSeal, Path temporary) {
        String token() {
            return disposition.token();
        }

        Part sealedTo(Path tmp) {
            return new Part(disposition, clear, kept, part, true, tmp);
        }
    }

    /**
     * What keeping {@code claimed} takes: a symbolic link or a special file is never opened, it is moved as it came
     * (it holds no content of the sender's); a file sealed before a crash under its claim is only to be removed;
     * any other is to be sealed (issue 16: never a clear copy under var/). Empty when nothing is left to do.
     */
    private Optional<Part> part(Disposition d, Path claimed, Path kept, String part) throws IOException {
        if (!Files.isRegularFile(claimed, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(claimed, kept, StandardCopyOption.ATOMIC_MOVE);
            OwnerOnly.file(kept);
            return Optional.empty();
        }
        if (d.outcome() == FileOutcome.QUARANTINED && (Files.size(claimed) > sealUpTo || !Files.isReadable(claimed))) {
            // kept as it came, renamed, never copied (round 14): sealing writes a second copy, and a sender's 10 GB
            // file refused for its size filled the disk and then every start; a file this account may not read
            // cannot be sealed, and failing its move on every run held its feed's recovery for ever. By its size, not
            // by TOO_LARGE: a small file refused for its pages or a field, and a PDF's sidecar, are sealed as any other
            Files.move(claimed, kept, StandardCopyOption.ATOMIC_MOVE);
            try {
                OwnerOnly.file(kept);
            } catch (IOException notOurs) {
                // another account's file: its mode is its owner's to set; it stays where it is kept
            }
            return Optional.empty();
        }
        Optional<SealedFile.Header> already = SealedFile.header(kept);
        boolean sealed = already.isPresent() && already.get().keyId().equals(d.token()) && already.get().part().equals(part);
        return Optional.of(new Part(d, claimed, kept, part, !sealed, null));
    }

    private static UncheckedIOException moveFailed(Disposition d, IOException e) {
        return new UncheckedIOException("cannot move claimed file " + d.token() + " to its "
                + d.outcome().name().toLowerCase() + " folder", e);
    }

    private void writeReasonFile(Disposition d, Path reasonFile) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        // reasons.md: no full INS in a reason file, and senders name files after the patient (round 16)
        root.put("file", InsInText.masked(d.originalName()));
        root.put("token", d.token());
        if (d.companionName() != null) {
            root.put("companion", InsInText.masked(d.companionName()));
        }
        root.put("sha256", d.sha256());
        root.put("feed", d.feed());
        root.put("jobExecutionId", d.jobExecutionId());
        root.put("at", d.decidedAt().toString());
        root.put("reason", d.primaryReason() == null ? null : d.primaryReason().name());
        ArrayNode items = root.putArray("items");
        for (Disposition.ItemOutcome item : d.rejections()) {
            ObjectNode i = items.addObject();
            i.put("index", item.index());
            i.put("reason", item.reason().name());
            i.put("detail", item.detail());
        }
        Path tmp = reasonFile.resolveSibling(reasonFile.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, OwnerOnly.NEW_FILE);
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, reasonFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A name that is safe to create in our folders: no control characters (a newline in a name breaks
     * every operator's tooling) and no replacement characters from undecodable bytes.
     */
    public static String safeName(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            boolean bad = Character.isISOControl(cp) || cp == 0xFFFD || cp == '/' || cp == '\\';
            sb.appendCodePoint(bad ? '_' : cp);
            i += Character.charCount(cp);
        }
        String s = sb.toString();
        return s.isBlank() || s.equals(".") || s.equals("..") ? "_" + s : s;
    }
}
