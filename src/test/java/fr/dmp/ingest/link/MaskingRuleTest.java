package fr.dmp.ingest.link;

import fr.dmp.ingest.format.events.DossierEvent.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static fr.dmp.ingest.link.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

/** rules.md R5, R6: masking adds a confidentiality code; unmasking undoes a masking, never a flag from the source. */
class MaskingRuleTest {

    private static final MaskingRule.Document NORMAL = new MaskingRule.Document(false, List.of("N"));

    @Test
    void r6_maskingAddsMasquePsByDefaultAndNeverDropsTheSourcesN() { // rules.md R5, R6 (issue 15), codes.md: N is HL7, MASQUE_PS DMP visibility
        assertThat(MaskingRule.decide(event(Kind.MASK, "DOC-1"), NORMAL, List.of())).isEqualTo(
                new MaskingRule.Apply("DOC-1", List.of("N", "MASQUE_PS"), "MASQUE_PS", "MASKED", "masked MASQUE_PS"));
    }

    @Test
    void r6_anInvisiblePatientFlagTheDocumentCameWithIsNeverLiftedByAnEvent() { // rules.md R6, codes.md
        MaskingRule.Document invisible = new MaskingRule.Document(false, List.of("N", "INVISIBLE_PATIENT"));
        assertThat(MaskingRule.decide(event(Kind.UNMASK, "DOC-1;INVISIBLE_PATIENT"), invisible, List.of()))
                .isEqualTo(new EventDecision.Refuse("the INVISIBLE_PATIENT flag came with the document: kept"));
        // a masking of the flag it already has puts nothing there, so a later unmasking still finds none to undo
        assertThat(MaskingRule.decide(event(Kind.MASK, "DOC-1;INVISIBLE_PATIENT"), invisible, List.of()))
                .isEqualTo(new EventDecision.NoChange("already INVISIBLE_PATIENT"));
    }

    @Test
    void r6_maskingKeepsTheFlagsTheDocumentHas() { // rules.md R6: never drop a flag
        MaskingRule.Document restricted = new MaskingRule.Document(false, List.of("R", "INVISIBLE_PATIENT"));
        assertThat(MaskingRule.decide(event(Kind.MASK, " DOC-1 ; invisible_representants_legaux"), restricted, List.of()))
                .isInstanceOfSatisfying(MaskingRule.Apply.class, a -> assertThat(a.confidentiality())
                        .containsExactly("R", "INVISIBLE_PATIENT", "INVISIBLE_REPRESENTANTS_LEGAUX"));
    }

    @Test
    void r6_aCodeOutsideCodesMdOrNIsRefused() { // rules.md R6, codes.md
        assertThat(MaskingRule.decide(event(Kind.MASK, "DOC-1;SECRET"), NORMAL, List.of()))
                .isEqualTo(new EventDecision.Refuse("unknown confidentiality code"));
        // round 34, a tester: N is in the list, the author's level: said so, not "unknown" (masked or unmasked)
        for (Kind kind : List.of(Kind.MASK, Kind.UNMASK)) {
            assertThat(MaskingRule.decide(event(kind, "DOC-1|N"), NORMAL, List.of()))
                    .isEqualTo(new EventDecision.Refuse("N is the document's confidentiality level, set by its author, not a masking"));
        }
        // round 27 (a tester): R and V are the author's level; masked R, a document carried two levels
        for (String level : List.of("R", "V")) {
            assertThat(MaskingRule.decide(event(Kind.MASK, "DOC-1;" + level), NORMAL, List.of())).as(level)
                    .isInstanceOf(EventDecision.Refuse.class);
        }
        // one masked before this rule may still be lifted (a review)
        assertThat(MaskingRule.decide(event(Kind.UNMASK, "DOC-1;R"), new MaskingRule.Document(false, List.of("N", "R")),
                List.of("DOC-1;R"))).isInstanceOf(MaskingRule.Apply.class);
    }

    @Test
    void r5_maskingAMaskedDocumentChangesNothingAndADeletedOneIsRefusedSoAudited() { // rules.md R5, R7
        assertThat(MaskingRule.decide(event(Kind.MASK, "DOC-1"), new MaskingRule.Document(false, List.of("MASQUE_PS")), List.of()))
                .isEqualTo(new EventDecision.NoChange("already MASQUE_PS"));
        // round 30, a tester: "no change" left no row in the trail, the patient's request gone
        assertThat(MaskingRule.decide(event(Kind.MASK, "DOC-1"), new MaskingRule.Document(true, List.of("N")), List.of()))
                .isEqualTo(new EventDecision.Refuse("the document was deleted at the patient's request: nothing to mask"));
        assertThat(MaskingRule.decide(event(Kind.UNMASK, "DOC-1"), new MaskingRule.Document(true, List.of("N")), List.of("DOC-1")))
                .isEqualTo(new EventDecision.Refuse("the document was deleted at the patient's request: nothing to unmask"));
    }

    /** Round 30, a tester: a masking and an unmasking of the same day ended as the files' order decided. */
    @Test
    void r5_aMaskingHoldsAgainstAnUnmaskingOfTheSameInstant() { // rules.md R5, as R3 and R9
        MaskingRule.Document masked = new MaskingRule.Document(false, List.of("N", "MASQUE_PS"));
        assertThat(MaskingRule.decide(event(Kind.UNMASK, "DOC-1;MASQUE_PS"), masked, List.of("DOC-1;MASQUE_PS"), true))
                .isEqualTo(new EventDecision.Refuse(MaskingRule.SAME_INSTANT));
        assertThat(MaskingRule.decide(event(Kind.UNMASK, "DOC-1;MASQUE_PS"), masked, List.of("DOC-1;MASQUE_PS"), false))
                .isInstanceOf(MaskingRule.Apply.class);
    }

