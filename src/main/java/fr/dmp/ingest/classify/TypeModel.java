package fr.dmp.ingest.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A multinomial logistic regression over French word and bigram features (log term frequency times
 * idf, L2-normalised), trained on a labelled corpus. Chosen over naive Bayes because its probabilities
 * are usable as confidences (naive Bayes is near 0 or 1 on long texts), which the refusal threshold
 * needs. Saved as a readable text file: one line per feature with its idf and its weight per class.
 */
public final class TypeModel {

    private final List<String> classes;
    /** The name of each row (feature), for explanations and writing; the name → row map only when asked for. */
    private final String[] names;
    private volatile Map<String, Integer> index;
    private final double[] idf;
    /**
     * The non-zero weights only, row by row (compressed sparse rows): feature f's weights are the cells j from
     * {@code rowStart[f]} to {@code rowStart[f + 1]}, each a weight and its class in two arrays read side by side
     * (the sums were two thirds of classifying a sample PDF, bound by memory: round 14 packed both in one long, round
     * 18 keeps 5 bytes a cell, not 8, for the same values: 3.7 MB less heap, the time measured unchanged). The shipped file keeps
     * 4.5 of 37 weights per feature ({@link #KEPT_WEIGHT}): a dense feature × class array was 40 MB, 6 MB here
     * (the model's heap 71 → 46 MB; the time to classify measured unchanged, issue 13).
     */
    private final int[] rowStart;
    /**
     * Where each row's cells begin in {@link #cells}: the rows laid out from the most frequent feature (lowest idf) to
     * the rarest, so that the rows most documents touch share a few hot cache lines (row numbers, and so the order of
     * every sum, unchanged: the same probabilities to the bit).
     */
    private final int[] cellStart;
    private final float[] cellWeight;
    /** Each cell's class (at most 127 classes): 5 bytes a cell where a long held both in 8 (issue 13, round 18). */
    private final byte[] cellClass;
    private final double[] bias;
    /** Temperature scaling (fitted on held-out training documents): probabilities = softmax(z / temperature). */
    private final double temperature;

    TypeModel(List<String> classes, Map<String, Integer> index, double[] idf, float[][] weights, double[] bias) {
        this(classes, index, idf, weights, bias, 1.0);
    }

    TypeModel(List<String> classes, Map<String, Integer> index, double[] idf, float[][] weights, double[] bias,
              double temperature) {
        this(classes, namesOf(index), idf, Sparse.of(weights, classes.size()), bias, temperature);
    }

    private static String[] namesOf(Map<String, Integer> index) {
        String[] n = new String[index.size()];
        index.forEach((f, i) -> n[i] = f);
        return n;
    }

    /** The weights in compressed sparse rows, built once (exact zeros left out: the same sums). */
    private record Sparse(int[] rowStart, byte[] classOf, float[] weight) {

        static Sparse of(float[][] weights, int k) {
            Builder b = new Builder(weights.length, k);
            for (float[] row : weights) {
                for (int c = 0; c < k; c++) {
                    b.add(c, row[c]);
                }
                b.endRow();
            }
            return b.build();
        }

        /** Rows appended in order into growing arrays (the reader has no list of small arrays: a 128 MB job's heap). */
        static final class Builder {
            private int[] rowStart;
            private byte[] classOf;
            private float[] weight;
            private int rows;
            private int size;

            Builder(int expectedRows, int classes) {
                if (classes > Byte.MAX_VALUE) {
                    throw new IllegalArgumentException("at most " + Byte.MAX_VALUE + " classes");
                }
                rowStart = new int[Math.max(1, expectedRows) + 1];
                classOf = new byte[Math.max(16, expectedRows * 5)];
                weight = new float[classOf.length];
            }

            void add(int c, float w) {
                if (w == 0f) {
                    return;
                }
                if (size == weight.length) {
                    classOf = Arrays.copyOf(classOf, size * 2);
                    weight = Arrays.copyOf(weight, size * 2);
                }
                classOf[size] = (byte) c;
                weight[size++] = w;
            }

            void endRow() {
                if (rows + 2 > rowStart.length) {
                    rowStart = Arrays.copyOf(rowStart, rowStart.length * 2);
                }
                rowStart[++rows] = size;
            }

            Sparse build() {
                return new Sparse(Arrays.copyOf(rowStart, rows + 1), Arrays.copyOf(classOf, size), Arrays.copyOf(weight, size));
            }
        }
    }

