package fr.dmp.ingest.classify;

/**
 * The model's rows by feature hash, for scoring: one slot holds the hash, the row's idf and, packed in one long,
 * its row, block and span of weights, so that looking a feature up touches one place in memory where a hash table
 * beside the idf, block and row-start arrays touched six (classifying was bound by those cache misses, issue 13).
 * Open addressing with linear probing, filled once when the model is built, read by any number of threads.
 */
final class RowIndex {

    private static final int STRIDE = 3; // hash, idf bits, packed row
    private static final long EMPTY = -1L;
    private static final int MAX_ROWS = (1 << 24) - 1; // 24 bits of row, never all ones (an empty slot is -1)
    private static final int MAX_SPAN = (1 << 7) - 1;

    private final long[] slots;
    private final int mask;

    /**
     * @param hashes   each row's feature hash ({@link FeatureHashes#of})
     * @param idf      each row's idf
     * @param blocks   each row's block ({@link TypeModel#BLOCKS})
     * @param cellStart each row's first weight
     * @param rowStart  row r has {@code rowStart[r + 1] - rowStart[r]} weights
     */
    RowIndex(long[] hashes, double[] idf, byte[] blocks, int[] cellStart, int[] rowStart) {
        int n = hashes.length;
        if (n >= MAX_ROWS) {
            throw new IllegalArgumentException("at most " + (MAX_ROWS - 1) + " features");
        }
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.ceil(n / 0.6)) - 1) << 1; // load at most 0.6
        slots = new long[capacity * STRIDE];
        mask = capacity - 1;
        for (int i = 0; i < capacity; i++) {
            slots[i * STRIDE + 2] = EMPTY;
        }
        for (int r = 0; r < n; r++) {
            int span = rowStart[r + 1] - rowStart[r];
            if (span > MAX_SPAN || blocks[r] < 0 || blocks[r] > 3) {
                throw new IllegalArgumentException("row " + r + ": " + span + " weights, block " + blocks[r]);
            }
            int b = place(hashes[r]);
            // a later row of the same hash wins, as a map's put would (two names of one 64-bit hash: never seen)
            slots[b] = hashes[r];
            slots[b + 1] = Double.doubleToRawLongBits(idf[r]);
            slots[b + 2] = (long) r << 40 | (long) cellStart[r] << 9 | (long) span << 2 | blocks[r];
        }
    }

    private int place(long hash) {
        int i = (int) (hash ^ (hash >>> 32)) * 0x9E3779B9 & mask;
        while (true) {
            int b = i * STRIDE;
            if (slots[b + 2] == EMPTY || slots[b] == hash) {
                return b;
            }
            i = (i + 1) & mask;
        }
    }

    /** The slot of this feature hash, or -1 when the model has no such feature. */
    int find(long hash) {
        int b = place(hash);
        return slots[b + 2] == EMPTY ? -1 : b;
    }

    int row(int slot) {
        return (int) (slots[slot + 2] >>> 40);
    }

    double idf(int slot) {
        return Double.longBitsToDouble(slots[slot + 1]);
    }

    int block(int slot) {
        return (int) slots[slot + 2] & 3;
    }

    /** The row's first weight. */
    int start(int slot) {
        return (int) (slots[slot + 2] >>> 9) & Integer.MAX_VALUE;
    }

    /** Past the row's last weight. */
    int end(int slot) {
        return start(slot) + ((int) (slots[slot + 2] >>> 2) & MAX_SPAN);
    }
}
