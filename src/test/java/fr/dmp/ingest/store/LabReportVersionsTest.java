package fr.dmp.ingest.store;

import fr.dmp.ingest.format.DocumentMeta;
import fr.dmp.ingest.format.TypeHint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** rules.md R13: the versions of a lab report are those of one order and the same tests. */
class LabReportVersionsTest {

    private static DocumentMeta lab(String order, String... tests) {
        List<TypeHint> hints = new java.util.ArrayList<>();
        hints.add(new TypeHint("ORU^R01", "HL7v2-message-type", "ORU^R01", "hl7:MSH-9"));
        for (String test : tests) {
            hints.add(new TypeHint(test, "LN", "a test", "hl7:OBR-4"));
        }
        return new DocumentMeta(null, null, null, null, hints, null, null, null, List.of(), "LAB", "STRONG", "M1", "F", order);
    }

    @Test
    void r13_theSetOfALabReportIsItsOrderAndItsTests() {
        assertThat(DocumentIds.setOf(lab("7", "CBC"), "uid")).isEqualTo("hl7-order:STRONG|LAB|7|tests:CBC");
        assertThat(DocumentIds.setOf(lab("7", "CHEM", "CBC", "CBC"), "uid")).isEqualTo("hl7-order:STRONG|LAB|7|tests:CBC,CHEM");
        assertThat(DocumentIds.setOf(lab("7"), "uid")).as("no test named: the order alone, as before")
                .isEqualTo("hl7-order:STRONG|LAB|7");
        assertThat(DocumentIds.labOrderOf(lab("7", "CBC"))).isEqualTo("hl7-order:STRONG|LAB|7");
        assertThat(DocumentIds.setOf(lab("7", "A,B", "C|D%"), "uid")).endsWith("|tests:A%2CB,C%7CD%25");
        assertThat(DocumentIds.testsOfSet(DocumentIds.setOf(lab("7", "A,B", "C|D%"), "uid"))).containsExactly("A,B", "C|D%");
        assertThat(DocumentIds.testsOfSet("hl7-order:STRONG|LAB|7")).isEmpty();
        // an order number holding "|tests:" (an HL7 \F\ escape) is no other order's report of those tests (round 26)
        assertThat(DocumentIds.setOf(lab("ORD|tests:GLU"), "uid")).isNotEqualTo(DocumentIds.setOf(lab("ORD", "GLU"), "uid"));
        assertThat(DocumentIds.labOrderOf(lab("ORD|tests:GLU"))).isNotEqualTo(DocumentIds.labOrderOf(lab("ORD", "GLU")));
        String many = DocumentIds.setOf(lab("7", java.util.stream.IntStream.range(0, 60).mapToObj(i -> "TEST-" + i)
                .toArray(String[]::new)), "uid");
        assertThat(many).contains("|tests:sha256:").hasSizeLessThan(100);
        assertThat(DocumentIds.testsOfSet(many)).as("named by a hash: unknown").isEmpty();
    }

    @Test
    void r13_aCorrectionReplacesTheReportWhoseTestsItAllResendsAndNeverAnotherTestsReport() {
        record R(String name, Set<String> tests) {
        }
        R bloodCount = new R("cbc", Set.of("CBC"));
        R chemistry = new R("chem", Set.of("NA", "K"));
        R before = new R("stored before tests named sets", Set.of());

        // a correction that resends every test of the chemistry, and one more
        assertThat(LabReportVersions.<R>correctionTarget(List.of(bloodCount, chemistry), R::tests, Set.of("NA", "K", "CL")))
                .isEqualTo(chemistry);
        // one test of the chemistry only: replacing the report would take NA's result out of the record (review)
        assertThat(LabReportVersions.<R>correctionTarget(List.of(bloodCount, chemistry), R::tests, Set.of("K"))).isNull();
        assertThat(LabReportVersions.<R>correctionTarget(List.of(chemistry), R::tests, Set.of("K", "CL"))).isNull();
        // a test the order never reported, beside the order's only report
        assertThat(LabReportVersions.<R>correctionTarget(List.of(bloodCount), R::tests, Set.of("K"))).isNull();
        // two reports' tests in one correction: which one is not known
        assertThat(LabReportVersions.<R>correctionTarget(List.of(bloodCount, chemistry), R::tests, Set.of("NA", "K", "CBC"))).isNull();
        // the order's one report of unknown tests (stored before), when no report of known tests shares one
        assertThat(LabReportVersions.<R>correctionTarget(List.of(before), R::tests, Set.of("K"))).isEqualTo(before);
        assertThat(LabReportVersions.<R>correctionTarget(List.of(before, bloodCount), R::tests, Set.of("K"))).isEqualTo(before);
        assertThat(LabReportVersions.<R>correctionTarget(List.of(before, chemistry), R::tests, Set.of("K"))).isNull();
        // a correction naming no test: the order's only report
        assertThat(LabReportVersions.<R>correctionTarget(List.of(bloodCount), R::tests, Set.of())).isEqualTo(bloodCount);
        assertThat(LabReportVersions.<R>correctionTarget(List.of(bloodCount, chemistry), R::tests, Set.of())).isNull();
        assertThat(LabReportVersions.<R>correctionTarget(List.of(), R::tests, Set.of("K"))).isNull();
    }