    @Test
    void r5_aDocumentNotInTheDossierYetIsWaitedFor() { // rules.md R5: the events feed runs before the documents' feeds
        assertThat(MaskingRule.decide(event(Kind.MASK, "DOC-X"), null, List.of()))
                .isEqualTo(new EventDecision.Waiting(EventDecision.Waiting.WAITING_FOR_DOCUMENT));
        // an unmasking too: its masking may be waiting for the same document
        assertThat(MaskingRule.decide(event(Kind.UNMASK, "DOC-X"), null, List.of()))
                .isEqualTo(new EventDecision.Waiting(EventDecision.Waiting.WAITING_FOR_DOCUMENT));
        // a code that can never apply is refused at once
        assertThat(MaskingRule.decide(event(Kind.MASK, "DOC-X;SECRET"), null, List.of())).isInstanceOf(EventDecision.Refuse.class);
    }

    @Test
    void r6_unmaskingUndoesAMaskingAndLeavesNWhenNothingIsLeft() { // rules.md R6
        MaskingRule.Document masked = new MaskingRule.Document(false, List.of("MASQUE_PS"));
        assertThat(MaskingRule.decide(event(Kind.UNMASK, "DOC-1;MASQUE_PS"), masked, List.of("DOC-1")))
                .isEqualTo(new MaskingRule.Apply("DOC-1", List.of("N"), "MASQUE_PS", "UNMASKED", "unmasked MASQUE_PS"));
        MaskingRule.Document two = new MaskingRule.Document(false, List.of("R", "MASQUE_PS"));
        assertThat(MaskingRule.decide(event(Kind.UNMASK, "DOC-1"), two, List.of("OTHER;V", "DOC-1|masque_ps")))
                .isInstanceOfSatisfying(MaskingRule.Apply.class, a -> assertThat(a.confidentiality()).containsExactly("R"));
    }

    @Test
    void r6_unmaskingNeverDropsAFlagTheDocumentCameWith() { // rules.md R6 (issue 6)
        MaskingRule.Document atSource = new MaskingRule.Document(false, List.of("N", "MASQUE_PS"));
        assertThat(MaskingRule.decide(event(Kind.UNMASK, "DOC-1;MASQUE_PS"), atSource, List.of("DOC-1;INVISIBLE_PATIENT", "DOC-2")))
                .isEqualTo(new EventDecision.Refuse("the MASQUE_PS flag came with the document: kept"));
    }

    @Test
    void r6_unmaskingACodeTheDocumentDoesNotHaveIsRefusedSayingSo() { // rules.md R6; round 30: not "came with the document"
        assertThat(MaskingRule.decide(event(Kind.UNMASK, "DOC-1"), NORMAL, List.of("DOC-1")))
                .isEqualTo(new EventDecision.Refuse("the document is not masked MASQUE_PS: nothing to unmask"));
        assertThat(MaskingRule.decide(event(Kind.UNMASK, "DOC-1"), NORMAL, List.of()))
                .isEqualTo(new EventDecision.Refuse("the document is not masked MASQUE_PS: nothing to unmask"));
    }

    @Test
    void r5_r13_aNewVersionKeepsOnlyTheCodesThePatientsMaskingsPutOnItsSet() { // rules.md R5, R13
        List<String> set = List.of("DOC-1", "DOC-2");
        // INVISIBLE_PATIENT came from the sender; MASQUE_PS from the patient's masking of the first version
        assertThat(MaskingRule.keptOnReplacement(List.of("N", "INVISIBLE_PATIENT", "MASQUE_PS"), set, List.of("DOC-1", "OTHER;V")))
                .containsExactly("MASQUE_PS");
        // a masking of another document, or one since undone (no longer on the replaced version), is not kept
        assertThat(MaskingRule.keptOnReplacement(List.of("N", "MASQUE_PS"), set, List.of("DOC-9"))).isEmpty();
        assertThat(MaskingRule.keptOnReplacement(List.of("N"), set, List.of("DOC-1"))).isEmpty();
        assertThat(MaskingRule.keptOnReplacement(List.of("V"), set, List.of("DOC-2|v"))).containsExactly("V");
    }

    @Test
    void r5_r13_theMaskingOfAnEarlierVersionMayBeUndoneOnTheVersionItWasCarriedOnto() { // rules.md R5, R13
        MaskingRule.Document v2 = new MaskingRule.Document(false, List.of("N", "MASQUE_PS"), List.of("MASQUE_PS"));
        assertThat(MaskingRule.decide(event(Kind.UNMASK, "DOC-2"), v2, List.of()))
                .isEqualTo(new MaskingRule.Apply("DOC-2", List.of("N"), "MASQUE_PS", "UNMASKED", "unmasked MASQUE_PS"));
        // a masking of another document, even of an earlier version, gives no right to lift a flag not carried here
        MaskingRule.Document stated = new MaskingRule.Document(false, List.of("N", "MASQUE_PS"), List.of());
        assertThat(MaskingRule.decide(event(Kind.UNMASK, "DOC-2"), stated, List.of("DOC-1")))
                .isEqualTo(new EventDecision.Refuse("the MASQUE_PS flag came with the document: kept"));
    }

    @Test
    void r6_r13_aFlagTheNewVersionsSenderStatesIsNotCarriedFromThePatient() { // rules.md R6, R13
        assertThat(MaskingRule.carriedOnto(List.of("MASQUE_PS", "V"), List.of("N", "MASQUE_PS"))).containsExactly("V");
        assertThat(MaskingRule.carriedOnto(List.of("MASQUE_PS"), List.of())).containsExactly("MASQUE_PS");
    }
}
