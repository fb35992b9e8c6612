package fr.dmp.ingest.format.events;

import fr.dmp.ingest.domain.Ins;

import java.time.Instant;

/**
 * A change to a patient's dossier announced by a hospital (patient-events feed): closing, reopening,
 * death, opposition, masking, deletion, identity update, merge, deletion of the dossier (R15), annulment
 * of a death recorded in error (R4). Applied in the order of {@code at}.
 *
 * @param detail  what the kind needs: the source FINESS of an opposition ({@code *} for all), the
 *                document id (and code) to mask or delete, the merged INS, the new traits
 */
public record DossierEvent(Ins ins, Kind kind, Instant at, String detail) {

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
