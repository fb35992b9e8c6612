package fr.dmp.ingest.feed;

import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.link.DossierPolicy;
import fr.dmp.ingest.domain.InsMode;

import fr.dmp.ingest.classify.ClassifyPolicy;
import fr.dmp.ingest.domain.IdentityStatus;

import java.nio.charset.Charset;
import fr.dmp.ingest.intake.Completion;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;

/**
 * One feed as declared in {@code jobs/<name>.yml}: where its files arrive, what it accepts and the
 * policies that apply to its documents.
 *
 * @param name              feed name, equal to the file's base name
 * @param kind              documents to store, or dossier events to apply (patient-events)
 * @param runOrder          position in {@code --feed all}: lower first
 * @param drop              the drop folder the sender writes into
 * @param work              root of the claim, archive and quarantine folders (same file system as drop)
 * @param formats           formats this feed accepts; anything else is FORMAT_UNSUPPORTED
 * @param senderFiness      FINESS of the sending organisation, the author institution by default
 * @param dossierPolicy     rules.md R2
 * @param insMode           whether test/demo INS OIDs are accepted (ins.md)
 * @param acceptedStatuses  identity statuses that may file a document (ins.md; default QUAL)
 * @param acceptWhenAbsent  whether a source that states no identity status is accepted
 * @param legacyNirOid      OID given to a matricule in a legacy NIR slot that states none (HPRIM Net), or null
 * @param maxFileSize       bytes; larger files are TOO_LARGE without being read
 * @param maxPdfPages       PDFs with more pages are TOO_LARGE
 * @param maxDecodedSize    bytes a reader may decode from one input (embedded base64, PDF streams)
 * @param quietPeriod       a file modified more recently than this is left for the next run
 * @param defaultCharset    charset of text inputs that declare none and are not valid UTF-8
 * @param zone              time zone of source timestamps that carry no offset
 * @param classification    refusal thresholds and the sender's local type codes
 * @param completion        how a sender says a file is complete: the quiet period (default) or a marker file
 * @param annulsDeaths      an events feed allowed to annul a death recorded in error ({@code annul-death}, rules.md
 *                          R4): only the patient administration that declares deaths, accountable for them
 */
public record Feed(
        String name,
        FeedKind kind,
        int runOrder,
        Path drop,
        Path work,
        Set<SourceFormat> formats,
        String senderFiness,
        DossierPolicy dossierPolicy,
        InsMode insMode,
        Set<IdentityStatus> acceptedStatuses,
        boolean acceptWhenAbsent,
        String legacyNirOid,
        long maxFileSize,
        int maxPdfPages,
        long maxDecodedSize,
        Duration quietPeriod,
        Charset defaultCharset,
        ZoneId zone,
        ClassifyPolicy classification,
        Completion completion,
        boolean annulsDeaths) {

    public Feed {
        completion = completion == null ? Completion.QUIET_PERIOD : completion;
        formats = Set.copyOf(formats);
        acceptedStatuses = Set.copyOf(acceptedStatuses);
    }

    public Path claimFolder() {
        return work.resolve("claim").resolve(name);
    }

    /**
     * Nothing waits for a run: the drop folder and the claim folder (a killed run's claims, replacements waiting for
     * their target) are empty or absent. An unreadable folder is not known to be empty.
     */
    public boolean nothingWaiting() {
        return emptyOrAbsent(drop) && emptyOrAbsent(claimFolder());
    }

    private static boolean emptyOrAbsent(Path folder) {
        if (!java.nio.file.Files.exists(folder)) {
            return true;
        }
        try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    public Path archiveFolder() {
        return work.resolve("archive").resolve(name);
    }

    public Path quarantineFolder() {
        return work.resolve("quarantine").resolve(name);
    }

    public Feed withDrop(Path newDrop) {
        return new Feed(name, kind, runOrder, newDrop, work, formats, senderFiness, dossierPolicy, insMode, acceptedStatuses,
                acceptWhenAbsent, legacyNirOid, maxFileSize, maxPdfPages, maxDecodedSize, quietPeriod, defaultCharset, zone, classification, completion, annulsDeaths);
    }

    public Feed withQuietPeriod(Duration quiet) {
        return new Feed(name, kind, runOrder, drop, work, formats, senderFiness, dossierPolicy, insMode, acceptedStatuses,
                acceptWhenAbsent, legacyNirOid, maxFileSize, maxPdfPages, maxDecodedSize, quiet, defaultCharset, zone, classification, completion, annulsDeaths);
    }

    public Feed withWork(Path newWork) {
        return new Feed(name, kind, runOrder, drop, newWork, formats, senderFiness, dossierPolicy, insMode, acceptedStatuses,
                acceptWhenAbsent, legacyNirOid, maxFileSize, maxPdfPages, maxDecodedSize, quietPeriod, defaultCharset, zone, classification, completion, annulsDeaths);
    }
}
