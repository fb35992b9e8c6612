package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.Traits;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares a document's identity traits with its dossier's after normalisation (ins.md): a trait
 * present on both sides must agree. A document may name fewer first names than the dossier, but its
 * first (usual) first name must be the dossier's and every other one must be among the dossier's.
 */
public final class TraitComparison {

    private TraitComparison() {
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
                && (!docFirst.get(0).equals(dosFirst.get(0)) || !dosFirst.containsAll(docFirst))) {
            out.add("first names");
        }
        if (document.sex() != null && dossier.sex() != null && document.sex() != dossier.sex()) {
            out.add("sex");
        }
        if (document.birthDate() != null && dossier.birthDate() != null
                && !document.birthDate().equals(dossier.birthDate())) {
            out.add("birth date");
        }
        String pa = blankToNull(document.birthPlace());
        String pb = blankToNull(dossier.birthPlace());
        if (pa != null && pb != null && !Objects.equals(pa, pb)) {
            out.add("birth place");
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
