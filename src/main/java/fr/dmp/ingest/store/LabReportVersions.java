package fr.dmp.ingest.store;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which stored lab report a correction (result status C) corrects when no report of its order has exactly its tests
 * (rules.md R13, formats.md). A correction replaces a whole report: it may add tests to it, never leave one out, or the
 * results of the tests it does not resend would leave the patient's current record (round 26 review). So: the one
 * report of the order whose tests it all resends; else, when no report of known tests shares one with it, the order's
 * one report of unknown tests (stored before tests named sets); else none (a conflict for a person to look at).
 */
final class LabReportVersions {

    private LabReportVersions() {
    }

    /**
     * @param current the order's current reports
     * @param testsOf each report's tests (empty when unknown: stored before tests named sets, or named by a hash)
     * @param tests   the correction's tests (empty when it names none)
     */
    static <R> R correctionTarget(List<R> current, Function<R, Set<String>> testsOf, Set<String> tests) {
        List<R> unknown = current.stream().filter(r -> testsOf.apply(r).isEmpty()).toList();
        if (tests.isEmpty()) {
            return current.size() == 1 ? current.get(0) : null;
        }
        List<R> sharing = current.stream().filter(r -> !testsOf.apply(r).isEmpty())
                .filter(r -> testsOf.apply(r).stream().anyMatch(tests::contains)).toList();
        if (sharing.size() == 1 && tests.containsAll(testsOf.apply(sharing.get(0)))) {
            return sharing.get(0);
        }
        return sharing.isEmpty() && unknown.size() == 1 ? unknown.get(0) : null;
    }

    /**
     * Why a lab report is an older version than its set's current one, or empty when it may replace it. Its versions carry
     * no number: the report time orders them (a preliminary that arrived after its final, or a final resent after its
     * correction, replaced the newer version, round 26), and at one report time (OBR-22, or OBR-7 when a sender fills no
     * OBR-22) the status (round 27, NIST's ELR cases: a final resent after its correction became current).
     */
    static java.util.Optional<String> olderThanCurrent(java.time.Instant time, String status, java.time.Instant currentTime,
                                                       String currentStatus) {
        return olderThanCurrent(time, status, null, currentTime, currentStatus, null);
    }

    /**
     * The same, and at one report time and status the message's own time (HL7 MSH-7), when both versions have one: an
     * earlier copy of a final sent after the later one became current by arrival (round 37, a tester on dcm4che's messages).
     */
    static java.util.Optional<String> olderThanCurrent(java.time.Instant time, String status, java.time.Instant messageTime,
                                                       java.time.Instant currentTime, String currentStatus,
                                                       java.time.Instant currentMessageTime) {
        if (time == null || currentTime == null) {
            return java.util.Optional.empty();
        }
        if (time.isBefore(currentTime)) {
            return java.util.Optional.of("its report time is before the current version's: an older version of the report");
        }
        if (time.equals(currentTime) && earlierStatus(status, currentStatus)) {
            return java.util.Optional.of("its report time is the current version's and its status " + status
                    + " comes before the current's " + currentStatus + ": an older version of the report");
        }
        if (time.equals(currentTime) && rank(status) == rank(currentStatus) && messageTime != null && currentMessageTime != null
                && messageTime.isBefore(currentMessageTime)) {
            return java.util.Optional.of("its report time and status are the current version's and its message (MSH-7) was"
                    + " written before the current's: an older version of the report");
        }
        return java.util.Optional.empty();
    }

    /**
     * Whether a report of this status comes before the current version's, at the same report time: preliminary (and
     * the other states before a result is final, HL7 table 0123) before final, final before correction. Unknown
     * statuses (a report stored before V44 with no result status) order nothing.
     */
    static boolean earlierStatus(String status, String currentStatus) {
        int rank = rank(status);
        int current = rank(currentStatus);
        return rank > 0 && current > 0 && rank < current;
    }

    private static int rank(String status) {
        if (status == null || status.isBlank()) {
            return 0;
        }
        return switch (status.strip().toUpperCase(java.util.Locale.ROOT)) {
            case "C" -> 3;
            case "F" -> 2;
            // X (cancelled) too is no final result: a cancellation of one report time never replaced its final or its
            // correction (round 27, an attacker; it ranked nothing before)
            default -> 1; // P, A, R, I, S, O, X: results not yet final, or none
        };
    }

    /** The stored version's tests and, for each, how many final results and how many results with a value, read only when needed. */
    interface StoredTests {
        java.util.Map<String, Counts> get() throws java.sql.SQLException;
    }

