package fr.dmp.ingest.store;

import fr.dmp.ingest.intake.OwnerOnly;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The embedded PostgreSQL's passwords (issue 16, leak 1): one for the schema owner ({@code postgres}) and one
 * per role of the job (rules.md R10), random, generated at the first start. Beside a data folder they live in
 * an owner-only file {@code <data>.secret} (rw-------, outside the data folder); a throw-away server keeps
 * them in memory only. Never logged, never in an exception message.
 */
final class EmbeddedSecrets {

    static final String OWNER = "postgres";
    /** The roles the migrations grant rights to (V5__roles.sql); created here first, with their passwords. */
    static final List<String> ROLES = List.of("dmp_ingest", "dmp_reader", "dmp_audit");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> passwords;

    private EmbeddedSecrets(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    /** Fresh random passwords, held in memory (a throw-away server). */
    static EmbeddedSecrets generate() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(OWNER, randomPassword());
        for (String role : ROLES) {
            p.put(role, randomPassword());
        }
        return new EmbeddedSecrets(p);
    }

    /** The passwords of {@code file}, completed (a role added since) and written back owner-only; created if absent. */
    static EmbeddedSecrets loadOrCreate(Path file) {
        try {
            Map<String, String> p = new LinkedHashMap<>();
            boolean complete = Files.exists(file);
            if (complete) {
                Properties props = new Properties();
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
                    props.load(r);
                }
                for (String user : users()) {
                    String value = props.getProperty(user);
                    if (value == null || !value.matches("[A-Za-z0-9_-]{20,}")) {
                        complete = false;
                        value = randomPassword();
                    }
                    p.put(user, value);
                }
            } else {
                p.putAll(generate().passwords);
            }
            if (!complete) {
                write(file, p);
            } else {
                OwnerOnly.file(file); // someone may have widened it: owner-only again
            }
            return new EmbeddedSecrets(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the embedded database's password file", e);
        }
    }

    private static List<String> users() {
        List<String> all = new java.util.ArrayList<>();
        all.add(OWNER);
        all.addAll(ROLES);
        return all;
    }

    /** Written to a temporary file created rw------- beside it, then moved into place: never readable by others. */
    private static void write(Path file, Map<String, String> p) throws IOException {
        StringBuilder text = new StringBuilder("# dmp-ingest: passwords of the embedded PostgreSQL (owner-only; never share)\n");
        p.forEach((user, password) -> text.append(user).append('=').append(password).append('\n'));
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".db-secret", ".tmp",
                OwnerOnly.NEW_FILE);
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** 32 random bytes, base64url: only letters, digits, '-' and '_', safe inside a SQL string literal. */
    static String randomPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String owner() {
        return passwords.get(OWNER);
    }

    /** The password of {@code user} (the owner or a job role), or null for a user the embedded server does not know. */
    String password(String user) {
        return passwords.get(user);
    }
}
