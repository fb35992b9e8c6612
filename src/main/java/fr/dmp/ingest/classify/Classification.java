package fr.dmp.ingest.classify;

import java.util.List;

/**
 * The classification stage's decision for one document: its type (and so its class), how sure we are,
 * which source decided it and the evidence, kept with the document for review.
 *
 * @param source    structured | content | hint
 * @param evidence  e.g. {@code hl7:MSH-9=ORU^R01}, {@code cda:code=11490-0}
 */
public record Classification(DocumentType type, double confidence, String source, List<String> evidence) {
    public Classification {
        evidence = List.copyOf(evidence);
    }
}