    /**
     * A test's results in a version: how many are final with a value and how many carry a value. The job never reads a
     * stored result's value, only whether it has one (V56) and its status (HL7 table 0085: preliminary, entered, partial,
     * final and corrected results are values; pending, cancelled, not asked for are not). A final line left empty by its
     * laboratory ("Commentaire(s) :") and sent empty again takes nothing out of the record (round 36, a tester: every
     * correction of such a report was refused).
     */
    record Counts(int finals, int valued) {
        static Counts ofStored(String status, boolean hasValue) {
            return new Counts(isFinal(status) && hasValue ? 1 : 0, valuedStatus(status) && hasValue ? 1 : 0);
        }

        Counts plus(Counts o) {
            return new Counts(finals + o.finals, valued + o.valued);
        }
    }

    private static final Set<String> VALUED = Set.of("P", "R", "S", "F", "C");

    /** A stored result's status that says it carries a value (HL7 table 0085). */
    static boolean valuedStatus(String status) {
        return status != null && VALUED.contains(status.strip().toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * A new result that says its value is still to come: pending (I), or not final yet without its value (P, R, S, A). A
     * final one without a value is the finals' rule's: a final report emptying a preliminary's comment line replaces it
     * (a review, round 36).
     */
    private static boolean valueToCome(fr.dmp.ingest.format.Observation o) {
        String status = o.resultStatus() == null ? "" : o.resultStatus().strip().toUpperCase(java.util.Locale.ROOT);
        boolean empty = o.value() == null || o.value().isBlank();
        if (status.equals("I") || PENDING.contains(status) && empty) {
            return true;
        }
        // a result that is no text (a number, a code) sent final, corrected or with no status and no value: a preliminary's
        // sodium of 137 so emptied left the record (round 36, an attacker); a comment line emptied in the final stays free
        // (a review)
        return empty && (status.isEmpty() || isFinal(status)) && !TEXT_TYPES.contains(
                o.valueType() == null ? "" : o.valueType().strip().toUpperCase(java.util.Locale.ROOT));
    }

    /** Free text (HL7 ST, TX, FT; HPRIM Net's alphanumeric A): a line a laboratory may leave empty in its final report. */
    private static final Set<String> TEXT_TYPES = Set.of("ST", "TX", "FT", "A", "");

    /** A result's status that says it is validated: final, or corrected (HL7 table 0085, HPRIM's F and C). */
    static boolean isFinal(String status) {
        return status != null && ("F".equalsIgnoreCase(status.strip()) || "C".equalsIgnoreCase(status.strip()));
    }

    private static final Set<String> PENDING = Set.of("P", "R", "I", "S", "A");
    /** Results that are no value: cancelled, not asked for, an order detail (HL7 table 0085 X, N, O). */
    private static final Set<String> NO_RESULT = Set.of("X", "N", "O");

    /** A result's status that says it is not validated yet: preliminary, not verified, pending, partial, amended (0085). */
    private static boolean isPending(String status) {
        return status != null && PENDING.contains(status.strip().toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * A result that is no final value: pending, cancelled, not asked for, or final without a value (a round-35 attacker:
     * a potassium final in the current version sent again X, N, O or F with no value replaced it, the value gone). A result
     * without a status says nothing (HPRIM Net's status field is often empty).
     */
    private static boolean noFinalValue(fr.dmp.ingest.format.Observation o) {
        String status = o.resultStatus() == null ? "" : o.resultStatus().strip().toUpperCase(java.util.Locale.ROOT);
        return isPending(status) || NO_RESULT.contains(status)
                || isFinal(status) && (o.value() == null || o.value().isBlank());
    }

    /**
     * The test a result is of: its LOINC code when either of its codings is LOINC (a laboratory sends its local code first
     * and LOINC second, or LOINC alone: the same test, a round-35 attacker), else its code, else its label.
     */
    static String test(String code, String system, String altCode, String altSystem, String display) {
        if (code != null && "LN".equalsIgnoreCase(system == null ? null : system.strip())) {
            return code;
        }
        if (altCode != null && "LN".equalsIgnoreCase(altSystem == null ? null : altSystem.strip())) {
            return altCode;
        }
        return code != null ? code : display;
    }

    private static String test(fr.dmp.ingest.format.Observation o) {
        return test(o.code(), o.codeSystem(), o.alternate() == null ? null : o.alternate().code(),
                o.alternate() == null ? null : o.alternate().system(), o.display());
    }

    /**
     * Why a new version of a report whose sets name no tests (an HPRIM Net request, an HL7 report without OBR-4 codes: a
     * version replaces the whole report) may not replace the current one: it leaves out tests the current version has
     * results of, whose results would leave the patient's current record (round 34, a tester: an HPRIM Net request's
     * biochemistry part replaced its haematology part), or a test final in the current version is pending in it (the same
     * tester: a preliminary sent after its final, HPRIM Net dating both by the request's day). A later version adding tests,
     * pending or not, to final ones replaces it (a review). A set that names its tests (HL7's OBR-4) is checked for the
     * second only, and only when a result of the new version is pending: an ORU whose OBR-25 is empty and whose results
     * are F, F and P ranks final, and replaced its final of the same time, the third result validated no more (round 29).
     */
    static java.util.Optional<String> resultsLeftOut(Set<String> newSetTests, Set<String> currentSetTests, StoredTests stored,
                                                    List<fr.dmp.ingest.format.Observation> results) throws java.sql.SQLException {
        boolean namedSets = !newSetTests.isEmpty() || !currentSetTests.isEmpty();
        // how many final results each test has: a test sent twice (two specimens), final twice in the current version and
        // final then pending in the new one, went back to pending unseen when one final was enough (a review, round 35)
        java.util.Map<String, Counts> resent = new java.util.HashMap<>();
        java.util.Set<String> pending = new java.util.HashSet<>();
        java.util.Set<String> toCome = new java.util.HashSet<>();
        for (fr.dmp.ingest.format.Observation o : results) {
            String test = test(o);
            if (test != null) {
                boolean noValue = noFinalValue(o);
                boolean toComeHere = valueToCome(o);
                boolean valued = o.value() != null && !o.value().isBlank() && !toComeHere
                        && !NO_RESULT.contains(o.resultStatus() == null ? "" : o.resultStatus().strip().toUpperCase(java.util.Locale.ROOT));
                resent.merge(test, new Counts(isFinal(o.resultStatus()) && !noValue ? 1 : 0, valued ? 1 : 0), Counts::plus);
                if (noValue) {
                    pending.add(test);
                }
                if (toComeHere) {
                    toCome.add(test);
                }
            }
        }
        if (namedSets && pending.isEmpty() && toCome.isEmpty()) {
            return java.util.Optional.empty(); // a report of other tests is another set; no query when nothing is pending
        }
        java.util.Map<String, Counts> current = stored.get();
        if (current.isEmpty()) {
            return java.util.Optional.empty();
        }
        long missing = namedSets ? 0 : current.keySet().stream().filter(t -> !resent.containsKey(t)).count();
        if (missing > 0) {
            return java.util.Optional.of("a new version of a stored report that leaves out " + missing + " of the "
                    + current.size() + " tests the current version has results of: their results would leave the patient's"
                    + " current record; a laboratory's new version resends every test of its report (a part of a request sent"
                    + " alone is another report: send it with its own request number)");
        }
        Counts none = new Counts(0, 0);
        long unvalidated = current.entrySet().stream()
                .filter(e -> pending.contains(e.getKey()) && e.getValue().finals() > resent.getOrDefault(e.getKey(), none).finals())
                .count();
        if (unvalidated > 0) {
            return java.util.Optional.of("a version in which " + unvalidated + " test" + (unvalidated > 1 ? "s" : "")
                    + " final in the current version " + (unvalidated > 1 ? "are" : "is") + " still pending, or without a"
                    + " final value (cancelled, not asked for, empty): an older version of the report (a preliminary sent after"
                    + " its final), or one that would take a validated result out of the current record");
        }
        // a preliminary's values blanked by a later "results pending" (OBR-25 and OBX-11 I, no value): the current record
        // showed three results without values (round 36, a tester); a cancellation (X) of a preliminary still replaces it
        long blanked = current.entrySet().stream()
                .filter(e -> toCome.contains(e.getKey()) && e.getValue().valued() > resent.getOrDefault(e.getKey(), none).valued())
                .count();
        if (blanked > 0) {
            return java.util.Optional.of("a version in which " + blanked + " test" + (blanked > 1 ? "s" : "") + " with a value"
                    + " in the current version " + (blanked > 1 ? "have" : "has") + " none yet (pending, or a result without its"
                    + " value): an older state of the report, or one that would take reported values out of the current record");
        }
        return java.util.Optional.empty();
    }

    /** Whether a correction with these tests, of an order whose reports are these, has none it may replace. */
    static String whyNone(Set<String> tests) {
        return tests.isEmpty() ? "the result this correction (status C) corrects is not stored"
                : "no report of its order is one this correction (status C) may replace: it must resend every test of the"
                + " report it corrects, and that report must be stored";
    }
}
