package fr.dmp.ingest.classify;

/**
 * Decimal numbers as the model file writes them ({@code %.4f}, {@code %.5f}), read in place to the same bits as
 * {@link Float#parseFloat} and {@link Double#parseDouble}: {@code m / 10^k} is one correctly rounded division when
 * {@code m} and {@code 10^k} are exact (float: m < 2^24, k ≤ 10; double: m < 2^53, k ≤ 22), and the JDK's parsers
 * round the same exact value correctly. Anything else (exponents, spaces, more digits) goes to the JDK's parser.
 * Reading the model's 1.5 million numbers through substrings and {@code Float.parseFloat} was a third of its load.
 */
final class DecimalText {

    private static final float[] FLOAT_POWERS = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    private static final double[] DOUBLE_POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
            1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final long DOUBLE_EXACT = 1L << 53;
    private static final long FLOAT_EXACT = 1L << 24;

    private DecimalText() {
    }

    static float parseFloat(String s, int from, int to) {
        long parsed = digits(s, from, to);
        if (!exact(parsed, FLOAT_EXACT, FLOAT_POWERS.length)) {
            return Float.parseFloat(s.substring(from, to));
        }
        float v = (float) (parsed >>> 6) / FLOAT_POWERS[(int) (parsed & 31)];
        return (parsed & 32) != 0 ? -v : v;
    }

    static double parseDouble(String s, int from, int to) {
        long parsed = digits(s, from, to);
        if (!exact(parsed, DOUBLE_EXACT, DOUBLE_POWERS.length)) {
            return Double.parseDouble(s.substring(from, to));
        }
        double v = (double) (parsed >>> 6) / DOUBLE_POWERS[(int) (parsed & 31)];
        return (parsed & 32) != 0 ? -v : v;
    }

    /** Whether the digits and the power of ten are both exact in the type: then one division rounds as the parser. */
    private static boolean exact(long parsed, long exactBelow, int powers) {
        return parsed != NOT_PLAIN && parsed >>> 6 < exactBelow && (parsed & 31) < powers;
    }

    private static final long NOT_PLAIN = -1L;

    /**
     * {@code [+-]digits[.digits]} as its digits without the point ({@code m}, at most 2^53), whether negative and how
     * many decimals (under 32), packed as {@code m << 6 | negative << 5 | decimals}; {@link #NOT_PLAIN} for anything else.
     */
    private static long digits(String s, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long m = 0;
        int decimals = 0;
        boolean point = false;
        boolean digit = false;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                m = m * 10 + (c - '0');
                if (point) {
                    decimals++;
                }
                if (m > DOUBLE_EXACT || decimals > 30) {
                    return NOT_PLAIN;
                }
                digit = true;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return NOT_PLAIN;
            }
        }
        return digit ? m << 6 | (negative ? 32 : 0) | decimals : NOT_PLAIN;
    }
}
