package fr.dmp.ingest.format.events;

import fr.dmp.ingest.domain.Finess;
import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Verdict;
import fr.dmp.ingest.domain.InsMode;
import fr.dmp.ingest.format.PatientIdentifier;
import fr.dmp.ingest.format.InsSelector;
import fr.dmp.ingest.format.IsoTimes;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The CSV of dossier events for hospitals without ADT: {@code ins,oid,event,at,detail}, one event per
 * line; {@code at} in ISO-8601 (a date, a local date-time in the feed's zone, or with an offset).
 */
public final class EventCsvReader {

    public static final List<String> HEADER = List.of("ins", "oid", "event", "at", "detail");

    private EventCsvReader() {
    }

    /** Whether the text starts with the events CSV header. */
    public static boolean recognises(String text) {
        return delimiter(text).isPresent();
    }

    /**
     * The delimiter of the header line: the documented comma, or the semicolon a spreadsheet saves with in French; the
     * names may be quoted, in any case, after a byte order mark (found on an independent writer's spreadsheet export:
     * {@code "ins","oid",...} was refused FORMAT_UNSUPPORTED). Empty when the first line is not the header.
     */
    static Optional<Character> delimiter(String text) {
        String first = text.replace("\uFEFF", "").lines().findFirst().orElse("");
        for (char d : new char[] {',', ';'}) {
            try (CSVParser header = CSVFormat.DEFAULT.builder().setDelimiter(d).setIgnoreSurroundingSpaces(true).get()
                    .parse(new StringReader(first))) {
                List<CSVRecord> records = header.getRecords();
                if (records.size() == 1 && records.get(0).stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).toList().equals(HEADER)) {
                    return Optional.of(d);
                }
            } catch (IOException | java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
                // not this delimiter: an unbalanced quote, say
            }
        }
        return Optional.empty();
    }

    public static List<EventItem> read(String text, InsMode mode, ZoneId zone) {
        return read(text, mode, zone, false);
    }

    /** @param annulsDeaths whether this feed may annul a death recorded in error (rules.md R4; else the line is refused) */
    public static List<EventItem> read(String text, InsMode mode, ZoneId zone, boolean annulsDeaths) {
        List<EventItem> out = new ArrayList<>();
        char delimiter = delimiter(text).orElse(',');
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader(HEADER.toArray(String[]::new))
                .setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true).get().parse(new StringReader(text.replace("\uFEFF", "")))) {
            int index = 0;
            for (CSVRecord r : parser) {
                index++;
                out.add(line(index, r, mode, zone, annulsDeaths));
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            out.add(new EventItem.Invalid(out.size() + 1, Rejection.of(ReasonCode.FORMAT_CORRUPT, "malformed CSV")));
        }
        if (out.isEmpty()) {
            out.add(new EventItem.Invalid(1, Rejection.of(ReasonCode.FORMAT_CORRUPT, "no event in the file")));
        }
        return out;
    }

    private static EventItem line(int index, CSVRecord r, InsMode mode, ZoneId zone, boolean annulsDeaths) {
        if (!r.isConsistent()) {
            return new EventItem.Invalid(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "line " + index + " has "
                    + r.size() + " fields, 5 expected"));
        }
        Verdict<Ins> ins = InsSelector.select(List.of(new PatientIdentifier(r.get("ins"), r.get("oid"), "INS")), mode);
        if (ins instanceof Verdict.Refused<Ins> refused) {
            return new EventItem.Invalid(index, refused.rejection());
        }
        var kind = DossierEvent.Kind.fromKey(r.get("event"));
        if (kind.isEmpty() || Set.of(DossierEvent.Kind.IDENTITY, DossierEvent.Kind.MERGE,
                DossierEvent.Kind.EMERGENCY_AUTHORISATION, DossierEvent.Kind.EMERGENCY_OPPOSITION).contains(kind.get())) {
            return new EventItem.Invalid(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, "line " + index
                    + ": unknown event (close, reopen, death, annul-death, oppose, withdraw-opposition, mask, unmask,"
                    + " delete-document, delete-dossier)"));
        }
        if (kind.get() == DossierEvent.Kind.ANNUL_DEATH && !annulsDeaths) {
            // rules.md R4: only a feed allowed to (annulsDeaths in its jobs/<feed>.yml) annuls a death
            return new EventItem.Invalid(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, "line " + index
                    + ": annul-death is not accepted from this feed (annulsDeaths)"));
        }
        Instant at;
        try {
            at = IsoTimes.instant(r.get("at"), zone);
        } catch (DateTimeException e) {
            return new EventItem.Invalid(index, Rejection.of(ReasonCode.DATE_INVALID, "line " + index + ": 'at' unparseable"));
        }
        String detail = r.get("detail").isBlank() ? null : r.get("detail").strip();
        if ((kind.get() == DossierEvent.Kind.MASK || kind.get() == DossierEvent.Kind.UNMASK
                || kind.get() == DossierEvent.Kind.DELETE_DOCUMENT) && detail == null) {
            return new EventItem.Invalid(index, Rejection.of(ReasonCode.METADATA_MISSING, "line " + index
                    + ": the document id in 'detail'"));
        }
        if ((kind.get() == DossierEvent.Kind.MASK || kind.get() == DossierEvent.Kind.UNMASK) && detail != null
                && !fr.dmp.ingest.domain.ConfidentialityCodes.isKnown(fr.dmp.ingest.domain.ConfidentialityCodes.maskingCode(detail))) {
            // what follows ';' is a confidentiality code: "…;DUPONT Jean né le 01-02-1960" was kept in clear in the events
            // table until the masking was refused, as an opposition's detail was before round 17 (round 36, a tester)
            return new EventItem.Invalid(index, Rejection.of(ReasonCode.METADATA_INVALID, "line " + index
                    + ": 'detail' of a masking is a document id, then ';' and a confidentiality code (MASQUE_PS by default)"));
        }
        if ((kind.get() == DossierEvent.Kind.OPPOSE || kind.get() == DossierEvent.Kind.WITHDRAW_OPPOSITION) && detail != null
                && !detail.equals("*") && !Finess.isValid(detail)) { // "*": every source (link/Dossier.ALL_SOURCES)
            // round 17's tester: a name and birth date in 'detail' were kept in clear in the events table, then refused
            return new EventItem.Invalid(index, Rejection.of(ReasonCode.METADATA_INVALID, "line " + index
                    + ": 'detail' of an opposition is a FINESS (9 characters) or *"));
        }
        return new EventItem.Valid(index, new DossierEvent(((Verdict.Accepted<Ins>) ins).value(), kind.get(), at, detail));
    }
}
