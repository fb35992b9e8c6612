package fr.dmp.ingest.domain;

/**
 * Marks the exceptions whose message we wrote ourselves without data, so that the CLI may print it. Any
 * other exception is named by its class only: a library's message may quote the input.
 */
public interface SafeToPrint {
}
