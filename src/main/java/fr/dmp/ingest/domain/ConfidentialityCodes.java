package fr.dmp.ingest.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The confidentiality codes a document may carry (codes.md, rules.md R6): HL7 N/R/V and the DMP's
 * visibility codes, loaded from {@code codes/confidentiality.csv} (codes.md: the lists are data). The one
 * list of the pipeline: validation, the masking event and the database CHECK (migration V3) agree with it.
 */
public final class ConfidentialityCodes {

    /** HL7 "normal": what a document carries when nothing restricts it. */
    public static final String NORMAL = "N";
    /**
     * HL7 Confidentiality (2.16.840.1.113883.5.25), the level every DMP document carries one of, least restricted first;
     * the other codes (TRE_A07) say who sees the document, not its level (codes.md, rules.md R6).
     */
    public static final java.util.List<String> HL7_LEVELS = java.util.List.of("N", "R", "V");

    /** Whether the code is one of the HL7 levels N, R, V. */
    public static boolean isLevel(String code) {
        return HL7_LEVELS.contains(code);
    }

    /** TRE_A07 masked from health professionals: what a masking event adds when it names no code. */
    public static final String MASKED_FROM_PROFESSIONALS = "MASQUE_PS";

    private static final String RESOURCE = "codes/confidentiality.csv";
    private static final Set<String> CODES = load();

    private ConfidentialityCodes() {
    }

    /** Every known code, in the order of the resource. */
    public static Set<String> all() {
        return CODES;
    }

    public static boolean isKnown(String code) {
        return code != null && CODES.contains(code);
    }

    private static Set<String> load() {
        InputStream in = ConfidentialityCodes.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing resource " + RESOURCE);
        }
        Set<String> codes = new LinkedHashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            boolean header = true;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false; // code,system,meaning
                    continue;
                }
                codes.add(line.split(",", 2)[0].strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!codes.contains(NORMAL) || !codes.contains(MASKED_FROM_PROFESSIONALS)) {
            throw new IllegalStateException(RESOURCE + " lacks " + NORMAL + " or " + MASKED_FROM_PROFESSIONALS);
        }
        return Collections.unmodifiableSet(codes);
    }

    /** The code a masking's detail names after its document id ({@code id;CODE} or {@code id|CODE}), MASQUE_PS by default. */
    public static String maskingCode(String detail) {
        String[] parts = detail.split("[;|]", 2);
        return parts.length > 1 ? parts[1].strip().toUpperCase(java.util.Locale.ROOT) : MASKED_FROM_PROFESSIONALS;
    }
}
