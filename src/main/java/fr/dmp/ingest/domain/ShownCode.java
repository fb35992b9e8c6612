package fr.dmp.ingest.domain;

import java.util.regex.Pattern;

/**
 * A code from a source that a refusal's detail may name, only when it has the code's shape: a sender's bytes in a
 * code field (a name, an INS put there by mistake) would otherwise reach the reason file, the store and the console
 * (round 9: MSH-9 "PRENOM^269052A12345688" was echoed whole). What has not the shape is shown as "?".
 */
public record ShownCode(Pattern shape) {

    /** HL7 tables 0076 (message type) and 0003 (trigger event): three letters or digits. */
    public static final ShownCode HL7 = new ShownCode("[A-Z0-9]{3}");

    public ShownCode(String regex) {
        this(Pattern.compile(regex));
    }

    public String shown(String value) {
        return value != null && shape.matcher(value).matches() ? value : "?";
    }
}