    /** Round 27: versions of one report time are ordered by status; X (cancelled) and the other states come before final. */
    @Test
    void atOneReportTimeAStatusBeforeTheCurrentOnesIsAnOlderVersion() {
        assertThat(LabReportVersions.earlierStatus("P", "F")).isTrue();
        assertThat(LabReportVersions.earlierStatus("F", "C")).isTrue();
        assertThat(LabReportVersions.earlierStatus("X", "F")).isTrue();
        assertThat(LabReportVersions.earlierStatus("x", "C")).isTrue();
        assertThat(LabReportVersions.earlierStatus("F", "P")).isFalse();
        assertThat(LabReportVersions.earlierStatus("C", "C")).isFalse();
        assertThat(LabReportVersions.earlierStatus("F", null)).as("a report of no known status orders nothing").isFalse();
        assertThat(LabReportVersions.earlierStatus(" ", "F")).isFalse();
    }

    @Test
    void aReportOlderByItsTimeOrOfOneTimeAndAnEarlierStatusIsNoNextVersion() {
        java.time.Instant t = java.time.Instant.parse("2026-11-20T08:00:00Z");
        assertThat(LabReportVersions.olderThanCurrent(t.minusSeconds(60), "C", t, "F")).get().asString().contains("before");
        assertThat(LabReportVersions.olderThanCurrent(t, "F", t, "C")).get().asString().contains("status F comes before");
        assertThat(LabReportVersions.olderThanCurrent(t, "C", t, "F")).isEmpty();
        assertThat(LabReportVersions.olderThanCurrent(t.plusSeconds(60), "P", t, "F")).isEmpty();
        assertThat(LabReportVersions.olderThanCurrent(null, "P", t, "F")).isEmpty();
        // round 37: one report time and status, the message's own time (MSH-7) orders them when both have one
        java.time.Instant m = t.plusSeconds(3600);
        assertThat(LabReportVersions.olderThanCurrent(t, "F", m.minusSeconds(2), t, "F", m)).get().asString().contains("MSH-7");
        assertThat(LabReportVersions.olderThanCurrent(t, "F", m.plusSeconds(2), t, "F", m)).isEmpty();
        assertThat(LabReportVersions.olderThanCurrent(t, "F", m.minusSeconds(2), t, "F", null)).isEmpty();
        assertThat(LabReportVersions.olderThanCurrent(t, "C", m.minusSeconds(2), t, "F", m)).as("a correction still replaces").isEmpty();
    }

    private static fr.dmp.ingest.format.Observation result(String code, String status) {
        return new fr.dmp.ingest.format.Observation(1, "NM", code, "LN", code, "1", java.math.BigDecimal.ONE, null, null, null,
                status, null);
    }

    /** A review, round 35: a test sent twice, final twice in the current version, final then pending in the new one. */
    @Test
    void r13_aTestSentTwiceThatGoesBackToPendingOnceIsSeen() throws Exception {
        LabReportVersions.StoredTests twiceFinal = () -> java.util.Map.of("HGB", new LabReportVersions.Counts(2, 2));
        assertThat(LabReportVersions.resultsLeftOut(Set.of("CBC"), Set.of("CBC"), twiceFinal,
                List.of(result("HGB", "F"), result("HGB", "P")))).get().asString().contains("still pending");
        // one more result of it, pending, beside both finals: a later version adding a result
        assertThat(LabReportVersions.resultsLeftOut(Set.of("CBC"), Set.of("CBC"), twiceFinal,
                List.of(result("HGB", "F"), result("HGB", "F"), result("HGB", "P")))).isEmpty();
        // nothing pending in a set that names its tests: the stored results are not even read
        assertThat(LabReportVersions.resultsLeftOut(Set.of("CBC"), Set.of("CBC"), () -> {
            throw new AssertionError("read");
        }, List.of(result("HGB", "F")))).isEmpty();
    }
    private static fr.dmp.ingest.format.Observation valued(String code, String status, String value) {
        return new fr.dmp.ingest.format.Observation(1, "NM", code, "LN", code, value, null, null, null, null, status, null);
    }

