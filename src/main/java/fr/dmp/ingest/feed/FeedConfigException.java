package fr.dmp.ingest.feed;

/** A feed file that cannot be used; the message is one line naming the file and the field. */
public class FeedConfigException extends RuntimeException implements fr.dmp.ingest.domain.SafeToPrint {
    public FeedConfigException(String message) {
        super(message);
    }
}
