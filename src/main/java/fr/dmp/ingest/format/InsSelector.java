package fr.dmp.ingest.format;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.InsOid;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Verdict;
import fr.dmp.ingest.domain.InsMode;
import fr.dmp.ingest.format.PatientIdentifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the INS among a source's patient identifiers (ins.md, "Where the INS is"): the identifier
 * whose assigning authority is an INS OID. Other identifiers (a hospital's IPP) are ignored. A test or
 * demonstration OID counts only on a feed in test mode: test patients must never reach real dossiers.
 */
public final class InsSelector {

    private InsSelector() {
    }

    public static Verdict<Ins> select(List<PatientIdentifier> identifiers, InsMode mode) {
        return select(identifiers, mode, null);
    }

    /**
     * @param legacyNirOid the OID a feed gives a matricule in a legacy format's NIR slot that states none
     *                     (HPRIM Net), or null: then such a matricule is not an INS (ins.md)
     */
    public static Verdict<Ins> select(List<PatientIdentifier> identifiers, InsMode mode, String legacyNirOid) {
        if (legacyNirOid != null) {
            identifiers = identifiers.stream().map(id -> id.oid() == null && "NIR".equals(id.typeCode())
                    ? new PatientIdentifier(id.value(), legacyNirOid, id.typeCode()) : id).toList();
        }
        if (identifiers.isEmpty()) {
            return Verdict.refuse(ReasonCode.INS_MISSING, "no patient identifier");
        }
        List<PatientIdentifier> candidates = new ArrayList<>();
        boolean testOidRefused = false;
        String otherType = null;
        for (PatientIdentifier id : identifiers) {
            Optional<InsOid> oid = InsOid.fromOid(id.oid());
            if (oid.isEmpty()) {
                continue;
            }
            if (!insType(id.typeCode())) {
                otherType = otherType == null ? id.typeCode().strip() : otherType;
                continue;
            }
            if (oid.get().testOnly() && mode == InsMode.PRODUCTION) {
                testOidRefused = true;
                continue;
            }
            candidates.add(id);
        }
        if (candidates.isEmpty()) {
            // an INS OID under another identifier type (CX-5 MR) was told "no INS OID": the operator looked for the wrong
            // mistake (round 29, a tester); only a type's shape is shown
            return Verdict.refuse(ReasonCode.INS_UNKNOWN_OID, testOidRefused
                    ? "test OID on a production feed"
                    : otherType != null ? "an identifier under an INS OID has the type " + shownType(otherType)
                    + ", not INS (CX-5 INS, NH or none)"
                    : identifiers.stream().anyMatch(id -> id.typeCode() != null && id.typeCode().strip().equalsIgnoreCase("INS"))
                    // round 31, a tester: an identifier typed INS whose authority names the INS without its OID
                    ? "an identifier of type INS has no INS OID (its assigning authority's OID is missing or another); "
                    + identifiers.size() + " identifiers"
                    : "no identifier with an INS OID among " + identifiers.size());
        }
        // a valid INS-NIR is preferred to an INS-NIA (a temporary number), in list order otherwise
        candidates.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        String other = otherMatricule(candidates);
        if (other != null) {
            return Verdict.refuse(ReasonCode.INS_INVALID, other);
        }
        String firstProblem = null;
        for (PatientIdentifier id : candidates) {
            Optional<String> problem = Ins.problem(id.value());
            if (problem.isEmpty()) {
                return Verdict.accept(Ins.of(id.value(), InsOid.fromOid(id.oid()).orElseThrow()));
            }
            if (firstProblem == null) {
                firstProblem = problem.get();
            }
        }
        return Verdict.refuse(ReasonCode.INS_INVALID, firstProblem);
    }

    /**
     * Two INS of the preferred kind whose matricules (the 13 characters before the key) differ: a document carries one
     * patient's INS. The first valid one was taken, another patient's or a mistyped one dropped without a word (round 34,
     * a tester of Austrian and epSOS CDAs); like two recordTargets, only the sender can say whose document it is. The same
     * matricule under two OIDs or types, or with a key mistyped once, is one patient.
     */
    private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("\\s+");
    private static final java.util.regex.Pattern MATRICULE = java.util.regex.Pattern.compile("[0-9][0-9AB]{12}([0-9]{2})?");

    private static String otherMatricule(List<PatientIdentifier> sorted) {
        int best = rank(sorted.get(0));
        String first = null;
        String firstValue = null;
        for (PatientIdentifier id : sorted) {
            // blanks inside (a NIR written in groups) dropped; only what has a matricule's shape is compared (a review)
            String v = id.value() == null ? "" : BLANKS.matcher(id.value()).replaceAll("").toUpperCase(java.util.Locale.ROOT);
            if (rank(id) != best || !MATRICULE.matcher(v).matches()) {
                continue;
            }
            if (first == null) {
                first = v.substring(0, 13);
                firstValue = v;
            } else if (!first.equals(v.substring(0, 13))) {
                return "two different INS (" + Ins.mask(firstValue) + ", " + Ins.mask(v)
                        + "): one document carries one patient's INS; the sender must say which";
            }
        }
        return null;
    }

    /**
     * ins.md: in HL7 v2 the INS is the repetition of identifier type {@code INS} (a {@code PI} is the
     * hospital's IPP); XDS writes {@code NH}; HPRIM's NIR slot says {@code NIR}; CDA and sidecars state none.
     */
    private static boolean insType(String typeCode) {
        return typeCode == null || typeCode.isBlank() || INS_TYPES.contains(typeCode.strip().toUpperCase(java.util.Locale.ROOT));
    }

    /** A type code as written, if it has a code's shape (letters and digits, at most 5), else "?". */
    private static String shownType(String type) {
        return type.matches("[A-Za-z0-9]{1,5}") ? type : "?";
    }

    private static final java.util.Set<String> INS_TYPES = java.util.Set.of("INS", "NH", "NIR");

    private static int rank(PatientIdentifier id) {
        InsOid oid = InsOid.fromOid(id.oid()).orElseThrow();
        return oid == InsOid.NIA ? 1 : 0;
    }
}