    /** Round 36, a tester: a "results pending" version (I, no value) replaced a preliminary's values; rules.md R13. */
    @Test
    void r13_aPreliminarysValuesAreNotBlankedByALaterPendingVersionButMayBeCancelled() throws Exception {
        LabReportVersions.StoredTests preliminary = () -> java.util.Map.of("K", new LabReportVersions.Counts(0, 1),
                "NA", new LabReportVersions.Counts(0, 1));
        assertThat(LabReportVersions.resultsLeftOut(Set.of("ION"), Set.of("ION"), preliminary,
                List.of(valued("K", "I", null), valued("NA", "I", null)))).get().asString().contains("2 tests with a value");
        // a preliminary sent again without one of its values ("" read as none)
        assertThat(LabReportVersions.resultsLeftOut(Set.of("ION"), Set.of("ION"), preliminary,
                List.of(valued("K", "P", null), valued("NA", "P", "140")))).get().asString().contains("1 test with a value");
        // the laboratory cannot obtain the result after all (X): a cancellation of a preliminary replaces it
        assertThat(LabReportVersions.resultsLeftOut(Set.of("ION"), Set.of("ION"), preliminary,
                List.of(valued("K", "X", null), valued("NA", "P", "140")))).isEmpty();
        // a new preliminary with its values, and the final, replace it
        assertThat(LabReportVersions.resultsLeftOut(Set.of("ION"), Set.of("ION"), preliminary,
                List.of(valued("K", "P", "4.1"), valued("NA", "P", "140")))).isEmpty();
        assertThat(LabReportVersions.resultsLeftOut(Set.of("ION"), Set.of("ION"), preliminary,
                List.of(valued("K", "F", "4.1"), valued("NA", "F", "140")))).isEmpty();
        // a review: the final report empties the preliminary's comment line: the finals' rule's, and nothing was final
        LabReportVersions.StoredTests withComment = () -> java.util.Map.of("K", new LabReportVersions.Counts(0, 1),
                "COM", new LabReportVersions.Counts(0, 1));
        assertThat(LabReportVersions.resultsLeftOut(Set.of("ION"), Set.of("ION"), withComment,
                List.of(valued("K", "F", "4.2"), new fr.dmp.ingest.format.Observation(2, "TX", "COM", "L", "COM", null, null,
                        null, null, null, "F", null)))).isEmpty();
        // an attacker: the preliminary's numbers emptied under F, C or no status are blanked all the same
        for (String status : new String[] {"F", "C", ""}) {
            assertThat(LabReportVersions.resultsLeftOut(Set.of("ION"), Set.of("ION"), preliminary,
                    List.of(valued("K", "F", "4.1"), valued("NA", status, null)))).as(status).get().asString()
                    .contains("1 test with a value");
        }
        // a pending version after a pending one: nothing had a value
        assertThat(LabReportVersions.resultsLeftOut(Set.of("ION"), Set.of("ION"),
                () -> java.util.Map.of("K", new LabReportVersions.Counts(0, 0)), List.of(valued("K", "I", null)))).isEmpty();
    }
    /** Round 36, a tester on HPRIM laboratories' files: an empty final line sent empty again blocked every correction (R13). */
    @Test
    void r13_aFinalLineLeftEmptyAndSentEmptyAgainTakesNothingOutButAFinalValueEmptiedDoes() throws Exception {
        LabReportVersions.StoredTests stored = () -> java.util.Map.of(
                "COMH", LabReportVersions.Counts.ofStored("F", false), "K", LabReportVersions.Counts.ofStored("F", true));
        assertThat(LabReportVersions.resultsLeftOut(Set.of(), Set.of(), stored,
                List.of(valued("COMH", "F", null), valued("K", "C", "4.2")))).isEmpty();
        assertThat(LabReportVersions.resultsLeftOut(Set.of(), Set.of(), stored,
                List.of(valued("COMH", "F", null), valued("K", "F", null)))).get().asString().contains("1 test final");
    }
}
