package fr.dmp.ingest.job;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.FormatDetector;
import fr.dmp.ingest.format.TextCharsets;
import fr.dmp.ingest.format.events.AdtReader;
import fr.dmp.ingest.format.events.EventCsvReader;
import fr.dmp.ingest.format.events.EventItem;
import fr.dmp.ingest.intake.ClaimedBytes;
import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.intake.InputChecks;
import fr.dmp.ingest.store.EventFileWork;
import fr.dmp.ingest.validate.EventValidator;
import fr.dmp.ingest.validate.IdentityRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A file of the patient-events feed read into dossier events: HL7 ADT messages, or the events CSV. */
public final class EventFileProcessor implements ItemProcessor<ClaimedFile, EventFileWork> {

    private static final Logger log = LoggerFactory.getLogger(EventFileProcessor.class);

    private final Feed feed;
    private final FormatDetector detector = new FormatDetector();
    private final AdtReader adt = new AdtReader();
    private final EventValidator validator;

    public EventFileProcessor(Feed feed, java.time.Clock clock) {
        this.feed = feed;
        this.validator = new EventValidator(new IdentityRules(feed.insMode(), feed.acceptedStatuses(),
                feed.acceptWhenAbsent(), feed.legacyNirOid()), clock);
    }

    @Override
    public EventFileWork process(ClaimedFile file) {
        try {
            ClaimedBytes.Result result = InputChecks.read(file, feed.maxFileSize());
            if (result instanceof ClaimedBytes.Refused r) {
                return refused(file, r.sha256(), r.size(), r.rejection());
            }
            ClaimedBytes.Read read = (ClaimedBytes.Read) result;
            byte[] bytes = read.bytes();
            Optional<SourceFormat> format = FormatDetector.formatOf(detector.detect(bytes));
            if (format.isPresent() && format.get() == SourceFormat.HL7V2 && feed.formats().contains(SourceFormat.HL7V2)) {
                return new EventFileWork(file, read.sha256(), bytes.length,
                        validated(adt.read(bytes, feed.insMode(), feed.zone(), feed.defaultCharset(), feed.senderFiness())));
            }
            if (feed.formats().contains(SourceFormat.CSV)) {
                // a spreadsheet on Windows saves its CSV in Windows-1252: the feed's charset, as for HL7 without MSH-18
                String text = new String(bytes, TextCharsets.isValidUtf8(bytes, 0, bytes.length) ? StandardCharsets.UTF_8
                        : feed.defaultCharset());
                if (EventCsvReader.recognises(text)) {
                    return new EventFileWork(file, read.sha256(), bytes.length,
                            validated(EventCsvReader.read(text, feed.insMode(), feed.zone(), feed.annulsDeaths())));
                }
            }
            return refused(file, read.sha256(), bytes.length, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED,
                    fr.dmp.ingest.format.TextCharsets.looksUtf16(bytes) ? fr.dmp.ingest.format.TextCharsets.UTF16_DETAIL
                    : "neither HL7 ADT nor the events CSV (header " + String.join(",", EventCsvReader.HEADER) + ")"));
        } catch (Exception | StackOverflowError e) {
            log.warn("feed {}: unexpected {} on claimed file {}", feed.name(), e.getClass().getName(), file.token());
            return refused(file, null, 0, Rejection.internalError(e));
        }
    }

    /** ins.md: an event is held to the feed's identity rules as a document is; one that fails is refused alone. */
    private List<EventItem> validated(List<EventItem> items) {
        List<EventItem> out = new ArrayList<>(items.size());
        java.util.Set<Integer> refused = new java.util.HashSet<>();
        for (EventItem item : items) {
            if (item instanceof EventItem.Valid v) {
                Optional<Rejection> problem = validator.problem(v.event());
                if (problem.isEmpty()) {
                    out.add(item);
                } else if (refused.add(v.index())) {
                    // the events of one ADT message share its PID: the message is refused once, as one item
                    out.add(new EventItem.Invalid(v.index(), problem.get()));
                }
            } else {
                out.add(item);
            }
        }
        return out;
    }

    private static EventFileWork refused(ClaimedFile file, String sha, long size, Rejection r) {
        return new EventFileWork(file, sha, size, List.of(new EventItem.Invalid(0, r)));
    }
}
