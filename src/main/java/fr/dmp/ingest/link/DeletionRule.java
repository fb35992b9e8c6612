package fr.dmp.ingest.link;

import fr.dmp.ingest.format.events.DossierEvent;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * rules.md R5, R13: the patient deletes a document. Deletion is a state; the version named goes with every other
 * version of its set: the earlier ones it replaced, so that no replaced version keeps what the patient removed, and the
 * later ones that replace it, as a masking of one version holds for the versions that replace it (a patient deletes the
 * report read, not knowing of its correction: the correction stayed current, readable, round 31). The event's detail is
 * the document uid.
 */
public final class DeletionRule {

    /** The audit detail of an earlier version deleted with the one named. */
    public static final String EARLIER_VERSION = "earlier version of the deleted document";

    private DeletionRule() {
    }

    /** A version of the named document's set in the dossier, as stored ({@code status}: CURRENT, REPLACED, DELETED). */
    public record Version(long id, String documentUid, String status) {
    }

    /** One version to delete, with the audit detail the patient sees (null for the version named). */
    public record Deleted(long id, String documentUid, String auditDetail) {
    }

    /** Delete these versions (their content becomes unreadable), each audited. */
    public record Apply(List<Deleted> versions, String outcome) implements EventDecision.Apply {
    }

    /** The document uid a {@code delete-document} event names. */
    public static String documentUid(DossierEvent e) {
        return Objects.requireNonNull(e.detail(), "detail").strip();
    }

    /**
     * @param e   a {@code delete-document} event
     * @param set the versions of the named document's set in the event's dossier, the named one included
     *            (empty when the dossier has no such document yet: the event waits for it)
     */
    public static EventDecision decide(DossierEvent e, List<Version> set) {
        return decide(e, set, java.util.Set.of());
    }

    /** The audit detail of a later version deleted with the one named: it came with it, after the patient's deletion. */
    public static final String LATER_VERSION = "later version of the deleted document, sent with it: a new version of a deleted"
            + " document is refused (rules.md R5)";

    /** The audit detail of a later version, stored before the deletion, deleted with the one named (rules.md R5, R13). */
    public static final String REPLACING_VERSION = "later version of the deleted document: a deletion holds for the versions"
            + " that replace it, as a masking does (rules.md R5)";

    /**
     * @param storedWithIt the documents stored with the named one, in the chunk that applies this deletion (it waited for
     *                     the document): a later version among them goes too, as it would have been refused VERSION_CONFLICT
     *                     in a later chunk (round 30, a reviewer: it stayed current, readable)
     */
    public static EventDecision decide(DossierEvent e, List<Version> set, java.util.Set<String> storedWithIt) {
        String uid = documentUid(e);
        Version named = set.stream().filter(v -> v.documentUid().equals(uid)).findFirst().orElse(null);
        if (named == null) {
            // rules.md R5: the document may come later the same night (events feed first): the deletion waits for it
            return EventDecision.Waiting.FOR_DOCUMENT;
        }
        if (named.status().equals("DELETED")) {
            return new EventDecision.NoChange("already deleted");
        }
        List<Deleted> deleted = set.stream()
                .filter(v -> v == named || (v.status().equals("REPLACED") && v.id() < named.id())
                        || (!v.status().equals("DELETED") && v.id() > named.id()))
                .sorted(Comparator.comparingLong(Version::id))
                .map(v -> new Deleted(v.id(), v.documentUid(), v == named ? null : v.id() < named.id() ? EARLIER_VERSION
                        : storedWithIt.contains(v.documentUid()) ? LATER_VERSION : REPLACING_VERSION))
                .toList();
        long sentWithIt = deleted.stream().filter(d -> LATER_VERSION.equals(d.auditDetail())).count();
        long later = sentWithIt + deleted.stream().filter(d -> REPLACING_VERSION.equals(d.auditDetail())).count();
        long earlier = deleted.size() - 1 - later;
        return new Apply(deleted, deleted.size() == 1 ? "deleted" : "deleted with " + (earlier > 0 ? earlier + " earlier versions" : "")
                + (earlier > 0 && later > 0 ? " and " : "") + (later > 0 ? later + " later versions"
                + (sentWithIt == later ? " sent with it" : "") : ""));
    }
}
