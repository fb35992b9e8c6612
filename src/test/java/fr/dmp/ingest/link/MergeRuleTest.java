package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.InsOid;
import fr.dmp.ingest.format.events.DossierEvent;
import fr.dmp.ingest.format.events.DossierEvent.Kind;
import org.junit.jupiter.api.Test;

import static fr.dmp.ingest.link.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ADT A40, rules.md R1, R7: a merge moves the merged dossier's documents under the surviving one. */
class MergeRuleTest {

    private static final DossierEvent MERGE = event(Kind.MERGE, "185057800608491^1.2.250.1.213.1.4.10");

    @Test
    void r1_theMergedDossierLeadsToTheSurvivingOneAndBothAreAudited() { // rules.md R1, R7
        assertThat(MergeRule.decide(MERGE, 1, 2L)).isEqualTo(new MergeRule.Apply(1, 2));
        MergeRule.Apply a = new MergeRule.Apply(1, 2);
        assertThat(a.survivingAudit(3)).isEqualTo("3 documents from dossier 2");
        assertThat(a.mergedAudit()).isEqualTo("merged into dossier 1");
        assertThat(a.outcome(3)).isEqualTo("merged 3 documents");
    }

    @Test
    void r1_aMergeAlreadyDoneChangesNothing() { // rules.md R1, R7
        assertThat(MergeRule.decide(MERGE, 1, 1L)).isEqualTo(new EventDecision.NoChange("already merged"));
    }

    @Test
    void aMergedInsWithoutDossierIsRefusedWithoutShowingTheIns() { // ins.md: never a full matricule in a message
        assertThat(MergeRule.decide(MERGE, 1, null)).isEqualTo(new EventDecision.Refuse("no dossier for the merged INS ***********8491"));
        assertThat(MergeRule.mergedIns(MERGE).oid()).isEqualTo(InsOid.NIR_TEST);
        assertThatThrownBy(() -> MergeRule.mergedIns(event(Kind.MERGE, "185057800608491^9.9"))).isInstanceOf(RuntimeException.class);
    }
}
