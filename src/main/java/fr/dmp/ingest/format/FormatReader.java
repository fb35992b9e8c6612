package fr.dmp.ingest.format;


import java.util.List;

/**
 * Turns the bytes of one input file into items. One implementation per format; readers know nothing
 * of Spring, the database or the dossier (shared/design.md).
 */
public interface FormatReader {

    SourceFormat format();

    /**
     * Reads a whole input. Implementations throw only for failures that are not the input's fault;
     * a malformed input yields {@link Unreadable} items.
     */
    List<ReadItem> read(InputFile input, ReadContext context);
}
