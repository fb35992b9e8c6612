package fr.dmp.ingest.format.events;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.Traits;

import java.time.Instant;

/**
 * A change to a patient's dossier announced by a hospital (patient-events feed): closing, reopening,
 * death, opposition, masking, deletion, identity update, merge, deletion of the dossier (R15), annulment
 * of a death recorded in error (R4). Applied in the order of {@code at}.
 *
 * @param detail  what the kind needs: the source FINESS of an opposition ({@code *} for all), the
 *                document id (and code) to mask or delete, the merged INS; for an identity event
 *                {@link #IDENTITY_UPDATE} when the message is a qualified identity update, null when it
 *                changes nothing the DMP keeps
 * @param traits  the identity traits the source gave with the event (ADT: PID), checked against the
 *                dossier's as a document's are (ins.md); {@link Traits#none()} when the source gives none (CSV)
 * @param statedStatus the identity status the source stated (ADT: PID-32), null when none
 */
public record DossierEvent(Ins ins, Kind kind, Instant at, String detail, Traits traits, String statedStatus) {

    /** The detail of an identity event that updates the dossier's traits (A28/A31/A08 with a QUAL identity). */
    public static final String IDENTITY_UPDATE = "update";

    public DossierEvent {
        traits = traits == null ? Traits.none() : traits;
    }

    /** An event whose source gives no identity traits nor status (the events CSV). */
    public DossierEvent(Ins ins, Kind kind, Instant at, String detail) {
        this(ins, kind, at, detail, Traits.none(), null);
    }

    public enum Kind {
        CLOSE("close"), REOPEN("reopen"), DEATH("death"), OPPOSE("oppose"), WITHDRAW_OPPOSITION("withdraw-opposition"),
        MASK("mask"), UNMASK("unmask"), DELETE_DOCUMENT("delete-document"), IDENTITY("identity"),
        EMERGENCY_OPPOSITION("emergency-opposition"), EMERGENCY_AUTHORISATION("emergency-authorisation"), MERGE("merge"),
        DELETE_DOSSIER("delete-dossier"), ANNUL_DEATH("annul-death");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static java.util.Optional<Kind> fromKey(String key) {
            for (Kind k : values()) {
                if (k.key.equals(key == null ? null : key.strip().toLowerCase(java.util.Locale.ROOT))) {
                    return java.util.Optional.of(k);
                }
            }
            return java.util.Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "DossierEvent[" + ins.masked() + ", " + kind + ", " + at + "]";
    }
}
