package fr.dmp.ingest.validate;

import fr.dmp.ingest.format.InsSelector;

import fr.dmp.ingest.classify.ClassifiedDocument;
import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.ConfidentialityCodes;
import fr.dmp.ingest.domain.IdentityStatus;
import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Verdict;
import fr.dmp.ingest.format.SourceDocument;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Pure checks of one classified document: the INS (key and OID, ins.md), the identity status the
 * source states, the characters of the identity traits ({@link TraitCharacters}), the mandatory metadata
 * and the dates. Checks run in that order and the first
 * failure is the item's reason.
 */
public final class DocumentValidator {

    /** Clocks of senders drift: a creation time a little ahead of ours is not an error. */
    static final Duration FUTURE_TOLERANCE = Duration.ofHours(1);

    /** A time more than {@link #FUTURE_TOLERANCE} after {@code now}: a document's creation or an event's (reasons.md DATE_INVALID). */
    static boolean inTheFuture(Instant time, Instant now) {
        return time.isAfter(now.plus(FUTURE_TOLERANCE));
    }

    /**
     * No health record is older: a year {@code 0000} or {@code 0001} (a LIS writing "unknown") parsed, then failed in the
     * database as an internal error (round 28, a tester on STARLIMS messages); refused here, naming the field, for every
     * format.
     */
    static final Instant EARLIEST = Instant.parse("1850-01-01T00:00:00Z");

    static boolean beforeAnyRecord(Instant time) {
        return time.isBefore(EARLIEST);
    }

    static boolean bornBeforeAnyRecord(BirthDate born) {
        return born.year() < 1850;
    }

