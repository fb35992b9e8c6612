package fr.dmp.ingest.validate;

import fr.dmp.ingest.domain.IdentityStatus;
import fr.dmp.ingest.domain.InsMode;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;

import java.util.Optional;
import java.util.Set;

/**
 * The identity part of a feed's configuration (ins.md): which INS OIDs it accepts, which identity
 * statuses may file a document, and the OID of matricules in legacy NIR slots (null: none).
 */
public record IdentityRules(InsMode insMode, Set<IdentityStatus> acceptedStatuses, boolean acceptWhenAbsent,
                            String legacyNirOid) {
    public IdentityRules {
        acceptedStatuses = Set.copyOf(acceptedStatuses);
    }

    public IdentityRules(InsMode insMode, Set<IdentityStatus> acceptedStatuses, boolean acceptWhenAbsent) {
        this(insMode, acceptedStatuses, acceptWhenAbsent, null);
    }

    /**
     * ins.md: why the identity status a source states (null: none) may not file under the INS with this
     * feed, or empty when it may; the same for a document and for a patient event.
     */
    public Optional<Rejection> statusProblem(String stated) {
        if (stated == null) {
            return acceptWhenAbsent ? Optional.empty() : Optional.of(Rejection.of(ReasonCode.IDENTITY_NOT_QUALIFIED,
                    "the source states no identity status and the feed requires one"));
        }
        Optional<IdentityStatus> parsed = IdentityStatus.parse(stated);
        if (parsed.isEmpty() || !acceptedStatuses.contains(parsed.get())) {
            return Optional.of(Rejection.of(ReasonCode.IDENTITY_NOT_QUALIFIED, "identity status "
                    + parsed.map(Enum::name).orElse("unknown") + " not accepted by the feed"));
        }
        return Optional.empty();
    }
}
