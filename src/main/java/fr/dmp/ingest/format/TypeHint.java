package fr.dmp.ingest.format;

/**
 * What the source itself says about the document's kind, before classification: a code in a code
 * system, and where it was read (the evidence, e.g. {@code hl7:MSH-9}, {@code cda:code}).
 */
public record TypeHint(String code, String codeSystem, String display, String evidence) {
}
