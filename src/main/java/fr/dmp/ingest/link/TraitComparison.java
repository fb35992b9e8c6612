package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.Traits;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares a document's identity traits with its dossier's after normalisation (ins.md): a trait
 * present on both sides must agree. A document may name fewer first names than the dossier, but its
 * first (usual) first name must be the dossier's and every other one must be among the dossier's.
 * First names are compared as the list they are, element by element: "Marie Claire" is one first name,
 * never "Marie" and "Claire" (ins.md, second round: never rebuild the list by splitting a joined string).
 * A document whose source wrote the whole list out in one string ({@link Traits#firstNamesWrittenOut}, a lone CDA
 * {@code given}) says only its words: it agrees when those words are the dossier's first names from the first
 * one on, read in order and ending where one of them ends ("Maria Lucia" written out is the dossier's one first
 * name "Maria Lucia", or its "Maria" and "Lucia"). A dossier opened from such a string knows only its words (V41): a
 * document's list agrees when, joined, it is those words from the first one on ("Maria Lucia" in one slot, or
 * "Maria" then "Lucia", or "Maria" alone).
 */
public final class TraitComparison {

    private TraitComparison() {
    }

    private static boolean known(fr.dmp.ingest.domain.Sex sex) {
        return sex != null && sex != fr.dmp.ingest.domain.Sex.U;
    }

    /** The names of the traits that disagree (never their values). */
    public static List<String> mismatches(Traits document, Traits dossier) {
        List<String> out = new ArrayList<>();
        String a = document.normalisedBirthName();
        String b = dossier.normalisedBirthName();
        if (a != null && b != null && !a.equals(b)) {
            out.add("birth name");
        }
        List<String> docFirst = document.normalisedFirstNames();
        List<String> dosFirst = dossier.normalisedFirstNames();
        if (!docFirst.isEmpty() && !dosFirst.isEmpty()
                && (!docFirst.get(0).equals(dosFirst.get(0)) || !dosFirst.containsAll(docFirst))
                && !((document.firstNamesWrittenOut() || dossier.firstNamesWrittenOut())
                        && leadingNamesJoined(String.join(" ", docFirst), dosFirst))) {
            out.add("first names");
        }
        // an unknown sex (U, or a code read as U) is none, compared only when both are known (identifiers.md): an Estonian
        // N or HL7's UN was a mismatch with the dossier's F (round 37, a tester)
        if (known(document.sex()) && known(dossier.sex()) && document.sex() != dossier.sex()) {
            out.add("sex");
        }
        if (document.birthDate() != null && dossier.birthDate() != null
                && !document.birthDate().equals(dossier.birthDate())) {
            out.add("birth date");
        }
        // ins.md: the birth place is an INSEE code, compared exactly, case-folded ("2a004" is "2A004")
        String pa = document.normalisedBirthPlace();
        String pb = dossier.normalisedBirthPlace();
        if (pa != null && pb != null && !Objects.equals(pa, pb)) {
            out.add("birth place");
        }
        return out;
    }

    /**
     * Whether {@code written} is {@code names[0..k]} joined by spaces, for some k (normalised names): the document's
     * words, or its list joined, are the dossier's first names from the first one on, ending where one of them ends.
     */
    private static boolean leadingNamesJoined(String written, List<String> names) {
        StringBuilder leading = new StringBuilder();
        for (String name : names) {
            if (leading.length() > 0) {
                leading.append(' ');
            }
            leading.append(name);
            if (leading.length() >= written.length()) {
                return leading.toString().equals(written);
            }
        }
        return false;
    }
}
