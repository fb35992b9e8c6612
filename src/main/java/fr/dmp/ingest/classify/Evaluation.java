package fr.dmp.ingest.classify;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The classifier's figures on a labelled folder: of the documents with a type, the share accepted and
 * the accuracy of those accepted; of the {@code UNKNOWN} ones, the share refused; precision and recall
 * per type; the confusion matrix (expected → predicted, {@code REFUSED} for a refusal).
 */
public final class Evaluation {

    public static final String REFUSED = "REFUSED";

    private final Map<String, Map<String, Integer>> confusion = new TreeMap<>();
    private int documents;
    private static final int BINS = 10;
    private final double[] binConfidence = new double[BINS];
    private final int[] binRight = new int[BINS];
    private final int[] binCount = new int[BINS];

    /** The content model's top probability for a document and whether that top label was right. */
    public void addConfidence(double confidence, boolean right) {
        int b = Math.min(BINS - 1, (int) (confidence * BINS));
        binConfidence[b] += confidence;
        binRight[b] += right ? 1 : 0;
        binCount[b]++;
    }

    /** Expected calibration error over 10 equal-width bins: sum of |accuracy - confidence| weighted by the bin's share. */
    public double expectedCalibrationError() {
        int n = 0;
        for (int c : binCount) {
            n += c;
        }
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (binCount[b] > 0) {
                ece += Math.abs(binRight[b] - binConfidence[b]) / n;
            }
        }
        return ece;
    }

    public void add(String expected, String predicted) {
        documents++;
        confusion.computeIfAbsent(expected, k -> new TreeMap<>()).merge(predicted, 1, Integer::sum);
    }

    public int documents() {
        return documents;
    }

    private int count(String expected, String predicted) {
        return confusion.getOrDefault(expected, Map.of()).getOrDefault(predicted, 0);
    }

    private int row(String expected) {
        return confusion.getOrDefault(expected, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    public double accepted() {
        int typed = 0;
        int refused = 0;
        for (String e : confusion.keySet()) {
            if (!ContentClassifier.UNKNOWN.equals(e)) {
                typed += row(e);
                refused += count(e, REFUSED);
            }
        }
        return typed == 0 ? 1 : (typed - refused) / (double) typed;
    }

    public double acceptedAccuracy() {
        int accepted = 0;
        int right = 0;
        for (String e : confusion.keySet()) {
            if (ContentClassifier.UNKNOWN.equals(e)) {
                continue;
            }
            accepted += row(e) - count(e, REFUSED);
            right += count(e, e);
        }
        return accepted == 0 ? 1 : right / (double) accepted;
    }

    public double unknownRefused() {
        int unknown = row(ContentClassifier.UNKNOWN);
        return unknown == 0 ? 1 : count(ContentClassifier.UNKNOWN, REFUSED) / (double) unknown;
    }

    /** Types seen as expected or predicted, without the refusal column. */
    private List<String> types() {
        TreeSet<String> t = new TreeSet<>(confusion.keySet());
        confusion.values().forEach(m -> t.addAll(m.keySet()));
        t.remove(REFUSED);
        t.remove(ContentClassifier.UNKNOWN);
        return new ArrayList<>(t);
    }

    public double precision(String type) {
        int predicted = 0;
        for (String e : confusion.keySet()) {
            predicted += count(e, type);
        }
        return predicted == 0 ? 1 : count(type, type) / (double) predicted;
    }

    public double recall(String type) {
        int n = row(type);
        return n == 0 ? 1 : count(type, type) / (double) n;
    }

    public String toJson() {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode n = json.createObjectNode();
        n.put("documents", documents);
        n.put("accepted", round(accepted()));
        n.put("acceptedAccuracy", round(acceptedAccuracy()));
        n.put("unknownRefused", round(unknownRefused()));
        n.put("ece", round(expectedCalibrationError()));
        ObjectNode per = n.putObject("perType");
        for (String t : types()) {
            ObjectNode o = per.putObject(t);
            o.put("precision", round(precision(t)));
            o.put("recall", round(recall(t)));
            o.put("support", row(t));
        }
        ObjectNode c = n.putObject("confusion");
        confusion.forEach((e, row) -> {
            ObjectNode r = c.putObject(e);
            row.forEach(r::put);
        });
        return n.toString();
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "documents %d, accepted %.1f%%, accuracy of accepted %.1f%%, UNKNOWN refused %.1f%%, ECE %.3f%n",
                documents, 100 * accepted(), 100 * acceptedAccuracy(), 100 * unknownRefused(), expectedCalibrationError()));
        sb.append(String.format(Locale.ROOT, "%-12s %9s %9s %8s%n", "type", "precision", "recall", "support"));
        for (String t : types()) {
            sb.append(String.format(Locale.ROOT, "%-12s %9.3f %9.3f %8d%n", t, precision(t), recall(t), row(t)));
        }
        sb.append("confusion (expected -> predicted: count)\n");
        confusion.forEach((e, row) -> sb.append("  ").append(e).append(" -> ").append(row).append('\n'));
        return sb.toString();
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
