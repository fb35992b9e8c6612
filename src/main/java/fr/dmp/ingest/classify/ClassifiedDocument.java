package fr.dmp.ingest.classify;

import fr.dmp.ingest.format.SourceDocument;

/** A source document with its DMP type. */
public record ClassifiedDocument(SourceDocument source, Classification classification) {
}
