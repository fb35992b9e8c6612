package fr.dmp.ingest.domain;

import java.util.regex.Pattern;

/**
 * A FINESS number (an establishment of the Fichier national des établissements sanitaires et sociaux):
 * 9 characters, the département first — {@code 01}–{@code 95}, {@code 2A}/{@code 2B} for Corsica, or
 * {@code 97x}/{@code 98x} overseas (the third digit is part of the département) — then digits. The one
 * check of the pipeline: feed files, readers, opposition sources (rules.md R9) and the database CHECK
 * (migration V9) all agree with it.
 *
 * <p>No key is checked: formats.md gives none, and the synthetic FINESS numbers of the feeds and tests
 * ({@code 750000001}) would not pass a Luhn key.
 */
public final class Finess {

    /** The same expression as the database CHECK of migration V9 (keep them together). */
    static final Pattern FINESS = Pattern.compile("(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97|98)[0-9]{7}");

    private Finess() {
    }

    /** Whether {@code value} is a FINESS number, exactly (no space, no lower-case {@code 2a}). */
    public static boolean isValid(String value) {
        return value != null && FINESS.matcher(value).matches();
    }
}
