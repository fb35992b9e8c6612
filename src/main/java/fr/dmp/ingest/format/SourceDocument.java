package fr.dmp.ingest.format;

import fr.dmp.ingest.domain.Rejection;

import java.util.List;

/**
 * A document as a reader found it: identity as found, metadata as found, content, observations.
 * Nothing here is checked yet; {@code problems} lists what the reader noticed but could read past
 * (an unparseable date, a missing mandatory field) for validation to decide on.
 *
 * @param repairs  how many lenient repairs the reader made (unescaped delimiters and the like)
 * @param flags    facts worth keeping with the document, e.g. {@code NO_TEXT_LAYER} for a scanned PDF
 */
public record SourceDocument(
        int index,
        SourceFormat format,
        String messageType,
        PatientRef patient,
        DocumentMeta meta,
        Content content,
        List<Observation> observations,
        List<Rejection> problems,
        int repairs,
        List<String> flags) implements ReadItem {

    /** A scanned PDF: stored, but flagged, and classified from metadata only. */
    public static final String NO_TEXT_LAYER = "NO_TEXT_LAYER";
    /**
     * A PDF whose text is a page or two among many scanned pages (a letter with its scanned annexes, a fax cover before a
     * scan): its text checks a sidecar's hint, but reading as no clinical document does not refuse it (a review, round 33).
     */
    public static final String PARTIAL_TEXT_LAYER = "PARTIAL_TEXT_LAYER";
    /** A lab report from which a result its sender deleted (OBX-11 D) was left out: never a new version of a stored one. */
    public static final String RESULT_DELETED = "RESULT_DELETED";

    public SourceDocument {
        observations = observations == null ? List.of() : List.copyOf(observations);
        problems = problems == null ? List.of() : List.copyOf(problems);
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    public SourceDocument(int index, SourceFormat format, String messageType, PatientRef patient, DocumentMeta meta,
                          Content content, List<Observation> observations, List<Rejection> problems, int repairs) {
        this(index, format, messageType, patient, meta, content, observations, problems, repairs, List.of());
    }

    /** Never the patient, the metadata's text or the results: they are health data. */
    @Override
    public String toString() {
        return "SourceDocument[item " + index + ", " + format + ", " + messageType + ", " + content + ", "
                + observations.size() + " results, " + problems.size() + " problems]";
    }

    /** The same document with the structured results its message carried beside it, and the repairs made reading them. */
    public SourceDocument withObservations(List<Observation> results, int resultRepairs) {
        return new SourceDocument(index, format, messageType, patient, meta, content, results, problems, repairs + resultRepairs, flags);
    }

    public SourceDocument withIndex(int newIndex) {
        return new SourceDocument(newIndex, format, messageType, patient, meta, content, observations, problems, repairs, flags);
    }
}
