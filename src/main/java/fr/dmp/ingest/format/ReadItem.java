package fr.dmp.ingest.format;

/** One item of an input file as a reader returns it: a document, or an item it could not read. */
public sealed interface ReadItem permits SourceDocument, Unreadable {

    /** Position of the item in its file, from 1. */
    int index();

    /**
     * The items numbered 1..n in file order, in place: one message may give several items (an ORU of several patients
     * or documents, an HPRIM message of several patients), so a reader numbers them once all are read.
     */
    static java.util.List<ReadItem> numberedInOrder(java.util.List<ReadItem> items) {
        for (int i = 0; i < items.size(); i++) {
            ReadItem item = items.get(i);
            if (item.index() != i + 1) {
                items.set(i, item instanceof SourceDocument d ? d.withIndex(i + 1) : new Unreadable(i + 1, ((Unreadable) item).rejection()));
            }
        }
        return items;
    }
}
