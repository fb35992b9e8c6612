package fr.dmp.ingest.validate;

import fr.dmp.ingest.domain.IdentityStatus;
import fr.dmp.ingest.domain.InsMode;

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
}
