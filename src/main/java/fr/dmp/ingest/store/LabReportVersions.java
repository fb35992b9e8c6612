package fr.dmp.ingest.store;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which stored lab report a correction (result status C) corrects when no report of its order has exactly its tests
 * (rules.md R13, formats.md): a laboratory may correct one test of a report that held several, and resend only that
 * test. The report that holds every test the correction names; else the order's only report, unless their tests are
 * known and share none (a correction of the chemistry never replaces the blood count); else none (a conflict).
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
        if (!tests.isEmpty()) {
            List<R> holding = current.stream().filter(r -> testsOf.apply(r).containsAll(tests)).toList();
            if (holding.size() == 1) {
                return holding.get(0);
            }
        }
        if (current.size() == 1) {
            Set<String> known = testsOf.apply(current.get(0));
            if (tests.isEmpty() || known.isEmpty() || known.stream().anyMatch(tests::contains)) {
                return current.get(0);
            }
        }
        return null;
    }
}
