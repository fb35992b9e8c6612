package fr.dmp.ingest.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The feature counts' table keeps its keys in the order they came: growth and clearing must not lose one. */
class FeatureHashesTableTest {

    @Test
    void keysAndValuesStayPairedThroughGrowthAndClearing() {
        FeatureHashes.Table table = new FeatureHashes.Table(16);
        Map<Long, Integer> expected = new HashMap<>();
        Random random = new Random(13);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5_000; i++) {
                long key = random.nextInt(3_000) * 0x9E3779B97F4A7C15L; // repeats, so counts add up
                table.add(key, 1);
                expected.merge(key, 1, Integer::sum);
            }
            long[] keys = table.keys();
            int[] values = table.valuesInKeyOrder();
            assertThat(keys).hasSize(expected.size()).doesNotHaveDuplicates();
            Map<Long, Integer> seen = new HashMap<>();
            for (int i = 0; i < keys.length; i++) {
                seen.put(keys[i], values[i]);
                assertThat(table.get(keys[i])).isEqualTo(values[i]);
            }
            assertThat(seen).isEqualTo(expected);
            table.clear();
            expected.clear();
            assertThat(table.size()).isZero();
            assertThat(table.keys()).isEmpty();
            assertThat(table.get(keys[0])).isEqualTo(-1);
        }
    }
}
