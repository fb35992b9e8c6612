package fr.dmp.ingest.domain;

import java.util.Objects;

/**
 * A refusal with its machine-readable reason and a detail for the operator. The detail never holds
 * a full INS, a name or a birth date (reasons.md): build it with {@link Ins#masked()}.
 */
public record Rejection(ReasonCode reason, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        // a value a sender wrote may be an INS (a NIR put in TXA-18 or a confidentialityCode was written whole in the
        // reason file, round 29, an attacker): every detail is masked where it is made, whatever built it
        detail = detail == null ? "" : InsInText.masked(detail);
    }

    public static Rejection of(ReasonCode reason, String detail) {
        return new Rejection(reason, detail);
    }

    /** An unexpected failure: the exception class only, never its message (it may carry data). */
    /**
     * The failure's class, and its message when we wrote it without data ({@link SafeToPrint}: a store failure
     * then names the database's error class and SQLState, which the operator needs); a library's message may
     * quote the input, so it is never copied.
     */
    public static Rejection internalError(Throwable t) {
        String message = t instanceof SafeToPrint ? t.getMessage() : null;
        return new Rejection(ReasonCode.INTERNAL_ERROR,
                message == null || message.isBlank() ? t.getClass().getName() : t.getClass().getName() + ": " + message.strip());
    }
}
