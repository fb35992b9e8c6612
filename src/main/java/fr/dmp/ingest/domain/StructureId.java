package fr.dmp.ingest.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An organisation's identifier as the ANS writes it in a CI-SIS document (issue 15 item 5, rules.md R9): under the
 * national structure OID {@code 1.2.250.1.71.4.2.2} the extension is a type digit then the number, {@code 1} +
 * FINESS (9 characters) or {@code 3} + SIRET (14 digits). The OID {@code 1.2.250.1.71.4.2.1} identifies persons
 * (RPPS, ADELI: formats.md), never an organisation, so an id under it names no organisation, even when its
 * extension looks like a FINESS (an ADELI number is nine digits too).
 *
 * <p>The organisation is kept as the pipeline compares it: a FINESS as its nine characters (an opposition by
 * FINESS matches it, {@link Finess}), a SIRET as its structure identifier {@code 3}+SIRET (no FINESS opposition
 * matches it). Older senders, and this project's sample data, put the bare FINESS under the structure OID: it is
 * accepted as such (ten characters or nine cannot be mistaken for each other).
 */
public final class StructureId {

    /** The ANS national structure identifier (IdNatStruct). */
    public static final String STRUCTURE_OID = "1.2.250.1.71.4.2.2";
    /** The ANS national identifier of health professionals (IdNatPs): persons only. */
    public static final String PERSON_OID = "1.2.250.1.71.4.2.1";

    private static final Pattern SIRET = Pattern.compile("[0-9]{14}");

    private StructureId() {
    }

    /**
     * The organisation an {@code id} element names ({@code root}, {@code extension}), or empty when it names none:
     * under the structure OID, {@code 1}+FINESS gives the FINESS, {@code 3}+SIRET gives {@code 3}+SIRET, a bare FINESS
     * gives itself; under the person OID, nothing; under any other root, an extension that is a FINESS.
     */
    public static Optional<String> organisation(String root, String extension) {
        if (extension == null || extension.isEmpty() || PERSON_OID.equals(root)) {
            return Optional.empty();
        }
        if (STRUCTURE_OID.equals(root)) {
            if (extension.startsWith("1") && Finess.isValid(extension.substring(1))) {
                return Optional.of(extension.substring(1));
            }
            if (extension.startsWith("3") && SIRET.matcher(extension.substring(1)).matches()) {
                return Optional.of(extension);
            }
            return Finess.isValid(extension) ? Optional.of(extension) : Optional.empty();
        }
        return Finess.isValid(extension) ? Optional.of(extension) : Optional.empty();
    }
}