    private TypeModel(List<String> classes, String[] names, double[] idf, Sparse weights, double[] bias,
                      double temperature) {
        if (weights.rowStart().length != names.length + 1) {
            throw new IllegalArgumentException("weights for " + (weights.rowStart().length - 1) + " features, " + names.length + " named");
        }
        this.classes = List.copyOf(classes);
        this.names = names;
        this.idf = idf;
        this.rowStart = weights.rowStart();
        if (classes.size() > Byte.MAX_VALUE) {
            throw new IllegalArgumentException(classes.size() + " classes, at most " + Byte.MAX_VALUE);
        }
        this.cellWeight = new float[weights.weight().length];
        this.cellClass = new byte[weights.weight().length];
        this.cellStart = new int[names.length];
        int at = 0;
        for (int r : byIdfThenRow(idf)) {
            cellStart[r] = at;
            for (int j = rowStart[r]; j < rowStart[r + 1]; j++) {
                cellWeight[at] = weights.weight()[j];
                cellClass[at++] = weights.classOf()[j];
            }
        }
        this.bias = bias;
        this.temperature = temperature;
        long[] hashes = new long[names.length];
        byte[] blocks = new byte[names.length];
        for (int i = 0; i < names.length; i++) {
            hashes[i] = FeatureHashes.of(names[i]);
            blocks[i] = (byte) block(names[i]);
        }
        this.rows = new RowIndex(hashes, idf, blocks, cellStart, rowStart);
    }

