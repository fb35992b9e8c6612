package fr.dmp.ingest.classify;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The evidence's probabilities written from a table are what {@code String.format("%.2f")} wrote (round 22). */
class TwoDecimalsTest {

    @Test
    void probabilitiesAreWrittenAsStringFormatWritesThem() {
        Random random = new Random(22);
        for (int i = 0; i < 300_000; i++) {
            check(random.nextDouble());
        }
        for (int k = 0; k <= 100; k++) {
            for (double centre : new double[] {k / 100.0, (k + 0.5) / 100.0, k * 0.01, (k + 0.5) * 0.01}) {
                double p = centre;
                double q = centre;
                for (int step = 0; step < 40; step++) { // walk a few ulps either side of each hundredth and half hundredth
                    check(p);
                    check(q);
                    p = Math.nextUp(p);
                    q = Math.nextDown(q);
                }
                check(centre + 1e-7);
                check(centre - 1e-7);
            }
        }
        for (double odd : new double[] {0.0, -0.0, 1.0, 0.005, 0.015, 0.125, 0.285, 0.995, 1.0049, 1.005, 1.5, -0.004,
                -0.01, 4.9e-324, Double.NaN, Double.POSITIVE_INFINITY, 1e-300}) {
            check(odd);
        }
    }

    private static void check(double p) {
        assertThat(ContentClassifier.twoDecimals(p)).as("%s", p).isEqualTo(String.format(Locale.ROOT, "%.2f", p));
    }
}
