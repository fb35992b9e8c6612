package fr.dmp.ingest.classify;

import java.util.Arrays;

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
        private int size;

        Table(int expected) {
            int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            keys = new long[cap];
            values = new int[cap];
            used = new boolean[cap];
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
            if (++size * 2 > keys.length) {
                grow();
            }
        }

        void put(long key, int value) {
            int i = slot(key);
            if (!used[i]) {
                used[i] = true;
                keys[i] = key;
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

        /** Calls back each key with its value. */
        void forEach(java.util.function.BiConsumer<Long, Integer> each) {
            for (int i = 0; i < keys.length; i++) {
                if (used[i]) {
                    each.accept(keys[i], values[i]);
                }
            }
        }

        long[] keys() {
            long[] out = new long[size];
            int j = 0;
            for (int i = 0; i < keys.length; i++) {
                if (used[i]) {
                    out[j++] = keys[i];
                }
            }
            return out;
        }

        int[] valuesInKeyOrder() {
            int[] out = new int[size];
            int j = 0;
            for (int i = 0; i < keys.length; i++) {
                if (used[i]) {
                    out[j++] = values[i];
                }
            }
            return out;
        }

        private void grow() {
            long[] k = keys;
            int[] v = values;
            boolean[] u = used;
            keys = new long[k.length * 2];
            values = new int[k.length * 2];
            used = new boolean[k.length * 2];
            size = 0;
            for (int i = 0; i < k.length; i++) {
                if (u[i]) {
                    put(k[i], v[i]);
                }
            }
        }

        void clear() {
            Arrays.fill(used, false);
            size = 0;
        }
    }
}
