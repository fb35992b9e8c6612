package fr.dmp.ingest.intake;

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
import java.util.Optional;

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

    public Disposer(Path archiveRoot, Path quarantineRoot, ZoneId zone, KeptFileKeys keys) {
        this.archiveRoot = archiveRoot;
        this.quarantineRoot = quarantineRoot;
        this.zone = zone;
        this.keys = keys;
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

    /** Moves the claimed file (and its companion) of {@code d}; what is already moved is left alone. */
    public Path dispose(Disposition d, Path claimed, Path claimedCompanion) {
        Path target = target(d);
        try {
            OwnerOnly.folder(target.getParent());
            if (d.outcome() == FileOutcome.QUARANTINED) {
                writeReasonFile(d, reasonFile(target));
            }
            fr.dmp.ingest.faults.Faults.point("move");
            if (claimedCompanion != null && Files.exists(claimedCompanion, LinkOption.NOFOLLOW_LINKS)) {
                keep(d, claimedCompanion, target.resolveSibling(target.getFileName() + ".json"), SealedFile.SIDECAR);
            }
            if (claimed != null && Files.exists(claimed, LinkOption.NOFOLLOW_LINKS)) {
                keep(d, claimed, target, SealedFile.INPUT);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move claimed file " + d.token() + " to its "
                    + d.outcome().name().toLowerCase() + " folder", e);
        }
    }

    /**
     * Seals a claimed file into its kept place (issue 16: never a clear copy under var/), then removes the
     * claimed file, only once the sealed one is durable: a crash in between leaves both, and the next
     * recovery finds the sealed file already there and only removes the claimed one. A symbolic link or a
     * special file is never opened: it is moved as it came (it holds no content of the sender's).
     */
    private void keep(Disposition d, Path claimed, Path kept, String part) throws IOException {
        if (!Files.isRegularFile(claimed, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(claimed, kept, StandardCopyOption.ATOMIC_MOVE);
            OwnerOnly.file(kept);
            return;
        }
        Optional<SealedFile.Header> already = SealedFile.header(kept);
        if (already.isEmpty() || !already.get().keyId().equals(d.token()) || !already.get().part().equals(part)) {
            byte[] key;
            try {
                key = keys.sealing(d.token(), d.feed());
            } catch (KeptFileKeys.Shredded e) {
                // rules.md R5: its documents were deleted before it was kept (a crash between its commit and its move):
                // keeping it readable would undo the deletion; the clear claimed file goes, nothing is kept
                Files.delete(claimed);
                try {
                    Files.deleteIfExists(kept.getParent()); // the token folder, once nothing else is in it
                } catch (java.nio.file.DirectoryNotEmptyException sidecarSealedBefore) {
                    // a sidecar sealed before the deletion: unreadable now, removed by purge with the folder
                }
                return;
            } catch (RuntimeException e) { // the store unreachable: the file stays claimed, the next run's recovery seals it
                throw new IllegalStateException("cannot record the data key of claim " + d.token(), e);
            }
            SealedFile.seal(claimed, kept, d.token(), key, part);
        }
        fr.dmp.ingest.faults.Faults.point("seal");
        Files.delete(claimed);
    }

    private void writeReasonFile(Disposition d, Path reasonFile) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("file", d.originalName());
        root.put("token", d.token());
        if (d.companionName() != null) {
            root.put("companion", d.companionName());
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
