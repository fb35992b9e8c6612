package fr.dmp.ingest.cli;

import fr.dmp.ingest.store.DocumentQueries.DocumentMeta;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Round 15: an HPRIM document's message id was labelled MSH-10 by {@code document show}, an HL7 field it has not. */
class DocumentShowLineTest {

    private static DocumentMeta of(String format) {
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        return new DocumentMeta(1, "1.2.250.1.213.1.1.9^X", "CURRENT", "11502-2", "CLASS", format, "text/plain", t, t,
                "legacy-migration", "f.hpr", 0, "MSG-1", "SET", null, null, List.of("N"), List.of(), "structured", null,
                1, 10, 1);
    }

    @Test
    void theMessageIdIsNamedAfterTheFieldItCameFrom() {
        assertThat(DocumentCommand.messageIdLabel(of("hprim"))).isEqualTo("HPRIM message id");
        assertThat(DocumentCommand.messageIdLabel(of("hl7v2"))).isEqualTo("MSH-10");
        assertThat(DocumentCommand.messageIdLabel(of("cda"))).isEqualTo("MSH-10"); // a CDA carried in an MDM
    }
}
