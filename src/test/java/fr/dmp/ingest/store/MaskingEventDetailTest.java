package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.InsOid;
import fr.dmp.ingest.format.events.DossierEvent;
import fr.dmp.ingest.format.events.DossierEvent.Kind;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rules.md R5, R13: a masking event's detail is stored as link.MaskingRule reads it, so that the look-up of a
 * document's maskings by id (PostgreSQL's btrim, V33's index) finds the events the rule says name that document,
 * whatever the source put around the id (review: a tab or a Unicode space lost the masking on a new version).
 */
class MaskingEventDetailTest {

    private static final Ins INS = new Ins("279035121518989", InsOid.NIR_TEST);
    private static final Instant AT = Instant.parse("2026-11-20T08:00:00Z");

    @Test
    void r5_r13_aMaskingsDetailIsStoredAsTheRuleReadsIt() {
        assertThat(DossierEventStore.storedDetail(new DossierEvent(INS, Kind.MASK, AT, "\tDOC-1\u2003|masque_ps")))
                .isEqualTo("DOC-1;MASQUE_PS");
        assertThat(DossierEventStore.storedDetail(new DossierEvent(INS, Kind.UNMASK, AT, " DOC-2 "))).isEqualTo("DOC-2;MASQUE_PS");
        // other events keep their detail as given (an opposition's FINESS)
        assertThat(DossierEventStore.storedDetail(new DossierEvent(INS, Kind.OPPOSE, AT, " 750712184"))).isEqualTo(" 750712184");
    }
}