    /** A birth date all of which (a year, a month: its first day) is after tomorrow in UTC. */
    static boolean bornInTheFuture(BirthDate born, Instant now) {
        return born.earliest().isAfter(LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).plusDays(1));
    }

    private final IdentityRules rules;
    private final Clock clock;
    /** The feed's FINESS (sender.finess): the author institution of a document that names none (feeds.md). */
    private final String feedFiness;

    public DocumentValidator(IdentityRules rules, Clock clock) {
        this(rules, clock, null);
    }

    public DocumentValidator(IdentityRules rules, Clock clock, String feedFiness) {
        this.rules = rules;
        this.clock = clock;
        this.feedFiness = feedFiness;
    }

    public Verdict<ValidatedDocument> validate(ClassifiedDocument classified) {
        SourceDocument doc = classified.source();
        Verdict<Ins> ins = InsSelector.select(doc.patient().identifiers(), rules.insMode(), rules.legacyNirOid());
        if (ins instanceof Verdict.Refused<Ins> refused) {
            return Verdict.refuse(refused.rejection());
        }
        Ins selected = ((Verdict.Accepted<Ins>) ins).value();

        String stated = doc.patient().statedStatus();
        Optional<Rejection> statusProblem = rules.statusProblem(stated);
        if (statusProblem.isPresent()) {
            return Verdict.refuse(statusProblem.get());
        }
        IdentityStatus status = stated == null ? null : IdentityStatus.parse(stated).orElseThrow();

        // ins.md (traits, second round): the referential's traits hold only Latin letters, space, hyphen and
        // apostrophe; a name with a Greek or Cyrillic letter "is not a name — refuse the document, never open a
        // dossier with it". IDENTITY_NOT_QUALIFIED (reasons.md): a qualified identity is one whose traits are the
        // INS referential's, so traits the referential cannot hold are no qualified identity, whatever status
        // the source states, and whatever format brought them. Not ENCODING_INVALID: the bytes may be valid in
        // their character set (a wrong MSH-18 is one cause among others, a sidecar in UTF-8 another); not
        // IDENTITY_MISMATCH: no dossier was compared. The detail names the trait and the kind of character only.
        Optional<String> traits = TraitCharacters.problem(doc.patient().traits());
        if (traits.isPresent()) {
            return Verdict.refuse(ReasonCode.IDENTITY_NOT_QUALIFIED, traits.get());
        }

        // the reader's own findings: a missing field or an unparseable date
        for (ReasonCode code : new ReasonCode[] {ReasonCode.METADATA_MISSING, ReasonCode.DATE_INVALID}) {
            for (Rejection problem : doc.problems()) {
                if (problem.reason() == code) {
                    return Verdict.refuse(problem);
                }
            }
        }
        if (!doc.problems().isEmpty()) {
            return Verdict.refuse(doc.problems().get(0));
        }
        // ins.md: an INS is used with the traits that identify its holder. A document that names only an INS compared
        // nothing with its dossier and was stored (round 17's tester: empty PID-5/7/8, names "-" or blank); sex and
        // birth place are compared when given (many senders leave them out), and a dossier is opened only with sex too
        List<String> lacking = doc.patient().traits().absent(false);
        if (!lacking.isEmpty()) {
            return Verdict.refuse(ReasonCode.METADATA_MISSING, "identity traits that must come with the INS: "
                    + String.join(", ", lacking));
        }
        if (doc.meta().creationTime() == null) {
            return Verdict.refuse(ReasonCode.METADATA_MISSING, "creation time");
        }
        // the store writes the document's author organisation, else the feed's FINESS (never MSH-4): found on
        // HAPI's and C-CDA's examples, refused for an empty MSH-4 although the feed names its establishment
        if (doc.meta().authorOrg() == null && feedFiness == null) {
            return Verdict.refuse(ReasonCode.METADATA_MISSING, "author institution");
        }
        for (String code : doc.meta().confidentiality()) {
            if (!ConfidentialityCodes.isKnown(code)) { // codes.md, also the store's CHECK
                // rules.md R6: a flag is never dropped, so one we cannot keep refuses the document
                String shown = code.replaceAll("[^\\p{Alnum}_.-]", "?"); // a source's bytes, bounded and printable
                return Verdict.refuse(ReasonCode.METADATA_INVALID, "confidentiality code "
                        + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown)
                        + " not in the list of confidentiality codes (docs/identifiers.md)");
            }
        }
        List<String> levels = doc.meta().confidentiality().stream().filter(fr.dmp.ingest.domain.ConfidentialityCodes::isLevel)
                .distinct().toList();
        if (levels.size() > 1) {
            // rules.md R6: a document has one HL7 level; [N, V] was stored, and a reader taking the first code saw a very
            // restricted document as normal (round 29, a tester): which one the sender meant is for the sender to say
            return Verdict.refuse(ReasonCode.METADATA_INVALID, "confidentiality levels " + String.join(" and ", levels)
                    + " both stated: one HL7 level per document (N, R or V)");
        }
        Instant now = clock.instant();
        if (inTheFuture(doc.meta().creationTime(), now)) {
            return Verdict.refuse(ReasonCode.DATE_INVALID, "creation time in the future");
        }
        if (beforeAnyRecord(doc.meta().creationTime())) {
            return Verdict.refuse(ReasonCode.DATE_INVALID, "creation time before 1850");
        }
        for (var o : doc.observations()) {
            if (o.observedAt() != null && beforeAnyRecord(o.observedAt())) {
                return Verdict.refuse(ReasonCode.DATE_INVALID, "result " + o.seq() + ": observation time before 1850");
            }
            if (o.observedAt() != null && inTheFuture(o.observedAt(), now)) {
                return Verdict.refuse(ReasonCode.DATE_INVALID, "result " + o.seq() + ": observation time in the future");
            }
        }
        BirthDate born = doc.patient().traits().birthDate();
        if (born != null) {
            if (bornBeforeAnyRecord(born)) {
                return Verdict.refuse(ReasonCode.DATE_INVALID, "birth date before 1850");
            }
            // a partial birth date (a year, a month) is in the future, or after the document, only when all of it is
            if (bornInTheFuture(born, now)) {
                return Verdict.refuse(ReasonCode.DATE_INVALID, "birth date in the future");
            }
            if (born.after(doc.meta().creationTime())) {
                return Verdict.refuse(ReasonCode.DATE_INVALID, "creation time before the birth date");
            }
        }
        return Verdict.accept(new ValidatedDocument(classified, selected, status));
    }
}
