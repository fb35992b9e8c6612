package fr.dmp.ingest.link;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** rules.md R3, R14: a closed dossier is kept ten years, then deleted. */
class RetentionRuleTest {

    private static final LocalDate UNTIL = LocalDate.of(2036, 11, 20);

    @Test
    void r14_aClosedOrDeceasedPatientsDossierIsPurgedTheDayAfterItsRetention() { // rules.md R3, R14
        for (DossierStatus s : new DossierStatus[] {DossierStatus.CLOSED, DossierStatus.DECEASED}) {
            RetentionRule.Kept kept = new RetentionRule.Kept(1, s, UNTIL);
            assertThat(RetentionRule.expired(kept, UNTIL)).as(s + " on its last day").isFalse();
            assertThat(RetentionRule.expired(kept, UNTIL.plusDays(1))).as(s + " the day after").isTrue();
        }
    }

    @Test
    void r3_anOpenOrDeletedDossierIsNeverPurged() { // rules.md R3 (a reopened dossier has no retention), R15
        assertThat(RetentionRule.expired(new RetentionRule.Kept(1, DossierStatus.OPEN, UNTIL), UNTIL.plusYears(5))).isFalse();
        assertThat(RetentionRule.expired(new RetentionRule.Kept(1, DossierStatus.DELETED, null), UNTIL.plusYears(5))).isFalse();
        assertThat(RetentionRule.auditDetail(new RetentionRule.Kept(1, DossierStatus.CLOSED, UNTIL), 2))
                .isEqualTo("2 documents deleted: retention until 2036-11-20 over");
    }
}
