package fr.dmp.ingest.classify;

import java.util.List;
import java.util.Locale;

/**
 * The margin rule shipped with the content model (issue 13): besides the feed's threshold, a document
 * is also given its best type when that type has at least {@code minProbability} and {@code ratio} times
 * the probability of the second candidate ({@code UNKNOWN} included). Most refusals under the threshold
 * had the right type first, well ahead of the second; this accepts them without lowering the threshold
 * for documents torn between two types. Fitted by {@link #fit} on training documents held out by writer
 * (each writer of {@code classify-corpus/writers-train} predicted by a model trained without them), never on
 * the independent set. {@link #NONE}: the threshold alone.
 */
public record AcceptRule(double minProbability, double ratio) {

    public static final AcceptRule NONE = new AcceptRule(1.0, Double.POSITIVE_INFINITY);

    /** Whether the best type is accepted under this rule or the feed's threshold. */
    public boolean accepts(double best, double second, double threshold) {
        return best >= threshold || (best >= minProbability && best >= ratio * second);
    }

    /**
     * Whether the content files the document under its best label: a type (not {@code UNKNOWN}), "no clinical
     * document" under {@link ContentClassifier#NOT_CLINICAL}, and accepted by this rule or the threshold. The one
     * decision of the classifier ({@link ContentClassifier.Verdict#confident}) and of the rules fitted at training.
     */
    public boolean files(String best, double p1, double p2, double notClinical, double threshold) {
        return !ContentClassifier.UNKNOWN.equals(best) && notClinical < ContentClassifier.NOT_CLINICAL
                && accepts(p1, p2, threshold);
    }

    /**
     * One held-out prediction: the truth, the best label, its probability, the second's and that of "no clinical
     * document" (at {@link ContentClassifier#NOT_CLINICAL} or more the classifier files nothing by content).
     */
    public record HeldOut(String truth, String best, double p1, double p2, double notClinical) {
    }

    /** What a rule gives on held-out predictions. */
    public record Fit(AcceptRule rule, int typed, int accepted, int right, int unknown, int unknownAccepted) {
        public double acceptedShare() {
            return typed == 0 ? 0 : accepted / (double) typed;
        }

        public double precision() {
            return accepted + unknownAccepted == 0 ? 1 : right / (double) (accepted + unknownAccepted);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "min %.2f ratio %.1f: accepted %.1f %% (%d/%d), right %.1f %%, UNKNOWN accepted %d/%d",
                    rule.minProbability(), rule.ratio(), 100 * acceptedShare(), accepted, typed, 100 * precision(),
                    unknownAccepted, unknown);
        }
    }

    public static Fit measure(AcceptRule rule, List<HeldOut> heldOut, double threshold) {
        int typed = 0;
        int accepted = 0;
        int right = 0;
        int unknown = 0;
        int unknownAccepted = 0;
        for (HeldOut h : heldOut) {
            boolean isUnknown = ContentClassifier.UNKNOWN.equals(h.truth());
            boolean acc = rule.files(h.best(), h.p1(), h.p2(), h.notClinical(), threshold);
            if (isUnknown) {
                unknown++;
                unknownAccepted += acc ? 1 : 0;
            } else {
                typed++;
                if (acc) {
                    accepted++;
                    right += h.best().equals(h.truth()) ? 1 : 0;
                }
            }
        }
        return new Fit(rule, typed, accepted, right, unknown, unknownAccepted);
    }

    /**
     * The rule that accepts most held-out typed documents while keeping at least {@code minPrecision}
     * right on accepted and accepting no {@code UNKNOWN}; among equals, the most cautious (highest
     * minimum, then highest ratio). {@link #NONE} when no rule does better than the threshold alone.
     */
    public static Fit fit(List<HeldOut> heldOut, double threshold, double minPrecision) {
        Fit best = measure(NONE, heldOut, threshold);
        for (double min = threshold; min >= 0.149; min -= 0.05) {
            for (double r = 10; r >= 1.49; r -= 0.5) {
                Fit f = measure(new AcceptRule(Math.round(min * 100) / 100.0, r), heldOut, threshold);
                if (f.unknownAccepted() == 0 && f.precision() >= minPrecision && f.accepted() > best.accepted()) {
                    best = f;
                }
            }
        }
        return best;
    }
}
