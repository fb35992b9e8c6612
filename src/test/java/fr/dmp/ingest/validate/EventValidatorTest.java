package fr.dmp.ingest.validate;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.IdentityStatus;
import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.InsMode;
import fr.dmp.ingest.domain.InsOid;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.events.DossierEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 12, a writer of dates: a closing dated six weeks ahead was applied at once and closed the dossier (rules.md R3)
 * before its time. An event reports what happened; one dated ahead of our clock is DATE_INVALID, as a document's
 * creation time is (reasons.md), with the same hour of slack for a sender's drifting clock.
 */
class EventValidatorTest {

    static final Instant NOW = Instant.parse("2026-12-04T17:30:00Z");
    static final Ins INS = Ins.of("279035121518989", InsOid.NIR_TEST);
    final EventValidator validator = new EventValidator(
            new IdentityRules(InsMode.TEST, Set.of(IdentityStatus.QUAL), true), Clock.fixed(NOW, ZoneOffset.UTC));

    private Optional<Rejection> check(Instant at) {
        return validator.problem(new DossierEvent(INS, DossierEvent.Kind.CLOSE, at, null));
    }

    @Test
    void anEventDatedAheadOfOurClockIsRefusedBeyondAnHourOfSlack() {
        assertThat(check(NOW.plus(Duration.ofDays(42)))).get().extracting(Rejection::reason).isEqualTo(ReasonCode.DATE_INVALID);
        assertThat(check(NOW.plus(Duration.ofMinutes(61)))).get().extracting(Rejection::reason).isEqualTo(ReasonCode.DATE_INVALID);
        assertThat(check(NOW.plus(Duration.ofMinutes(59)))).isEmpty(); // a sender's clock a little ahead
        assertThat(check(NOW.minus(Duration.ofDays(3)))).isEmpty();
    }

    @Test
    void anIdentityEventWhoseBirthDateIsInTheFutureIsRefused() {
        Traits born2027 = new Traits("FICTIF", List.of("Zoé"), Sex.F, BirthDate.of(LocalDate.of(2027, 10, 10)), null);
        Optional<Rejection> problem = validator.problem(new DossierEvent(INS, DossierEvent.Kind.IDENTITY, NOW.minusSeconds(60),
                DossierEvent.IDENTITY_UPDATE, born2027, "QUAL"));
        assertThat(problem).get().extracting(Rejection::reason).isEqualTo(ReasonCode.DATE_INVALID);
        assertThat(problem.get().detail()).doesNotContain("2027"); // no birth date in a detail
        Traits bornToday = new Traits("FICTIF", List.of("Zoé"), Sex.F, BirthDate.of(LocalDate.of(2026, 12, 4)), null);
        assertThat(validator.problem(new DossierEvent(INS, DossierEvent.Kind.IDENTITY, NOW.minusSeconds(60),
                DossierEvent.IDENTITY_UPDATE, bornToday, "QUAL"))).isEmpty();
    }

    @Test
    void aDeathDatedBeforeTheBirthItsMessageGivesIsRefusedNotApplied() { // rules.md R4: a death is final, so a typo must not close
        Traits born1990 = new Traits("FICTIF", List.of("Zoé"), Sex.F, BirthDate.of(LocalDate.of(1990, 6, 15)), null);
        Optional<Rejection> problem = validator.problem(new DossierEvent(INS, DossierEvent.Kind.DEATH,
                Instant.parse("1909-06-20T10:00:00Z"), null, born1990, "QUAL"));
        assertThat(problem).get().extracting(Rejection::reason).isEqualTo(ReasonCode.DATE_INVALID);
        assertThat(problem.get().detail()).isEqualTo("death before the birth date").doesNotContain("1990");
        // a newborn dead on the day of birth, written in Paris time the evening before in UTC: applied
        assertThat(validator.problem(new DossierEvent(INS, DossierEvent.Kind.DEATH, Instant.parse("1990-06-14T23:30:00Z"),
                null, born1990, "QUAL"))).isEmpty();
        // a year-only birth date: a death in that year is possible
        Traits born1961 = new Traits("FICTIF", List.of("Zoé"), Sex.F, BirthDate.of(1961, 0, 0), null);
        assertThat(validator.problem(new DossierEvent(INS, DossierEvent.Kind.DEATH, Instant.parse("1961-01-01T08:00:00Z"),
                null, born1961, "QUAL"))).isEmpty();
        // a closing is not a death: its date before the birth is the lifecycle's business (superseded or applied)
        assertThat(validator.problem(new DossierEvent(INS, DossierEvent.Kind.CLOSE, Instant.parse("1909-06-20T10:00:00Z"),
                null, born1990, "QUAL"))).isEmpty();
    }

    /** Round 28: a year 0000 or 0001 ("unknown") in an event's time or a birth date is no date (reasons.md DATE_INVALID). */
    @Test
    void anEventTimeOrABirthDateBefore1850IsRefused() {
        assertThat(check(Instant.parse("0001-01-01T00:00:00Z"))).get().extracting(Rejection::detail).isEqualTo("event time before 1850");
        assertThat(check(Instant.parse("1849-12-31T23:00:00Z"))).get().extracting(Rejection::reason).isEqualTo(ReasonCode.DATE_INVALID);
        assertThat(check(Instant.parse("1850-01-01T00:00:00Z"))).isEmpty();
        Traits bornYearOne = new Traits("FICTIF", List.of("Zoé"), Sex.F, BirthDate.of(1, 1, 1), null);
        assertThat(validator.problem(new DossierEvent(INS, DossierEvent.Kind.IDENTITY, NOW.minusSeconds(60),
                DossierEvent.IDENTITY_UPDATE, bornYearOne, "QUAL"))).get().extracting(Rejection::detail)
                .isEqualTo("birth date before 1850");
    }
}
