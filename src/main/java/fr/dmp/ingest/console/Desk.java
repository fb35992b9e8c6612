package fr.dmp.ingest.console;

import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.intake.KeptFileKeys;
import fr.dmp.ingest.ops.QuarantineDesk;
import fr.dmp.ingest.store.ConsoleUsers;
import fr.dmp.ingest.store.OperatorQueries;
import fr.dmp.ingest.store.OperatorQueries.QuarantinedFile;
import fr.dmp.ingest.store.TypeAssignments;

import java.time.Clock;

/**
 * The console's hand on quarantined files: the command line's {@link QuarantineDesk}, acting in the name of
 * the console user ({@code console:NAME} in the file's history), each action also in the console's event log.
 */
final class Desk {

    private final OperatorQueries queries;
    private final FeedFiles feeds;
    private final Clock clock;
    private final TypeAssignments assignments;
    private final ConsoleUsers users;
    private final KeptFileKeys keys;

    Desk(OperatorQueries queries, FeedFiles feeds, Clock clock, TypeAssignments assignments, ConsoleUsers users,
         KeptFileKeys keys) {
        this.keys = keys;
        this.queries = queries;
        this.feeds = feeds;
        this.clock = clock;
        this.assignments = assignments;
        this.users = users;
    }

    static String actor(String user) {
        return "console:" + user;
    }

    private QuarantineDesk as(String user) {
        return new QuarantineDesk(queries, feeds::load, clock, actor(user), keys);
    }

    void requeue(String user, String token) {
        QuarantineDesk desk = as(user);
        QuarantinedFile q = desk.open(token);
        desk.requeue(q);
        users.event(user, "REQUEUED", q.token());
    }

    void handled(String user, String token, String comment) {
        if (comment == null || comment.isBlank()) {
            throw new QuarantineDesk.Refused("a comment must say how the file was handled");
        }
        QuarantineDesk desk = as(user);
        QuarantinedFile q = desk.open(token);
        desk.handled(q, comment.strip());
        users.event(user, "HANDLED", q.token());
    }

    /**
     * Gives a TYPE_UNKNOWN file its type and requeues it: the next run classifies it with that type, the
     * operator as the classification's source (issue 18).
     */
    void assignType(String user, String token, String typeCode) {
        QuarantineDesk desk = as(user);
        QuarantinedFile q = desk.open(token);
        if (!"TYPE_UNKNOWN".equals(q.reason())) {
            throw new QuarantineDesk.Refused("claim " + q.token() + " was not refused TYPE_UNKNOWN");
        }
        if (q.sha256() == null) {
            throw new QuarantineDesk.Refused("claim " + q.token() + " has no recorded SHA-256");
        }
        // the source reads operator:NAME; assigned under the claim's lock, only while the claim is still open
        desk.requeue(q, "type " + typeCode + " assigned", () -> assignments.assign(q.feed(), q.sha256(), q.token(), typeCode, user));
        users.event(user, "TYPE_ASSIGNED", q.token() + " " + typeCode);
    }
}
