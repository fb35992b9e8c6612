package fr.dmp.ingest.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The feature counts' table keeps its keys in the order they came: growth must not lose or unpair one. */
class FeatureHashesTableTest {

    @Test
    void keysAndValuesStayPairedThroughGrowth() {
        FeatureHashes.Table table = new FeatureHashes.Table(16);
        Map<Long, Integer> expected = new HashMap<>();
        Random random = new Random(13);
        for (int i = 0; i < 5_000; i++) {
            long key = random.nextInt(3_000) * 0x9E3779B97F4A7C15L; // repeats, so counts add up
            table.add(key, 1);
            expected.merge(key, 1, Integer::sum);
        }
        long[] keys = table.keys();
        int[] values = table.valuesInKeyOrder();
        assertThat(keys).hasSize(expected.size()).doesNotHaveDuplicates();
        assertThat(table.size()).isEqualTo(expected.size());
        Map<Long, Integer> seen = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            seen.put(keys[i], values[i]);
            assertThat(table.get(keys[i])).isEqualTo(values[i]);
        }
        assertThat(seen).isEqualTo(expected);
        assertThat(table.get(3_001 * 0x9E3779B97F4A7C15L)).isEqualTo(-1);
    }
}
