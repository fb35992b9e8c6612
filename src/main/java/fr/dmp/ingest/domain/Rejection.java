package fr.dmp.ingest.domain;

import java.util.Objects;

/**
 * A refusal with its machine-readable reason and a detail for the operator. The detail never holds
 * a full INS, a name or a birth date (reasons.md): build it with {@link Ins#masked()}.
 */
public record Rejection(ReasonCode reason, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }

    public static Rejection of(ReasonCode reason, String detail) {
        return new Rejection(reason, detail);
    }

    /** An unexpected failure: the exception class only, never its message (it may carry data). */
    public static Rejection internalError(Throwable t) {
        return new Rejection(ReasonCode.INTERNAL_ERROR, t.getClass().getName());
    }
}
