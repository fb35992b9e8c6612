package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.events.DossierEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An identity update from a qualified ADT identity (ins.md): the event's traits must agree with the
 * dossier's as a document's do (never silently overwrite a dossier's identity: a disagreement is
 * {@code IDENTITY_MISMATCH}); the dossier then takes the traits the event carries in the event's spelling,
 * keeps those it does not carry, takes the longer list of first names when one holds the other (or the event's
 * list when the dossier knew only the words of one written out in one string), and becomes {@code QUAL}. First
 * names stay a list end to end ("Marie Claire" is one first name).
 */
public final class IdentityUpdate {

    /** ins.md: the birth place is the INSEE code, 5 characters, 2A/2B for Corsica. */
    private static final Pattern INSEE_CODE = Pattern.compile("[0-9][0-9AB][0-9]{3}");

    private IdentityUpdate() {
    }

    /** Write these traits and mark the identity qualified. */
    public record Apply(Traits identity, String auditDetail, String outcome) implements EventDecision.Apply {
    }

    /**
     * @param e         an {@code identity} event (detail {@link DossierEvent#IDENTITY_UPDATE}, or null for an
     *                  ADT that changes nothing the DMP keeps)
     * @param dossierId the dossier, named in a refusal
     * @param current   the dossier's traits as stored
     */
    public static EventDecision decide(DossierEvent e, long dossierId, Traits current) {
        Traits t = e.traits();
        if (DossierEvent.IDENTITY_UPDATE.equals(e.detail()) && t.birthPlace() != null
                && !INSEE_CODE.matcher(Traits.normalisePlace(t.birthPlace())).matches()) {
            return new EventDecision.Refuse("birth place is not an INSEE code");
        }
        List<String> mismatches = mismatches(t, current);
        if (!mismatches.isEmpty()) {
            return EventIdentity.mismatch(dossierId, mismatches);
        }
        if (!DossierEvent.IDENTITY_UPDATE.equals(e.detail())) {
            return new EventDecision.NoChange("nothing the DMP keeps");
        }
        // a known list replaces mere words (V41) when it holds them all: "Jean" alone does not replace the words
        // "JEAN PIERRE" (round 17's tester: the dossier lost a first name and refused documents it had taken)
        boolean takesList = !t.firstNames().isEmpty() && (t.normalisedFirstNames().containsAll(current.normalisedFirstNames())
                || current.firstNamesWrittenOut() && !t.firstNamesWrittenOut() && holdsAllWords(t, current));
        Traits updated = new Traits(or(t.birthName(), current.birthName()), takesList ? t.firstNames() : current.firstNames(),
                or(t.sex(), current.sex()), or(t.birthDate(), current.birthDate()),
                t.birthPlace() == null ? current.birthPlace() : Traits.normalisePlace(t.birthPlace()),
                takesList ? t.firstNamesWrittenOut() : current.firstNamesWrittenOut());
        if (updated.equals(current)) {
            return new EventDecision.NoChange(null);
        }
        return new Apply(updated, "traits updated from a qualified identity: " + String.join(", ", changed(current, updated)),
                "identity updated");
    }

    /** Whether the update's list, joined, is the dossier's words, or those words followed by more first names. */
    private static boolean holdsAllWords(Traits update, Traits dossier) {
        String words = String.join(" ", dossier.normalisedFirstNames());
        String list = String.join(" ", update.normalisedFirstNames());
        return list.equals(words) || list.startsWith(words + " ");
    }

    /** The names of the traits an update changes, in their spelling too (never their values), for the audit. */
    static List<String> changed(Traits before, Traits after) {
        List<String> out = new ArrayList<>();
        if (!java.util.Objects.equals(before.birthName(), after.birthName())) {
            out.add("birth name");
        }
        if (!before.firstNames().equals(after.firstNames()) || before.firstNamesWrittenOut() != after.firstNamesWrittenOut()) {
            out.add("first names");
        }
        if (before.sex() != after.sex()) {
            out.add("sex");
        }
        if (!java.util.Objects.equals(before.birthDate(), after.birthDate())) {
            out.add("birth date");
        }
        if (!java.util.Objects.equals(before.birthPlace(), after.birthPlace())) {
            out.add("birth place");
        }
        return out;
    }

    /**
     * The traits of an update that disagree with the dossier's, compared as a document's, except that the
     * update may name more first names than the dossier as long as the dossier's are among them, the usual
     * one first (a dossier opened by a document that gave only the usual first name).
     */
    static List<String> mismatches(Traits update, Traits dossier) {
        List<String> out = new ArrayList<>(TraitComparison.mismatches(update, dossier));
        if (out.contains("first names") && !TraitComparison.mismatches(dossier, update).contains("first names")) {
            out.remove("first names");
        }
        return out;
    }

    /**
     * The traits after an identity-vigilance correction ({@code dossier correct-identity}): a refused qualified
     * update's traits replace the dossier's where it gives them, its first names as its list; the dossier keeps those
     * it does not give. Decided by a person who checked the identity, never by a feed (ins.md: a feed never
     * overwrites a dossier's identity).
     */
    public static Traits corrected(Traits update, Traits current) {
        boolean takesList = !update.normalisedFirstNames().isEmpty();
        return new Traits(update.normalisedBirthName() != null ? update.birthName() : current.birthName(),
                takesList ? update.firstNames() : current.firstNames(), or(update.sex(), current.sex()),
                or(update.birthDate(), current.birthDate()),
                update.birthPlace() == null ? current.birthPlace() : Traits.normalisePlace(update.birthPlace()),
                takesList ? update.firstNamesWrittenOut() : current.firstNamesWrittenOut());
    }

    private static <T> T or(T value, T kept) {
        return value != null ? value : kept;
    }
}
