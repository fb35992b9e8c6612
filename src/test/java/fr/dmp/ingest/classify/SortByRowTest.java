package fr.dmp.ingest.classify;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The radix sort of a document's features by model row gives the order a comparison sort gives (issue 13). */
class SortByRowTest {

    @Test
    void sortsDistinctRowsAsArraysSortDoesForEveryRowWidth() {
        Random random = new Random(13);
        for (int rowBits : new int[] {1, 7, 8, 9, 16, 19, 24}) {
            for (int m : new int[] {0, 1, 2, 37, 700, 3_000}) {
                int rows = 1 << rowBits;
                int count = Math.min(m, rows);
                // distinct rows, as a document's features are (one slot, one row); the low half is the place in the counts
                int[] chosen = random.ints(0, rows).distinct().limit(count).toArray();
                long[] a = new long[count + 5]; // a tail past m that the sort must not touch
                for (int i = 0; i < count; i++) {
                    a[i] = (long) chosen[i] << 32 | random.nextInt(1 << 20);
                }
                Arrays.fill(a, count, a.length, -7L);
                long[] expected = Arrays.copyOf(a, count);
                Arrays.sort(expected);
                TypeModel.sortByRow(a, count, rowBits);
                assertThat(Arrays.copyOf(a, count)).as(rowBits + " bits, " + count + " rows").containsExactly(expected);
                assertThat(Arrays.copyOfRange(a, count, a.length)).containsOnly(-7L);
            }
        }
    }
}
