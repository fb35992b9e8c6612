package fr.dmp.ingest.store;

import fr.dmp.ingest.classify.Classification;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.link.Dossier;
import fr.dmp.ingest.validate.ValidatedDocument;

/** A validated document on its way into the store, with its place in the chunk and what the write has decided so far. */
final class PendingDocument {
    final FileWork file;
    final ValidatedDocument doc;
    final int index;
    Dossier dossier;
    String uid;
    String setId;
    Long replacesId;
    /** rules.md R5, R13: codes the patient's maskings put on the version this one replaces, kept on it */
    java.util.List<String> keptMaskings = java.util.List.of();
    long id;
    boolean deferred;
    /** the first copy of the same document in this chunk */
    PendingDocument copyOf;

    PendingDocument(FileWork file, ValidatedDocument doc, int index) {
        this.file = file;
        this.doc = doc;
        this.index = index;
    }

    SourceDocument source() {
        return doc.source();
    }

    Classification classification() {
        return doc.document().classification();
    }

    String typeCode() {
        return classification().type().code();
    }

    Long dossierId() {
        return dossier == null ? null : dossier.id();
    }

    /** An explicit replacement (CDA RPLC, MDM^T10, sidecar, HL7 corrected result): its target must exist. */
    boolean explicitReplacement() {
        return source().meta().replacesId() != null || "C".equals(source().meta().resultStatus());
    }
}
