package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.ConfigurationFailure;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys that seal document contents (rules.md R11), never in the repository: from the environment
 * variable {@code DMP_CONTENT_KEYS} ({@code id:base64;id:base64}) or a key file (one {@code id=base64}
 * per line). The last key is the active one, used to seal; every key can open. Rotation appends a key
 * and re-seals the rows of the older ones ({@code rotate-key}).
 */
public final class ContentKeys {

    public static final String ENVIRONMENT = "DMP_CONTENT_KEYS";

    private final Map<String, SecretKey> keys;
    private final String active;
    private final java.util.List<String> order;
    private final Path file;

    private ContentKeys(Map<String, SecretKey> keys, Path file) {
        if (keys.isEmpty()) {
            throw new ConfigurationFailure("no content key");
        }
        this.keys = Map.copyOf(keys);
        this.order = java.util.List.copyOf(keys.keySet());
        String last = null;
        for (String id : keys.keySet()) {
            last = id;
        }
        this.active = last;
        this.file = file;
    }

    public String activeId() {
        return active;
    }

    public SecretKey key(String id) {
        SecretKey k = keys.get(id);
        if (k == null) {
            throw new ConfigurationFailure("content sealed with key '" + id + "', which is not configured: give that key ("
                    + ENVIRONMENT + " or the key file)");
        }
        return k;
    }

    /** The key file, or null when the keys come from the environment. */
    public Path file() {
        return file;
    }

    public static ContentKeys fromEnvironment(String value) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String entry : value.split(";")) {
            if (!entry.isBlank()) {
                String[] parts = entry.strip().split("[:=]", 2);
                if (parts.length < 2) {
                    throw new ConfigurationFailure("a content key of " + ENVIRONMENT + " is not id:base64");
                }
                putOnce(keys, parts[0].strip(), secret(parts[1].strip(), parts[0]), ENVIRONMENT);
            }
        }
        return new ContentKeys(keys, null);
    }

    public static ContentKeys fromFile(Path file) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        withoutOthersRights(file);
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    String[] parts = l.split("=", 2);
                    if (parts.length < 2) {
                        throw new ConfigurationFailure("a line of the content key file is not id=base64");
                    }
                    putOnce(keys, parts[0].strip(), secret(parts[1].strip(), parts[0]), "the content key file");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the content key file " + file, e);
        }
        return new ContentKeys(keys, file);
    }

    /**
     * The key file readable by others (a careless {@code chmod 644}) loses their rights, said once: the database's
     * password file was made owner-only again at each start, the keys that open every content were not (round 31, a
     * tester). The group's rights are the installer's choice (a service group) and stay.
     */
    private static void withoutOthersRights(Path file) {
        try {
            if (Files.isSymbolicLink(file) || !Files.isRegularFile(file)) {
                return;
            }
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            java.util.Set<java.nio.file.attribute.PosixFilePermission> others = java.util.EnumSet.of(
                    java.nio.file.attribute.PosixFilePermission.OTHERS_READ, java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE,
                    java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
            if (perms.removeAll(others)) {
                Files.setPosixFilePermissions(file, perms);
                org.slf4j.LoggerFactory.getLogger(ContentKeys.class).warn("the content key file {} was readable by other"
                        + " users: their rights are removed", file.getFileName());
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not its owner, or no POSIX rights: read as it is; the operator's to fix
        }
    }

    /** A new key file readable by its owner only, for the embedded default. */
    public static ContentKeys generate(Path file) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            fr.dmp.ingest.intake.OwnerOnly.folder(folder);
            if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.FileAlreadyExistsException(file.toString());
            }
            // written whole aside, then renamed: a start killed between the header and the key left a key file with no key,
            // refused at every start after (a review, round 29)
            Path aside = Files.createTempFile(folder, ".content.keys-", ".new");
            try {
                ownerOnly(aside);
                byte[] raw = new byte[32];
                new SecureRandom().nextBytes(raw);
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(aside, StandardOpenOption.WRITE)) {
                    ch.write(java.nio.ByteBuffer.wrap(("# dmp-ingest content keys: the last one seals; keep a copy, the contents"
                            + " are lost without it\nk1=" + Base64.getEncoder().encodeToString(raw) + "\n")
                            .getBytes(StandardCharsets.US_ASCII)));
                    ch.force(true);
                }
                Files.move(aside, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(aside);
            }
            return fromFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the content key file " + file, e);
        }
    }

    /** Appends a fresh 256-bit key as the active one. */
    public static void appendNewKey(Path file, String id) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        try {
            Files.writeString(file, id + "=" + Base64.getEncoder().encodeToString(raw) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.APPEND);
            ownerOnly(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the content key file " + file, e);
        }
    }

    /**
     * A key id given twice (a key pasted again with other bytes) would silently seal under the second
     * while the rows of the first no longer open: refused, whatever the bytes (rules.md R11).
     */
    private static void putOnce(Map<String, SecretKey> keys, String id, SecretKey key, String where) {
        if (keys.putIfAbsent(id, key) != null) {
            throw new ConfigurationFailure("content key '" + id + "' is given twice in " + where
                    + ": one id, one key (a new key takes a new id)");
        }
    }

    /** Whether both hold the same keys under the same ids, in the same order (the same one seals). */
    public boolean sameKeys(ContentKeys other) {
        if (!order.equals(other.order)) {
            return false;
        }
        for (String id : order) {
            if (!java.security.MessageDigest.isEqual(keys.get(id).getEncoded(), other.keys.get(id).getEncoded())) {
                return false;
            }
        }
        return true;
    }

    /** The key ids, oldest first (the last one seals). */
    public java.util.List<String> ids() {
        return java.util.List.copyOf(order);
    }

    /**
     * The key's check value: HMAC-SHA256 of a fixed label under the key, in hex. It identifies the key's
     * bytes without revealing them ({@link ContentKeyCheck}).
     */
    public String checkValue(String id) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(id).getEncoded(), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(CHECK_LABEL.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    static final String CHECK_LABEL = "dmp-ingest content key check value v1";

    private static void ownerOnly(Path file) throws IOException {
        try {
            fr.dmp.ingest.intake.OwnerOnly.file(file);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own ACLs apply
        }
    }

    private static final java.util.regex.Pattern KEY_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    private static SecretKey secret(String base64, String id) {
        if (!KEY_ID.matcher(id.strip()).matches()) {
            // never echoed: a key pasted where its id goes would be printed
            throw new ConfigurationFailure("a content key id is not 1 to 32 letters, digits, '.', '_' or '-'");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationFailure("content key '" + id.strip() + "' is not base64");
        }
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw new ConfigurationFailure("content key '" + id.strip() + "' is not an AES key (16, 24 or 32 bytes)");
        }
        return new SecretKeySpec(raw, "AES");
    }
}
