package fr.dmp.ingest.store;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Optional;

/**
 * The console's users (issue 18, V30): a name, a bcrypt hash, one role; and the console's own event log
 * (logins, refused logins, dossier views, actions), append-only, naming the user and never a patient.
 */
public final class ConsoleUsers {

    public static final String NAME_PATTERN = "[A-Za-z0-9._-]{1,64}";

    public record User(String name, String passwordHash, String role, boolean enabled) {
        /** No hash in a log line or an exception message. */
        @Override
        public String toString() {
            return "User[" + name + ", " + role + "]";
        }
    }

    private final JdbcTemplate jdbc;

    public ConsoleUsers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<User> find(String name) {
        return jdbc.query("SELECT name, password_hash, role, enabled FROM dmp.console_user WHERE name = ?",
                (rs, n) -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)), name).stream().findFirst();
    }

    /** Creates the user, or gives an existing one a new password and role; returns whether it was new. */
    public boolean save(String name, String passwordHash, String role) {
        // alice and Alice are one person to an auditor: a second spelling of a name in use is refused (round 28)
        List<String> spelled = jdbc.queryForList("SELECT name FROM dmp.console_user WHERE lower(name) = lower(?) AND name <> ?",
                String.class, name, name);
        if (!spelled.isEmpty()) {
            throw new IllegalArgumentException("a console user is already named " + spelled.get(0) + " (names differ by more than case)");
        }
        int updated = jdbc.update("UPDATE dmp.console_user SET password_hash = ?, role = ?, enabled = true WHERE name = ?",
                passwordHash, role, name);
        if (updated == 0) {
            jdbc.update("INSERT INTO dmp.console_user (name, password_hash, role) VALUES (?, ?, ?)", name, passwordHash, role);
            return true;
        }
        return false;
    }

    /** Disables the user (kept: its events name it); false when there is none. */
    public boolean disable(String name) {
        return jdbc.update("UPDATE dmp.console_user SET enabled = false WHERE name = ?", name) > 0;
    }

    public long count() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM dmp.console_user WHERE enabled", Long.class);
        return n == null ? 0 : n;
    }

    /** @param target a claim token, a feed, a dossier id: never an INS, a name or a content */
    public void event(String user, String action, String target) {
        jdbc.update("INSERT INTO dmp.console_event (user_name, action, target) VALUES (?, ?, ?)", user, action, target);
    }

    public record Event(java.time.Instant at, String user, String action, String target) {
    }

    public java.util.List<Event> events(int limit) {
        return jdbc.query("SELECT at, user_name, action, target FROM dmp.console_event ORDER BY id DESC LIMIT ?",
                (rs, n) -> new Event(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4)), limit);
    }
}
