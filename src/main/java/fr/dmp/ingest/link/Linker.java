package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.domain.Verdict;
import fr.dmp.ingest.validate.ValidatedDocument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a validated document may be filed in its patient's dossier (rules.md). Pure: the
 * caller loads the dossier (and creates it first when the feed's policy allows, R2).
 */
public final class Linker {

    private final DossierPolicy policy;
    private final String sourceFiness;

    /** @param sourceFiness the feed's sending organisation, checked against the patient's oppositions (R9) */
    public Linker(DossierPolicy policy, String sourceFiness) {
        this.policy = policy;
        this.sourceFiness = sourceFiness;
    }

    /** Whether a document with no dossier should have one created for it (R2). */
    public boolean createsDossiers() {
        return policy == DossierPolicy.CREATE;
    }

    /**
     * rules.md R2: the dossiers a chunk's documents need opened, one per INS that has none, with the traits
     * of its first document; none on a feed of existing dossiers.
     */
    public Map<Ins, DossierOpening> dossiersToOpen(List<ValidatedDocument> docs, Map<Ins, Dossier> found) {
        Map<Ins, DossierOpening> out = new LinkedHashMap<>();
        if (!createsDossiers()) {
            return out;
        }
        for (ValidatedDocument d : docs) {
            if (!found.containsKey(d.ins()) && missingToOpen(d.traits()).isEmpty()) {
                out.putIfAbsent(d.ins(), new DossierOpening(d.ins(), d.traits(), d.statusSeen()));
            }
        }
        return out;
    }

    /**
     * The traits a document lacks to open a dossier (names, never values): birth name, a first name, sex and
     * birth date (ins.md: the traits that must then agree). A dossier opened without them would compare nothing
     * and take any later document that names its INS (found by an independent tester: a QUAL message with PID-5,
     * 7 and 8 empty). A blank or punctuation-only name ("-", " ") is no name. The birth place is not required:
     * most HL7 and HPRIM senders do not carry it.
     */
    public static List<String> missingToOpen(Traits traits) {
        return traits.absent(true);
    }

    public Verdict<Dossier> link(ValidatedDocument doc, Dossier dossier) {
        List<String> toOpen = dossier == null && createsDossiers() ? missingToOpen(doc.traits()) : List.of();
        if (!toOpen.isEmpty()) {
            // ins.md: a dossier is opened with the traits later documents must agree with (see missingToOpen)
            return Verdict.refuse(ReasonCode.METADATA_MISSING, "identity traits needed to open a dossier: "
                    + String.join(", ", toOpen));
        }
        if (dossier == null) {
            // rules.md R2: existing-only feeds never open a dossier
            return Verdict.refuse(ReasonCode.DOSSIER_UNKNOWN, "no dossier for INS " + doc.ins().masked());
        }
        switch (dossier.status()) {
            case CLOSED -> {
                return Verdict.refuse(ReasonCode.DOSSIER_CLOSED, "dossier " + dossier.id() + " is closed"); // R3
            }
            case DECEASED -> {
                return Verdict.refuse(ReasonCode.PATIENT_DECEASED, "dossier " + dossier.id() + " closed after death"); // R4
            }
            case DELETED -> {
                // R15: deleted for good; DOSSIER_CLOSED (closed, never to reopen) rather than a new reason code
                return Verdict.refuse(ReasonCode.DOSSIER_CLOSED, "dossier " + dossier.id() + " was deleted at the patient's request");
            }
            case OPEN -> {
            }
        }
        String author = doc.source().meta().authorOrg();
        if (dossier.opposes(sourceFiness) || (author != null && dossier.opposes(author))) {
            // rules.md R9: the patient opposed feeding from this source (or from all)
            // the detail names the source opposed (a FINESS, no health data): the feed's sender or the document's author
            // organisation could not be told apart (round 29, a tester)
            String which = dossier.opposedSources().contains(Dossier.ALL_SOURCES) ? " from every source"
                    : dossier.opposedSources().contains(sourceFiness) ? " from this source (the feed's sender, FINESS " + sourceFiness + ")"
                    : " from this source (the document's author organisation, " + fr.dmp.ingest.domain.InsInText.masked(author) + ")";
            return Verdict.refuse(ReasonCode.DOSSIER_OPPOSITION, "the patient opposed feeding of dossier " + dossier.id() + which);
        }
        List<String> lacking = missingToOpen(dossier.traits());
        if (!lacking.isEmpty()) {
            // a dossier opened before round 17 without these traits compares nothing and would take anyone's document
            // naming its INS: identity vigilance completes it first (a qualified identity update adds missing traits)
            return Verdict.refuse(ReasonCode.IDENTITY_MISMATCH, "dossier " + dossier.id()
                    + " lacks identity traits to compare with: " + String.join(", ", lacking));
        }
        List<String> mismatches = TraitComparison.mismatches(doc.traits(), dossier.traits());
        if (!mismatches.isEmpty()) {
            // ins.md: never overwrite a dossier's identity
            return Verdict.refuse(ReasonCode.IDENTITY_MISMATCH, "traits disagree with dossier " + dossier.id()
                    + ": " + String.join(", ", mismatches));
        }
        return Verdict.accept(dossier);
    }
}
