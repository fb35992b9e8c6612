package fr.dmp.ingest.format;

/** One item of an input file as a reader returns it: a document, or an item it could not read. */
public sealed interface ReadItem permits SourceDocument, Unreadable {

    /** Position of the item in its file, from 1. */
    int index();
}
