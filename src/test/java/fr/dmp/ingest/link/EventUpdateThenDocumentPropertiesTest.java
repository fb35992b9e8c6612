package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.InsMode;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.events.AdtReader;
import fr.dmp.ingest.format.events.DossierEvent;
import fr.dmp.ingest.format.events.EventItem;
import fr.dmp.ingest.format.hl7.Hl7Reader;
import fr.dmp.ingest.tools.generate.AdtBuilder;
import fr.dmp.ingest.tools.generate.OruBuilder;
import fr.dmp.ingest.tools.generate.SyntheticPatient;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 part 2: an ADT identity update (A31, qualified) of a patient, followed by a document of the same
 * patient, is accepted, over drawn French names: two-word first names ("Marie Claire" in PID-5.2, one first
 * name), ligatures (Æ, Œ), apostrophes (U+0027, U+2019) and hyphens. The update is read by the ADT reader
 * and decided by link.IdentityUpdate, the document by the HL7 reader and compared by link.TraitComparison,
 * as the pipeline does; the store writes and reads the list as it is (text[], EventIdentityIngestTest).
 */
class EventUpdateThenDocumentPropertiesTest {

    private static final AdtReader ADT = new AdtReader();
    private static final Hl7Reader HL7 = new Hl7Reader();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    /** A word of a name: letters, some accented, some ligatures, perhaps an apostrophe or a hyphen inside. */
    @Provide
    Arbitrary<String> word() {
        Arbitrary<String> letters = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPRSTUVabcdefghilmnoprstuéèëïôç")
                .ofMinLength(2).ofMaxLength(8);
        Arbitrary<String> ligature = Arbitraries.of("Æ", "æ", "Œ", "œ", "");
        Arbitrary<String> joiner = Arbitraries.of("'", "\u2019", "-", "");
        return Combinators.combine(letters, ligature, joiner, letters).as((a, l, j, b) -> j.isEmpty() ? a + l : a + l + j + b);
    }

    @Provide
    Arbitrary<SyntheticPatient> patients() {
        Arbitrary<String> usual = Combinators.combine(word(), word(), Arbitraries.of(" ", "-", "")).as(
                (a, b, sep) -> sep.isEmpty() ? a : a + sep + b); // one first name, possibly of two words
        Arbitrary<List<String>> others = word().list().ofMaxSize(2);
        Arbitrary<String> birthName = Combinators.combine(word(), word(), Arbitraries.of(" ", "-", "'", "\u2019", ""))
                .as((a, b, sep) -> sep.isEmpty() ? a : a + sep + b);
        return Combinators.combine(birthName, usual, others, Arbitraries.of(Sex.F, Sex.M),
                Arbitraries.integers().between(0, 30_000), Arbitraries.of("75056", "2A004", "2b033", "13055"))
                .as((bn, u, o, sex, days, place) -> {
                    List<String> firstNames = new ArrayList<>();
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    for (String n : concat(u, o)) {
                        if (seen.add(Traits.normaliseName(n))) { // a civil status lists a first name once
                            firstNames.add(n);
                        }
                    }
                    return new SyntheticPatient("279035121518989", bn, List.copyOf(firstNames),
                            sex, LocalDate.of(1930, 1, 1).plusDays(days), place);
                });
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>(List.of(first));
        out.addAll(rest);
        return out;
    }

    @Property(tries = 300)
    void anIdentityUpdateFollowedByADocumentOfTheSamePatientIsAccepted(@ForAll("patients") SyntheticPatient p,
                                                                       @ForAll boolean openedWithTheUsualFirstNameOnly,
                                                                       @ForAll boolean nextWrittenElsewhere) {
        // the dossier, as the first document opened it
        SyntheticPatient opener = openedWithTheUsualFirstNameOnly ? new SyntheticPatient(p.ins(), p.birthName(),
                List.of(p.firstNames().get(0)), p.sex(), p.birthDate(), p.birthPlace()) : p;
        Traits dossier = document(opener).patient().traits();

        // the qualified identity update of the same patient
        List<EventItem> items = ADT.read(new AdtBuilder().event("A31", "ADT_A05").patient(p).build().getBytes(StandardCharsets.UTF_8),
                InsMode.TEST, PARIS, StandardCharsets.ISO_8859_1, "750000001");
        assertThat(items).hasSize(1).first().isInstanceOf(EventItem.Valid.class);
        DossierEvent update = ((EventItem.Valid) items.get(0)).event();
        assertThat(update.traits().firstNames()).isEqualTo(p.firstNames()); // the list, never split on its spaces

        EventDecision d = IdentityUpdate.decide(update, 1, dossier);
        assertThat(d).isNotInstanceOf(EventDecision.Refuse.class);
        Traits updated = d instanceof IdentityUpdate.Apply a ? a.identity() : dossier;
        assertThat(updated.firstNames()).isEqualTo(p.firstNames());

        // the next document of the patient, perhaps written by another system, links to the updated dossier
        SyntheticPatient next = nextWrittenElsewhere ? elsewhere(p) : p;
        assertThat(TraitComparison.mismatches(document(next).patient().traits(), updated)).isEmpty();
    }

    /**
     * The same patient as another system writes it: capitals, ligatures spelt out, straight apostrophes, and a
     * space for a hyphen in the birth name and the usual first name (PID-5.2 holds it whole; the later first
     * names come in PID-5.3, written out with spaces between them, so a space there would make two).
     */
    private static SyntheticPatient elsewhere(SyntheticPatient p) {
        List<String> firstNames = new ArrayList<>();
        for (int i = 0; i < p.firstNames().size(); i++) {
            firstNames.add(spelt(p.firstNames().get(i), i == 0));
        }
        return new SyntheticPatient(p.ins(), spelt(p.birthName(), true), firstNames, p.sex(), p.birthDate(),
                p.birthPlace().toUpperCase(Locale.ROOT));
    }

    private static String spelt(String name, boolean hyphenAsSpace) {
        String s = name.replace("æ", "ae").replace("œ", "oe").replace("Æ", "AE").replace("Œ", "OE").replace("\u2019", "'");
        return (hyphenAsSpace ? s.replace("-", " ") : s).toUpperCase(Locale.ROOT);
    }

    private static SourceDocument document(SyntheticPatient p) {
        String oru = new OruBuilder().patient(p).controlId("P-1").orderNumber("P-1").observations(1).seed(1).build();
        var items = HL7.read(new InputFile("p.hl7", oru.getBytes(StandardCharsets.UTF_8), null),
                new ReadContext(StandardCharsets.ISO_8859_1, PARIS));
        assertThat(items).hasSize(1).first().isInstanceOf(SourceDocument.class);
        return (SourceDocument) items.get(0);
    }
}
