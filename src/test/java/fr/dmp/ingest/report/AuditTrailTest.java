package fr.dmp.ingest.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The lines of {@code audit --ins}: what each names (README, "audit"). */
class AuditTrailTest {

    static final Instant AT = Instant.parse("2026-12-07T03:00:00Z");

    private static AuditTrail.Entry entry(String action, String reason) {
        return new AuditTrail.Entry(AT, null, action, "lab-results", "750000001", 5L, 1L, "1.2.3^V3", reason, null, "11502-2",
                Instant.parse("2026-11-20T08:00:00Z"), "stored-later.hl7", null);
    }

    /** Round 30, a tester: a refusal named the file stored later under the same id, as if that file had been refused. */
    @Test
    void aRefusalOrADuplicateNamesTheStoredDocumentAsTheOneStoredUnderItsIdNotAsTheFileRefused() {
        assertThat(AuditTrail.line(entry("STORED", null)))
                .contains("document 1.2.3^V3 (type 11502-2, of 2026-11-20T08:00:00Z, file stored-later.hl7)");
        assertThat(AuditTrail.line(entry("REJECTED", "VERSION_CONFLICT"))).contains("document 1.2.3^V3 (the one stored under"
                + " this id: type 11502-2, of 2026-11-20T08:00:00Z, file stored-later.hl7)  VERSION_CONFLICT");
        assertThat(AuditTrail.line(entry("DUPLICATE", null))).contains("(the one stored under this id: type 11502-2");
    }
}
