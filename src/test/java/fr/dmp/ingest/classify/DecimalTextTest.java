package fr.dmp.ingest.classify;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The model file's numbers read in place ({@link DecimalText}) are the bits the JDK's parsers give, and the rows' order
 * by idf ({@link TypeModel#byIdfThenRow}) is the comparator's it replaced: the same model, byte for byte, loaded faster.
 */
class DecimalTextTest {

    @Test
    void everyWeightTheModelFileCanHoldReadsToTheBitsOfFloatParseFloat() {
        // "%.4f" of a float weight: every value from -99.9999 to 99.9999
        for (int m = 0; m <= 999_999; m++) {
            String s = (m / 10_000) + "." + padded(m % 10_000, 4);
            assertFloat(s);
            assertFloat("-" + s);
        }
    }

    @Test
    void everyIdfTheModelFileCanHoldReadsToTheBitsOfDoubleParseDouble() {
        // "%.5f" of an idf: every value from 0 to 19.99999
        for (int m = 0; m <= 1_999_999; m++) {
            String s = (m / 100_000) + "." + padded(m % 100_000, 5);
            assertDouble(s);
        }
    }

    @Test
    void otherNumbersGoToTheJdksParserOrFailAsItFails() {
        Random random = new Random(22);
        String[] odd = {"1e3", "1.5E-7", " 0.5", "0.5 ", "+0.25", ".5", "5.", "-0", "-0.0000", "NaN", "Infinity", "0x1p3",
                "1.0f", "", ".", "-", "--1", "1..2", "9007199254740993", "16777217", "16777216.5", "0.12345678901234567890123",
                "123456789012345678901234567890", "3.4028236E38"};
        for (String s : odd) {
            assertFloat(s);
            assertDouble(s);
        }
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder(random.nextBoolean() ? "-" : "");
            int whole = random.nextInt(12);
            for (int d = 0; d < whole; d++) {
                s.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextInt(4) > 0) {
                s.append('.');
                int decimals = random.nextInt(14);
                for (int d = 0; d < decimals; d++) {
                    s.append((char) ('0' + random.nextInt(10)));
                }
            }
            assertFloat(s.toString());
            assertDouble(s.toString());
        }
    }

    @Test
    void aNumberIsReadWithinItsBoundsOnly() {
        assertThat(DecimalText.parseFloat("a=0.2941\tb", 2, 8)).isEqualTo(0.2941f);
        assertThat(DecimalText.parseDouble("x\t9.14359\ty", 2, 9)).isEqualTo(9.14359);
    }

    @Test
    void rowsAreOrderedByIdfThenRowAsTheComparatorOrderedThem() {
        Random random = new Random(5);
        double[][] cases = {
                {}, {1.0}, {2.0, 1.0, 2.0, 1.0}, {0.0, -0.0, 0.0, -0.0, Double.NaN, -1.5, Double.NaN, 3.0},
                random.doubles(50_000).map(d -> Math.floor(d * 40) / 8).toArray(),
                random.doubles(20_000).toArray()};
        for (double[] idf : cases) {
            Integer[] boxed = new Integer[idf.length];
            for (int r = 0; r < boxed.length; r++) {
                boxed[r] = r;
            }
            Arrays.sort(boxed, Comparator.comparingDouble((Integer r) -> idf[r]).thenComparingInt(r -> r));
            assertThat(TypeModel.byIdfThenRow(idf)).containsExactly(Arrays.stream(boxed).mapToInt(Integer::intValue).toArray());
        }
    }

    private static String padded(int value, int width) {
        String digits = Integer.toString(value);
        return "0".repeat(width - digits.length()) + digits;
    }

    private static void assertFloat(String s) {
        Float expected;
        try {
            expected = Float.parseFloat(s);
        } catch (NumberFormatException e) {
            assertThatThrownBy(() -> DecimalText.parseFloat(s, 0, s.length())).as(s).isInstanceOf(NumberFormatException.class);
            return;
        }
        assertThat(Float.floatToRawIntBits(DecimalText.parseFloat(s, 0, s.length()))).as(s)
                .isEqualTo(Float.floatToRawIntBits(expected));
    }

    private static void assertDouble(String s) {
        Double expected;
        try {
            expected = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            assertThatThrownBy(() -> DecimalText.parseDouble(s, 0, s.length())).as(s).isInstanceOf(NumberFormatException.class);
            return;
        }
        assertThat(Double.doubleToRawLongBits(DecimalText.parseDouble(s, 0, s.length()))).as(s)
                .isEqualTo(Double.doubleToRawLongBits(expected));
    }
}
