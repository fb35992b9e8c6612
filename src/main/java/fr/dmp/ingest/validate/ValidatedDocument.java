package fr.dmp.ingest.validate;

import fr.dmp.ingest.classify.ClassifiedDocument;
import fr.dmp.ingest.domain.IdentityStatus;
import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.SourceDocument;

/**
 * A classified document whose identity and metadata passed the checks: the INS it is filed under, the
 * identity status the source stated (null when it stated none and the feed accepts that).
 */
public record ValidatedDocument(ClassifiedDocument document, Ins ins, IdentityStatus statusSeen) {

    public SourceDocument source() {
        return document.source();
    }

    public Traits traits() {
        return document.source().patient().traits();
    }
}
