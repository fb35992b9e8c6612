package fr.dmp.ingest.link;

import fr.dmp.ingest.format.events.DossierEvent.Kind;
import org.junit.jupiter.api.Test;

import static fr.dmp.ingest.link.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

/** rules.md R12: the opposition to break-glass access is a dossier attribute. */
class EmergencyAccessRuleTest {

    @Test
    void r12_anOppositionToBreakGlassAccessIsKept() { // rules.md R12
        assertThat(EmergencyAccessRule.decide(event(Kind.EMERGENCY_OPPOSITION, null), false))
                .isEqualTo(new EmergencyAccessRule.Apply(true, "break-glass access opposed", "emergency access opposed"));
        assertThat(EmergencyAccessRule.decide(event(Kind.EMERGENCY_AUTHORISATION, null), true))
                .isEqualTo(new EmergencyAccessRule.Apply(false, "break-glass access allowed", "emergency access allowed"));
    }

    @Test
    void r12_alreadySoChangesNothing() { // rules.md R12, R7: nothing to audit
        assertThat(EmergencyAccessRule.decide(event(Kind.EMERGENCY_OPPOSITION, null), true)).isEqualTo(new EventDecision.NoChange(null));
        assertThat(EmergencyAccessRule.decide(event(Kind.EMERGENCY_AUTHORISATION, null), false)).isEqualTo(new EventDecision.NoChange(null));
    }
}
