package fr.dmp.ingest.tools.generate;

import fr.dmp.ingest.format.Observation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A lab report's results as the HL7 reader returns them for the generator's ORU messages ({@link OruBuilder}:
 * one NM OBX per analysis, LOINC code, unit, range, flag), without writing and parsing the message: the rows
 * the write-path bench stores.
 */
public final class SyntheticResults {

    private SyntheticResults() {
    }

    /** {@code count} results observed at {@code at}, status F. */
    public static List<Observation> of(Random r, int count, Instant at) {
        List<Observation> out = new ArrayList<>(count);
        for (int seq = 1; seq <= count; seq++) {
            LabTests.Test t = LabTests.pick(r);
            String v = LabTests.value(t, r);
            out.add(new Observation(seq, "NM", t.loinc(), "LN", t.label(), v, Observation.number(v),
                    t.unit().isEmpty() ? null : t.unit(), range(t), LabTests.flag(t, v), "F", at));
        }
        return out;
    }

    private static String range(LabTests.Test t) {
        return trim(t.low()) + "-" + trim(t.high());
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
