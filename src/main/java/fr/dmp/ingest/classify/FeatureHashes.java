package fr.dmp.ingest.classify;

/**
 * Features as 64-bit hashes of their names (FNV-1a over the characters), so that scoring builds no
 * string per bigram or character n-gram: {@link FrenchText#hashedFeatures} hashes as it goes, and the
 * model maps each hash to its row, computed once from the feature names when it is loaded. The hash of a
 * feature is the hash of its name ({@link #of(CharSequence)}), so both paths give the same features
 * (held by {@code TypeModelSpeedTest}).
 */
final class FeatureHashes {

    static final long START = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private FeatureHashes() {
    }

    static long add(long h, char c) {
        return (h ^ c) * PRIME;
    }

    static long add(long h, CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * PRIME;
        }
        return h;
    }

    static long of(CharSequence s) {
        return add(START, s);
    }

    /** Open addressing from a hash to a count or an index (no boxing). */
    static final class Table {
        private long[] keys;
        private int[] values;
        private boolean[] used;
        /** The used slots in the order their keys came (keys and values are read without scanning the table). */
        private int[] order;
        private int size;

        Table(int expected) {
            int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            keys = new long[cap];
            values = new int[cap];
            used = new boolean[cap];
            order = new int[cap / 2 + 1];
        }

        private int slot(long key) {
            int mask = keys.length - 1;
            int i = (int) (key ^ (key >>> 32)) * 0x9E3779B9 & mask;
            while (used[i] && keys[i] != key) {
                i = (i + 1) & mask;
            }
            return i;
        }

        /** Adds {@code n} to the key's value (0 when absent). */
        void add(long key, int n) {
            int i = slot(key);
            if (used[i]) {
                values[i] += n;
                return;
            }
            used[i] = true;
            keys[i] = key;
            values[i] = n;
            order[size] = i;
            if (++size * 2 > keys.length) {
                grow();
            }
        }

        void put(long key, int value) {
            int i = slot(key);
            if (!used[i]) {
                used[i] = true;
                keys[i] = key;
                order[size] = i;
                if (++size * 2 > keys.length) {
                    values[i] = value;
                    grow();
                    return;
                }
            }
            values[i] = value;
        }

        /** The key's value, or -1. */
        int get(long key) {
            int i = slot(key);
            return used[i] ? values[i] : -1;
        }

        int size() {
            return size;
        }

        long[] keys() {
            long[] out = new long[size];
            for (int j = 0; j < size; j++) {
                out[j] = keys[order[j]];
            }
            return out;
        }

        int[] valuesInKeyOrder() {
            int[] out = new int[size];
            for (int j = 0; j < size; j++) {
                out[j] = values[order[j]];
            }
            return out;
        }

        private void grow() {
            long[] k = keys;
            int[] v = values;
            keys = new long[k.length * 2];
            values = new int[k.length * 2];
            int[] o = order;
            int n = size;
            used = new boolean[k.length * 2];
            order = new int[k.length + 1];
            size = 0;
            for (int j = 0; j < n; j++) {
                put(k[o[j]], v[o[j]]); // in the order they came, as before the growth
            }
        }
    }
}
