package fr.dmp.ingest.classify;

import java.util.Map;

/**
 * A feed's classification settings (jobs/<feed>.yml, {@code classification}): the confidence under
 * which a document is refused, the confidence the content needs to overrule a sidecar's type hint,
 * and the table of the sender's local codes (by field: {@code TXA-2}, {@code OBR-4}) to DMP types.
 */
public record ClassifyPolicy(double threshold, double overrideThreshold, Map<String, Map<String, String>> localCodes) {

    public static final double DEFAULT_THRESHOLD = 0.6;
    public static final double DEFAULT_OVERRIDE = 0.9;

    public ClassifyPolicy {
        localCodes = Map.copyOf(localCodes);
    }

    public static ClassifyPolicy defaults() {
        return new ClassifyPolicy(DEFAULT_THRESHOLD, DEFAULT_OVERRIDE, Map.of());
    }

    /** The DMP type the sender's code maps to, by the field it came in. */
    public String localCode(String field, String code) {
        Map<String, String> table = localCodes.get(field);
        return table == null || code == null ? null : table.get(code.strip());
    }
}
