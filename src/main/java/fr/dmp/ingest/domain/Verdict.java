package fr.dmp.ingest.domain;

/** What a stage decides about an item: it goes on with a value, or it is refused with a reason. */
public sealed interface Verdict<T> {

    record Accepted<T>(T value) implements Verdict<T> {
    }

    record Refused<T>(Rejection rejection) implements Verdict<T> {
    }

    static <T> Verdict<T> accept(T value) {
        return new Accepted<>(value);
    }

    static <T> Verdict<T> refuse(Rejection rejection) {
        return new Refused<>(rejection);
    }

    static <T> Verdict<T> refuse(ReasonCode reason, String detail) {
        return new Refused<>(Rejection.of(reason, detail));
    }
}
