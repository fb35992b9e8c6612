package fr.dmp.ingest.link;

import java.time.LocalDate;

/**
 * rules.md R3, R14: a closed dossier (by the patient, or after death) is kept ten years, then deleted. The
 * purge deletes what has passed its retention: the day after {@code retention_until}, never on it. An open
 * dossier has no retention; a dossier deleted at the patient's request (R15) has nothing left to purge.
 */
public final class RetentionRule {

    private RetentionRule() {
    }

    /** A dossier as the purge sees it. */
    public record Kept(long dossierId, DossierStatus status, LocalDate retentionUntil) {
    }

    /** Whether {@code today} is past the dossier's retention, so its contents go. */
    public static boolean expired(Kept d, LocalDate today) {
        return (d.status() == DossierStatus.CLOSED || d.status() == DossierStatus.DECEASED)
                && d.retentionUntil() != null && today.isAfter(d.retentionUntil());
    }

    /** What the dossier's history keeps of the purge: that it happened, and of how many documents (R7, R14). */
    public static String auditDetail(Kept d, int documents) {
        return documents + " documents deleted: retention until " + d.retentionUntil() + " over";
    }
}
