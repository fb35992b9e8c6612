package fr.dmp.ingest.format;

import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.feed.SourceFormat;

import java.util.List;

/**
 * A document as a reader found it: identity as found, metadata as found, content, observations.
 * Nothing here is checked yet; {@code problems} lists what the reader noticed but could read past
 * (an unparseable date, a missing mandatory field) for validation to decide on.
 *
 * @param repairs  how many lenient repairs the reader made (unescaped delimiters and the like)
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
        int repairs) implements ReadItem {

    public SourceDocument {
        observations = observations == null ? List.of() : List.copyOf(observations);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
