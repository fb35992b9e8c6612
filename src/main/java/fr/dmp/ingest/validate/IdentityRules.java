package fr.dmp.ingest.validate;

import fr.dmp.ingest.domain.IdentityStatus;
import fr.dmp.ingest.feed.InsMode;

import java.util.Set;

/**
 * The identity part of a feed's configuration (ins.md): which INS OIDs it accepts and which identity
 * statuses may file a document.
 */
public record IdentityRules(InsMode insMode, Set<IdentityStatus> acceptedStatuses, boolean acceptWhenAbsent) {
    public IdentityRules {
        acceptedStatuses = Set.copyOf(acceptedStatuses);
    }
}