    /**
     * The rows in the order of their idf, then of their number (as {@code Double.compare}, then the row): each row's
     * place among the distinct idf values and the row in one long, sorted as primitives (a sort of 272,095 boxed rows
     * with a comparator of two keys was a tenth of the model's load).
     */
    static int[] byIdfThenRow(double[] idf) {
        double[] sorted = idf.clone();
        Arrays.sort(sorted); // Double.compare's order, as the comparator's
        int u = 0;
        for (double v : sorted) {
            if (u == 0 || Double.compare(v, sorted[u - 1]) != 0) {
                sorted[u++] = v;
            }
        }
        double[] distinct = Arrays.copyOf(sorted, u); // binarySearch names one place only among distinct values
        long[] keyed = new long[idf.length];
        for (int r = 0; r < idf.length; r++) {
            keyed[r] = (long) Arrays.binarySearch(distinct, idf[r]) << 32 | r;
        }
        Arrays.sort(keyed);
        int[] order = new int[idf.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) keyed[i];
        }
        return order;
    }

    /** A derived model: shares every array of {@code m} (never written after construction), its own temperature. */
    private TypeModel(TypeModel m, double temperature) {
        this.classes = m.classes;
        this.names = m.names;
        this.index = m.index;
        this.idf = m.idf;
        this.rowStart = m.rowStart;
        this.cellStart = m.cellStart;
        this.cellWeight = m.cellWeight;
        this.cellClass = m.cellClass;
        this.bias = m.bias;
        this.temperature = temperature;
        this.rows = m.rows;
    }

    /** Feature name → row, built on first use (training and evaluation paths; scoring goes by hashes). */
    private Map<String, Integer> index() {
        Map<String, Integer> i = index;
        if (i == null) {
            i = new HashMap<>(names.length * 2);
            for (int r = 0; r < names.length; r++) {
                i.put(names[r], r);
            }
            index = i;
        }
        return i;
    }

    /** Hash of each feature name → its row, idf, block and weights (scoring, {@link #hashedVector}). */
    private final RowIndex rows;

    /** Where the loads of {@link #hashedVector}'s warming loop go, so that the compiler keeps them (never read). */
    @SuppressWarnings("unused")
    private static int warmed;

    public double temperature() {
        return temperature;
    }

    /** The margin rule fitted on writers held out ({@link AcceptRule}); {@link AcceptRule#NONE} when none. */
    private AcceptRule acceptRule = AcceptRule.NONE;

    public AcceptRule acceptRule() {
        return acceptRule;
    }

    /** The same model with this margin rule. */
    public TypeModel withAcceptRule(AcceptRule rule) {
        TypeModel m = new TypeModel(this, temperature);
        m.acceptRule = rule;
        return m;
    }

    /** The same model with another temperature. */
    public TypeModel withTemperature(double t) {
        return new TypeModel(this, t).withAcceptRule(acceptRule);
    }

    /** weights[feature][class], rebuilt from the sparse rows (writing only). */
    private float[][] weights() {
        float[][] w = new float[names.length][classes.size()];
        for (int f = 0; f < names.length; f++) {
            for (int j = cellStart[f]; j < cellEnd(f); j++) {
                w[f][cellClass[j]] = cellWeight[j];
            }
        }
        return w;
    }

    private int cellEnd(int f) {
        return cellStart[f] + rowStart[f + 1] - rowStart[f];
    }

    /** The weight for class c among the cells from {@code from} to {@code to} (one row's), 0 when none. */
    private float weightIn(int from, int to, int c) {
        for (int j = from; j < to; j++) {
            if (cellClass[j] == c) {
                return cellWeight[j];
            }
        }
        return 0f;
    }

    /** Fits the temperature on logits already computed (held-out documents, with their true class). */
    public double fitTemperature(List<double[]> logits, List<Integer> truth) {
        return bestTemperature(logits, truth);
    }

    /** The raw scores of a text (before temperature), for held-out fitting. */
    public double[] logits(String text) {
        return logits(hashedVector(FrenchText.hashedFeatures(text)));
    }

    /**
     * Fits the temperature that minimises the log loss on held-out documents (never the evaluation
     * set): a coarse then a fine grid over [0.05, 20].
     */
    public double fitTemperature(List<Example> heldOut) {
        List<double[]> logits = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (Example e : heldOut) {
            int c = classes.indexOf(e.label());
            if (c >= 0) {
                logits.add(logits(vector(FrenchText.features(e.text()))));
                truth.add(c);
            }
        }
        return bestTemperature(logits, truth);
    }

    private static double bestTemperature(List<double[]> logits, List<Integer> truth) {
        double best = 1;
        double bestLoss = Double.MAX_VALUE;
        for (double lt = Math.log(0.05); lt <= Math.log(20); lt += 0.02) {
            double t = Math.exp(lt);
            double loss = 0;
            for (int i = 0; i < logits.size(); i++) {
                double[] z = logits.get(i).clone();
                for (int c = 0; c < z.length; c++) {
                    z[c] /= t;
                }
                loss -= Math.log(Math.max(1e-12, softmax(z)[truth.get(i)]));
            }
            if (loss < bestLoss) {
                bestLoss = loss;
                best = t;
            }
        }
        return best;
    }

    double[] logits(Vector v) {
        double[] z = bias.clone();
        for (int i = 0; i < v.idx.length; i++) {
            double x = v.val[i];
            for (int j = v.from[i], end = v.to[i]; j < end; j++) {
                z[cellClass[j]] += cellWeight[j] * x;
            }
        }
        return z;
    }

    public List<String> classes() {
        return classes;
    }

    public int features() {
        return names.length;
    }

    /** A class with its probability. */
    public record Scored(String label, double probability) {
    }

    /** The classes of one text, best first, and the features behind any of them, found only when asked for. */
    public final class Scores {
        private final List<Scored> ranked;
        private final Vector v;

        private Scores(List<Scored> ranked, Vector v) {
            this.ranked = ranked;
            this.v = v;
        }

        public List<Scored> ranked() {
            return ranked;
        }

        /** The n features of this text that push the class most (evidence; one class, not three: a fifth of the time). */
        public List<String> topFeatures(String label, int n) {
            int c = classes.indexOf(label);
            return c < 0 ? List.of() : top(v, c, n);
        }
    }

    /** Probabilities of every class, best first. */
    public List<Scored> score(String text) {
        return scores(text).ranked();
    }

    /** Probabilities of every class, best first, with what explains them. */
    public Scores scores(String text) {
        Vector v = hashedVector(FrenchText.hashedFeatures(text));
        int k = classes.size();
        double[] z = logits(v);
        for (int c = 0; c < k; c++) {
            z[c] /= temperature;
        }
        double[] p = softmax(z);
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        List<Scored> out = new ArrayList<>(k);
        for (int rank = 0; rank < k; rank++) {
            int c = order[rank];
            out.add(new Scored(classes.get(c), p[c]));
        }
        return new Scores(out, v);
    }

    /** The n features that push class c most (a selection, not a sort: this runs for every document). */
    private List<String> top(Vector v, int c, int n) {
        int[] best = new int[n];
        double[] score = new double[n];
        int found = 0;
        for (int i = 0; i < v.idx.length; i++) {
            // the row's span from the vector, which the sums just read: not cellStart/rowStart, two misses a feature
            double x = weightIn(v.from[i], v.to[i], c) * v.val[i];
            if (x <= 0 || (found == n && x <= score[n - 1])) {
                continue;
            }
            int j = found < n ? found++ : n - 1;
            while (j > 0 && score[j - 1] < x) {
                score[j] = score[j - 1];
                best[j] = best[j - 1];
                j--;
            }
            score[j] = x;
            best[j] = v.idx[i];
        }
        String[] byIndex = names;
        List<String> names = new ArrayList<>(found);
        for (int i = 0; i < found; i++) {
            names.add(byIndex[best[i]]);
        }
        return names;
    }

    // ---- features -----------------------------------------------------------------------------

    /** A sparse, L2-normalised feature vector: rows, values and each row's span of weights. */
    static final class Vector {
        final int[] idx;
        final double[] val;
        final int[] from;
        final int[] to;

        Vector(int[] idx, double[] val, int[] from, int[] to) {
            this.idx = idx;
            this.val = val;
            this.from = from;
            this.to = to;
        }
    }

    Vector vector(Map<String, Integer> counts) {
        return vector(counts, index(), idf);
    }

    /**
     * Blocks of features ({@link FrenchText}): body words, title block {@code t:}, headings {@code h:},
     * character n-grams {@code c:}. Each block is L2-normalised on its own and then weighted, so that the
     * thousands of character n-grams do not drown the words, nor the body the title.
     */
    static final String[] BLOCKS = {"", "t:", "h:", "c:"};
    static final double[] BLOCK_WEIGHTS = {1.0, 0.7, 0.5, 0.7};

    static int block(String feature) {
        if (feature.length() > 2 && feature.charAt(1) == ':') {
            switch (feature.charAt(0)) {
                case 't':
                    return 1;
                case 'h':
                    return 2;
                case 'c':
                    return 3;
                default:
                    return 0;
            }
        }
        return 0;
    }

    /** 1 + ln(tf) for the small counts most features have, computed once (the same doubles as Math.log gives). */
    private static final double[] LOG_TF = new double[64];

    static {
        for (int tf = 1; tf < LOG_TF.length; tf++) {
            LOG_TF[tf] = 1 + Math.log(tf);
        }
    }

    /** The same vector as {@link #vector(Map)}, from hashed features: no string per feature. */
    Vector hashedVector(FeatureHashes.Table counts) {
        long[] keys = counts.keys();
        int[] values = counts.valuesInKeyOrder();
        int[] slot = new int[keys.length];
        long[] present = new long[keys.length]; // row << 32 | place in keys, sorted by row (the sums' order)
        int m = 0;
        for (int j = 0; j < keys.length; j++) {
            int s = rows.find(keys[j]);
            if (s >= 0) {
                slot[j] = s;
                present[m++] = (long) rows.row(s) << 32 | j;
            }
        }
        sortByRow(present, m, rowBits());
        int[] idx = new int[m];
        double[] val = new double[m];
        int[] from = new int[m];
        int[] to = new int[m];
        byte[] block = new byte[m];
        double[] norm = new double[BLOCKS.length];
        for (int i = 0; i < m; i++) {
            int j = (int) present[i];
            int s = slot[j];
            idx[i] = (int) (present[i] >>> 32);
            val[i] = (values[j] < LOG_TF.length ? LOG_TF[values[j]] : 1 + Math.log(values[j])) * rows.idf(s);
            block[i] = (byte) rows.block(s);
            from[i] = rows.start(s);
            to[i] = rows.end(s);
            norm[block[i]] += val[i] * val[i];
        }
        // Ask for every row's first weights now, in a loop without branches, so that their cache misses overlap; the
        // sums' inner loop (a length per row) cannot overlap them. Issue 13: classifying the sample PDFs 14.2 -> 11.7 ms.
        int last = cellClass.length - 1;
        int touched = 0;
        for (int i = 0; last >= 0 && i < m; i++) { // a model whose weights are all zero has no cell to read
            int j = Math.min(from[i], last);
            touched += cellClass[j] + Float.floatToRawIntBits(cellWeight[j]);
        }
        warmed = touched;
        for (int i = 0; i < m; i++) {
            int b = block[i];
            val[i] = val[i] / Math.sqrt(norm[b]) * BLOCK_WEIGHTS[b];
        }
        return new Vector(idx, val, from, to);
    }

    /** The bits of the highest row number (the radix sort's passes). */
    private int rowBits() {
        return 32 - Integer.numberOfLeadingZeros(Math.max(1, names.length - 1));
    }

    /**
     * Sorts {@code a[0, m)} by the row in their high 32 bits, which are distinct (so, by the whole long): least
     * significant digit first, 8 bits a pass, as many passes as {@code rowBits} needs. A quicksort of a document's ~700
     * features was 8 % of classifying (JFR, issue 13, round 21); two or three counting passes do not branch on the data.
     */
    static void sortByRow(long[] a, int m, int rowBits) {
        long[] from = a;
        long[] to = new long[m];
        int[] count = new int[257];
        for (int shift = 32; shift < 32 + rowBits; shift += 8) {
            Arrays.fill(count, 0);
            for (int i = 0; i < m; i++) {
                count[(int) (from[i] >>> shift & 0xFF) + 1]++;
            }
            for (int d = 0; d < 256; d++) {
                count[d + 1] += count[d];
            }
            for (int i = 0; i < m; i++) {
                to[count[(int) (from[i] >>> shift & 0xFF)]++] = from[i];
            }
            long[] swap = from;
            from = to;
            to = swap;
        }
        if (from != a) {
            System.arraycopy(from, 0, a, 0, m);
        }
    }

    private Vector vector(Map<String, Integer> counts, Map<String, Integer> index, double[] idf) {
        Vector v = unspanned(counts, index, idf);
        int[] from = new int[v.idx.length];
        int[] to = new int[v.idx.length];
        for (int i = 0; i < from.length; i++) {
            from[i] = cellStart[v.idx[i]];
            to[i] = cellEnd(v.idx[i]);
        }
        return new Vector(v.idx, v.val, from, to);
    }

    /** The vector without spans of weights (training, before there are weights). */
    static Vector unspanned(Map<String, Integer> counts, Map<String, Integer> index, double[] idf) {
        List<int[]> present = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            Integer i = index.get(e.getKey());
            if (i != null) {
                present.add(new int[] {i, e.getValue(), block(e.getKey())});
            }
        }
        present.sort(Comparator.comparingInt(a -> a[0]));
        int[] idx = new int[present.size()];
        double[] val = new double[present.size()];
        double[] norm = new double[BLOCKS.length];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = present.get(j)[0];
            val[j] = (1 + Math.log(present.get(j)[1])) * idf[idx[j]];
            norm[present.get(j)[2]] += val[j] * val[j];
        }
        for (int j = 0; j < val.length; j++) {
            int b = present.get(j)[2];
            val[j] = val[j] / Math.sqrt(norm[b]) * BLOCK_WEIGHTS[b];
        }
        return new Vector(idx, val, null, null);
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    // ---- training -----------------------------------------------------------------------------

    /** One labelled document of the corpus. */
    public record Example(String text, String label) {
    }

    /**
     * Trains with full-batch gradient descent (AdaGrad) on the softmax loss with L2 regularisation.
     * Features seen in fewer than {@code minDocs} documents are dropped.
     */
    public static TypeModel train(List<Example> examples, int minDocs, int epochs, double l2) {
        List<String> classes = examples.stream().map(Example::label).distinct().sorted().toList();
        Map<String, Integer> classIndex = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            classIndex.put(classes.get(i), i);
        }
        List<Map<String, Integer>> counts = examples.stream().map(e -> FrenchText.features(e.text())).toList();
        Map<String, Integer> df = new HashMap<>();
        for (Map<String, Integer> c : counts) {
            for (String f : c.keySet()) {
                df.merge(f, 1, Integer::sum);
            }
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        df.entrySet().stream().filter(e -> e.getValue() >= (block(e.getKey()) == 3 ? minDocs + 2 : minDocs)).map(Map.Entry::getKey).sorted()
                .forEach(f -> index.put(f, index.size()));
        int n = examples.size();
        double[] idf = new double[index.size()];
        index.forEach((f, i) -> idf[i] = Math.log((1.0 + n) / (1.0 + df.get(f))) + 1);
        List<Vector> xs = counts.stream().map(c -> unspanned(c, index, idf)).toList();
        int k = classes.size();
        // each class weighs the same in the loss, however many documents it has (8 for a type only the
        // independent writers cover, 40 and more for the generator's types)
        int[] perClass = new int[k];
        examples.forEach(e -> perClass[classIndex.get(e.label())]++);
        double[] sampleWeight = new double[examples.size()];
        for (int s = 0; s < sampleWeight.length; s++) {
            sampleWeight[s] = examples.size() / (double) (k * perClass[classIndex.get(examples.get(s).label())]);
        }
        int d = index.size();
        double[][] w = new double[d][k];
        double[] b = new double[k];
        double[][] gw2 = new double[d][k];
        double[] gb2 = new double[k];
        double rate = 0.5;
        for (int epoch = 0; epoch < epochs; epoch++) {
            double[][] gw = new double[d][k];
            double[] gb = new double[k];
            for (int s = 0; s < n; s++) {
                Vector x = xs.get(s);
                double[] z = b.clone();
                for (int j = 0; j < x.idx.length; j++) {
                    double[] wj = w[x.idx[j]];
                    for (int c = 0; c < k; c++) {
                        z[c] += wj[c] * x.val[j];
                    }
                }
                double[] p = softmax(z);
                p[classIndex.get(examples.get(s).label())] -= 1;
                double sw = sampleWeight[s] / n;
                for (int c = 0; c < k; c++) {
                    p[c] *= sw;
                    gb[c] += p[c];
                }
                for (int j = 0; j < x.idx.length; j++) {
                    double[] g = gw[x.idx[j]];
                    for (int c = 0; c < k; c++) {
                        g[c] += p[c] * x.val[j];
                    }
                }
            }
            for (int f = 0; f < d; f++) {
                for (int c = 0; c < k; c++) {
                    double g = gw[f][c] + l2 * w[f][c];
                    gw2[f][c] += g * g;
                    w[f][c] -= rate * g / (Math.sqrt(gw2[f][c]) + 1e-8);
                }
            }
            for (int c = 0; c < k; c++) {
                gb2[c] += gb[c] * gb[c];
                b[c] -= rate * gb[c] / (Math.sqrt(gb2[c]) + 1e-8);
            }
        }
        float[][] weights = new float[d][k];
        for (int f = 0; f < d; f++) {
            for (int c = 0; c < k; c++) {
                weights[f][c] = (float) w[f][c];
            }
        }
        return new TypeModel(classes, index, idf, weights, b);
    }

    // ---- a readable file ---------------------------------------------------------------------

    /**
     * Writes the model: {@code #classes}, {@code #bias}, then one line per feature:
     * {@code feature <TAB> idf <TAB> class=weight ...} (weights under {@link #KEPT_WEIGHT} left out: at 0.03
     * the model is a quarter of its full size and classifies the same within 0.4 points).
     */
    static final float KEPT_WEIGHT = 0.03f;

    public void write(Writer out) throws IOException {
        out.write("# dmp-ingest document type model: multinomial logistic regression over French stems and bigrams, title, headings and character n-grams\n");
        out.write("# retrain: java -jar target/dmp-ingest.jar classify --train classify-corpus/train --train classify-corpus/writers-train --relabels classify-corpus/relabels.csv --model <file>\n");
        out.write("#classes\t" + String.join("\t", classes) + "\n");
        StringBuilder sb = new StringBuilder("#bias");
        for (double v : bias) {
            sb.append('\t').append(String.format(Locale.ROOT, "%.5f", v));
        }
        out.write(sb.append('\n').toString());
        out.write(String.format(Locale.ROOT, "#temperature\t%.4f%n", temperature));
        if (acceptRule != AcceptRule.NONE) {
            out.write(String.format(Locale.ROOT, "#accept\t%.4f\t%.4f%n", acceptRule.minProbability(), acceptRule.ratio()));
        }
        String[] byIndex = names;
        out.write("#features\t" + byIndex.length + "\n"); // read() sizes its arrays once
        float[][] weights = weights();
        for (int f = 0; f < byIndex.length; f++) {
            StringBuilder line = new StringBuilder(byIndex[f]).append('\t').append(String.format(Locale.ROOT, "%.5f", idf[f]));
            for (int c = 0; c < classes.size(); c++) {
                if (Math.abs(weights[f][c]) >= KEPT_WEIGHT) {
                    line.append('\t').append(classes.get(c)).append('=').append(String.format(Locale.ROOT, "%.4f", weights[f][c]));
                }
            }
            out.write(line.append('\n').toString());
        }
    }

    /**
     * The class named in {@code line[from, to)}: the file writes a row's weights in the classes' order, so the search
     * starts at the class after the previous one ({@code after}) and only a file written otherwise pays a lookup.
     */
    private static int classOf(List<String> classes, Map<String, Integer> classIndex, String line, int from, int to, int after)
            throws IOException {
        int length = to - from;
        for (int c = after; c < classes.size(); c++) {
            String name = classes.get(c);
            if (name.length() == length && line.startsWith(name, from)) {
                return c;
            }
        }
        Integer c = classIndex.get(line.substring(from, to));
        if (c == null) {
            throw new IOException("model weight for a class not in #classes");
        }
        return c;
    }

    public static TypeModel read(BufferedReader in) throws IOException {
        List<String> classes = null;
        double[] bias = null;
        double temperature = 1.0;
        AcceptRule rule = AcceptRule.NONE;
        // rows straight into growing arrays: a list of one small array per feature cost the 128 MB job its heap
        String[] names = new String[1 << 16];
        double[] idf = new double[1 << 16];
        Sparse.Builder weights = null;
        int n = 0;
        Map<String, Integer> classIndex = new HashMap<>();
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("#classes\t")) {
                classes = List.of(line.substring(9).split("\t"));
                for (int i = 0; i < classes.size(); i++) {
                    classIndex.put(classes.get(i), i);
                }
            } else if (line.startsWith("#bias\t")) {
                bias = Arrays.stream(line.substring(6).split("\t")).mapToDouble(Double::parseDouble).toArray();
            } else if (line.startsWith("#temperature\t")) {
                temperature = Double.parseDouble(line.substring(13));
            } else if (line.startsWith("#features\t") && classes != null && n == 0) {
                int count = Integer.parseInt(line.substring(10).strip());
                names = new String[Math.max(1, count)];
                idf = new double[names.length];
                weights = new Sparse.Builder(names.length, classes.size());
            } else if (line.startsWith("#accept\t")) {
                String[] parts = line.split("\t");
                rule = new AcceptRule(Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
            } else if (!line.startsWith("#") && !line.isBlank()) {
                if (classes == null) {
                    throw new IOException("not a type model file");
                }
                int k = classes.size();
                if (n == names.length) {
                    names = Arrays.copyOf(names, n * 2);
                    idf = Arrays.copyOf(idf, n * 2);
                }
                if (weights == null) {
                    weights = new Sparse.Builder(names.length, k);
                }
                // read in place, no string per cell: a substring, its hash and Float.parseFloat per weight were most of the load
                int nameEnd = line.indexOf('\t');
                if (nameEnd < 0) {
                    throw new IOException("model feature " + (n + 1) + ": no idf");
                }
                int idfEnd = line.indexOf('\t', nameEnd + 1);
                names[n] = line.substring(0, nameEnd);
                idf[n] = DecimalText.parseDouble(line, nameEnd + 1, idfEnd < 0 ? line.length() : idfEnd);
                // in the file's order: each class's sum still runs over the features in order, so the same sums
                int c = 0;
                for (int at = idfEnd; at >= 0; ) {
                    int next = line.indexOf('\t', at + 1);
                    int end = next < 0 ? line.length() : next;
                    if (end == at + 1) { // an empty cell, as split() dropped
                        at = next;
                        continue;
                    }
                    int eq = line.lastIndexOf('=', end - 1);
                    if (eq <= at) {
                        throw new IOException("model feature " + (n + 1) + ": a weight without its class");
                    }
                    c = classOf(classes, classIndex, line, at + 1, eq, c);
                    weights.add(c, DecimalText.parseFloat(line, eq + 1, end));
                    at = next;
                }
                weights.endRow();
                n++;
            }
        }
        if (classes == null || bias == null) {
            throw new IOException("not a type model file");
        }
        TypeModel m = new TypeModel(classes, names.length == n ? names : Arrays.copyOf(names, n),
                idf.length == n ? idf : Arrays.copyOf(idf, n),
                (weights == null ? new Sparse.Builder(0, classes.size()) : weights).build(), bias, temperature);
        m.acceptRule = rule;
        return m;
    }
}
