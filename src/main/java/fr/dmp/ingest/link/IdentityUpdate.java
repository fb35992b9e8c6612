package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.format.events.DossierEvent;
import fr.dmp.ingest.format.hl7.Hl7Time;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * An identity update from a qualified ADT identity (ins.md): the dossier takes the traits the event
 * carries, keeps those it does not carry, and becomes {@code QUAL}. The event's detail is
 * {@code birthName^firstNames^sex^birthDate^birthPlace} (birth date as HL7, birth place an INSEE code).
 */
public final class IdentityUpdate {

    /** ins.md: the birth place is the INSEE code, 5 characters, 2A/2B for Corsica. */
    private static final Pattern INSEE_CODE = Pattern.compile("[0-9][0-9AB][0-9]{3}");

    private IdentityUpdate() {
    }

    /** A dossier's identity traits as stored ({@code firstNames} space-separated, {@code sex} M/F/U); any may be null. */
    public record Identity(String birthName, String firstNames, String sex, LocalDate birthDate, String birthPlace) {
    }

    /** Write these traits and mark the identity qualified. */
    public record Apply(Identity identity, String auditDetail, String outcome) implements EventDecision.Apply {
    }

    /**
     * @param e       an {@code identity} event
     * @param current the dossier's traits as stored
     */
    public static EventDecision decide(DossierEvent e, Identity current) {
        if (e.detail() == null) {
            return new EventDecision.NoChange("nothing the DMP keeps");
        }
        String[] t = e.detail().split("\\^", -1);
        LocalDate birth;
        try {
            birth = t.length > 3 && !t[3].isBlank() ? Hl7Time.date(t[3]) : null;
        } catch (DateTimeException ex) {
            return new EventDecision.Refuse("birth date unparseable");
        }
        String birthPlace = field(t, 4);
        if (birthPlace != null && !INSEE_CODE.matcher(birthPlace).matches()) {
            return new EventDecision.Refuse("birth place is not an INSEE code");
        }
        String sex = field(t, 2) == null ? null : Sex.parse(t[2]).name();
        Identity updated = new Identity(or(field(t, 0), current.birthName()), or(field(t, 1), current.firstNames()),
                or(sex, current.sex()), or(birth, current.birthDate()), or(birthPlace, current.birthPlace()));
        if (updated.equals(current)) {
            return new EventDecision.NoChange(null);
        }
        return new Apply(updated, "traits updated from a qualified identity", "identity updated");
    }

    private static String field(String[] t, int i) {
        return i < t.length && !t[i].isBlank() ? t[i].strip() : null;
    }

    private static <T> T or(T value, T kept) {
        return value != null ? value : kept;
    }
}
