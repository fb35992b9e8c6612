package fr.dmp.ingest.format.hl7;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** HL7 table 0211 names (MSH-18) to Java character sets. */
public final class Hl7Charsets {

    /** ISO-8859-1, ISO8859_15, LATIN1, WINDOWS-1252, CP1252: single-byte, ASCII-compatible sets; never a bare "8859". */
    private static final java.util.regex.Pattern SPELLED_OUT =
            java.util.regex.Pattern.compile("ISO[-_ ]?8859[-_ ]\\d{1,2}|LATIN-?[0-9]|WINDOWS-125[0-8]|CP125[0-8]");

    private Hl7Charsets() {
    }

    /** Empty for a name we do not know or that is not ASCII-compatible. */
    public static Optional<Charset> forName(String hl7Name) {
        String n = hl7Name.strip().toUpperCase(Locale.ROOT);
        if (n.equals("ASCII") || n.equals("ISO IR6")) {
            return Optional.of(StandardCharsets.US_ASCII);
        }
        // plain UNICODE (table 0211 up to v2.5, no encoding named): read as UTF-8, and refused if the bytes are not
        if (n.equals("UNICODE UTF-8") || n.equals("UTF-8") || n.equals("UTF8") || n.equals("UNICODE")) {
            return Optional.of(StandardCharsets.UTF_8);
        }
        if (n.startsWith("8859/")) {
            try {
                return Optional.of(Charset.forName("ISO-8859-" + n.substring(5)));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        if (n.equals("ISO IR100")) {
            return Optional.of(StandardCharsets.ISO_8859_1);
        }
        if (n.equals("ISO IR203")) {
            return Optional.of(Charset.forName("ISO-8859-15"));
        }
        if (SPELLED_OUT.matcher(n).matches()) {
            // outside table 0211 but naming one set without doubt, as senders configured by hand write them
            try {
                return Optional.of(Charset.forName(n.replace(' ', '-')));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
