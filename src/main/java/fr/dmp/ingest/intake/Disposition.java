package fr.dmp.ingest.intake;

import fr.dmp.ingest.domain.ReasonCode;

import java.time.Instant;
import java.util.List;

/**
 * The recorded outcome of one claimed file, written in the same transaction as its documents. After
 * a crash, a claimed file with a disposition is only moved where this says; one without is processed
 * again (shared/design.md, "Why a disposition record").
 *
 * @param items        one entry per item, in file order; a file-level refusal is a single entry
 */
public record Disposition(
        String token,
        String feed,
        String originalName,
        String companionName,
        String sha256,
        long size,
        FileOutcome outcome,
        List<ItemOutcome> items,
        long jobExecutionId,
        Instant decidedAt) {

    public Disposition {
        items = List.copyOf(items);
    }

    /** The outcome of one item (message, document) of a file. */
    public record ItemOutcome(int index, Kind kind, String typeCode, ReasonCode reason, String detail) {
        public enum Kind { STORED, DUPLICATE, REJECTED }

        public static ItemOutcome stored(int index, String typeCode) {
            return new ItemOutcome(index, Kind.STORED, typeCode, null, null);
        }

        public static ItemOutcome duplicate(int index, String typeCode) {
            return new ItemOutcome(index, Kind.DUPLICATE, typeCode, null, null);
        }

        public static ItemOutcome rejected(int index, ReasonCode reason, String detail) {
            return new ItemOutcome(index, Kind.REJECTED, null, reason, detail);
        }
    }

    @Override
    public String toString() {
        return "Disposition[" + token + ", " + outcome + ", " + items.size() + " items]";
    }

    /** A file is quarantined when any item was rejected, a duplicate when all items were, stored otherwise. */
    public static FileOutcome outcomeOf(List<ItemOutcome> items) {
        if (items.isEmpty() || items.stream().anyMatch(i -> i.kind() == ItemOutcome.Kind.REJECTED)) {
            return FileOutcome.QUARANTINED;
        }
        if (items.stream().allMatch(i -> i.kind() == ItemOutcome.Kind.DUPLICATE)) {
            return FileOutcome.DUPLICATE;
        }
        return FileOutcome.STORED;
    }

    /** The file's one primary reason: that of its first rejected item. */
    public ReasonCode primaryReason() {
        return items.stream().filter(i -> i.kind() == ItemOutcome.Kind.REJECTED).map(ItemOutcome::reason)
                .findFirst().orElse(null);
    }

    public List<ItemOutcome> rejections() {
        return items.stream().filter(i -> i.kind() == ItemOutcome.Kind.REJECTED).toList();
    }
}
