package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.IdentityStatus;
import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.Traits;

/** A dossier to open (rules.md R2): its INS, the traits of the document that brings it, the identity status seen. */
public record DossierOpening(Ins ins, Traits traits, IdentityStatus statusSeen) {
}
