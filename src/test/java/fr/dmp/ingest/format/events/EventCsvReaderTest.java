package fr.dmp.ingest.format.events;

import fr.dmp.ingest.domain.InsMode;
import fr.dmp.ingest.domain.ReasonCode;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The events CSV: the events of issue 15 (rules.md R4, R15). */
class EventCsvReaderTest {

    private static final String CSV = "ins,oid,event,at,detail\n"
            + "279035121518989,1.2.250.1.213.1.4.10,delete-dossier,2026-11-20T09:00:00+01:00,\n"
            + "279035121518989,1.2.250.1.213.1.4.10,annul-death,2026-11-21T09:00:00+01:00,\n";

    private static List<EventItem> read(boolean annulsDeaths) {
        return EventCsvReader.read(CSV, InsMode.TEST, ZoneId.of("Europe/Paris"), annulsDeaths);
    }

    @Test
    void r15_r4_deleteDossierAndAnnulDeathAreEventsOfTheCsv() { // rules.md R15, R4
        assertThat(read(true)).allSatisfy(i -> assertThat(i).isInstanceOf(EventItem.Valid.class));
        assertThat(read(true)).extracting(i -> ((EventItem.Valid) i).event().kind())
                .containsExactly(DossierEvent.Kind.DELETE_DOSSIER, DossierEvent.Kind.ANNUL_DEATH);
    }

    @Test
    void r4_anAnnulmentOfDeathFromAFeedNotAllowedToIsRefused() { // rules.md R4: jobs/<feed>.yml annulsDeaths
        List<EventItem> items = read(false);
        assertThat(items.get(0)).isInstanceOf(EventItem.Valid.class);
        assertThat(items.get(1)).isInstanceOfSatisfying(EventItem.Invalid.class, i -> {
            assertThat(i.rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED);
            assertThat(i.rejection().detail()).isEqualTo("line 2: annul-death is not accepted from this feed (annulsDeaths)");
        });
        // the default reader (no feed's leave) refuses it too
        assertThat(EventCsvReader.read(CSV, InsMode.TEST, ZoneId.of("Europe/Paris")).get(1)).isInstanceOf(EventItem.Invalid.class);
    }
    /** Round 17's tester: a name and a birth date in an opposition's detail were kept in clear in the events table. */
    @Test
    void anOppositionsDetailIsAFinessOrEverySourceNeverFreeText() {
        String csv = "ins,oid,event,at,detail\n"
                + "279035121518989,1.2.250.1.213.1.4.10,oppose,2026-11-20T09:00:00+01:00,750000001\n"
                + "279035121518989,1.2.250.1.213.1.4.10,oppose,2026-11-20T09:00:00+01:00,*\n"
                + "279035121518989,1.2.250.1.213.1.4.10,oppose,2026-11-20T09:00:00+01:00,\n"
                + "279035121518989,1.2.250.1.213.1.4.10,oppose,2026-11-20T09:00:00+01:00,FICTIF Jean 01/02/1950\n"
                + "279035121518989,1.2.250.1.213.1.4.10,withdraw-opposition,2026-11-20T09:00:00+01:00,CH FICTIF\n";
        List<EventItem> items = EventCsvReader.read(csv, InsMode.TEST, ZoneId.of("Europe/Paris"));
        assertThat(items.subList(0, 3)).allSatisfy(i -> assertThat(i).isInstanceOf(EventItem.Valid.class));
        assertThat(items.subList(3, 5)).allSatisfy(i -> assertThat(i).isInstanceOfSatisfying(EventItem.Invalid.class, v -> {
            assertThat(v.rejection().reason()).isEqualTo(ReasonCode.METADATA_INVALID);
            assertThat(v.rejection().detail()).contains("FINESS").doesNotContain("FICTIF");
        }));
    }

    /**
     * Found on an independent writer's events file, written as a spreadsheet exports it: a byte order mark, every
     * field quoted (the header too), CRLF. It was refused FORMAT_UNSUPPORTED as "not the events CSV". Spreadsheets set
     * to French save with semicolons; the header in capitals is the same header.
     */
    @Test
    void aSpreadsheetExportQuotedWithBomAndCrlfOrWithSemicolonsIsTheEventsCsv() {
        String quoted = "\uFEFF\"ins\",\"oid\",\"event\",\"at\",\"detail\"\r\n"
                + "\"279035121518989\",\"1.2.250.1.213.1.4.10\",\"close\",\"2026-11-16T10:00:00+01:00\",\"\"\r\n"
                + "\"279035121518989\",\"1.2.250.1.213.1.4.10\",\"mask\",\"2026-11-18\",\"DOC-1;MASQUE_PS\"\r\n";
        String semicolons = "INS;OID;Event;At;Detail\r\n"
                + "279035121518989;1.2.250.1.213.1.4.10;close;2026-11-16T10:00:00+01:00;\r\n"
                + "279035121518989;1.2.250.1.213.1.4.10;mask;2026-11-18;\"DOC-1;MASQUE_PS\"\r\n";
        for (String csv : List.of(quoted, semicolons)) {
            assertThat(EventCsvReader.recognises(csv)).as(csv).isTrue();
            List<EventItem> items = EventCsvReader.read(csv, InsMode.TEST, ZoneId.of("Europe/Paris"));
            assertThat(items).as(csv).allSatisfy(i -> assertThat(i).isInstanceOf(EventItem.Valid.class));
            assertThat(items).extracting(i -> ((EventItem.Valid) i).event().kind())
                    .containsExactly(DossierEvent.Kind.CLOSE, DossierEvent.Kind.MASK);
            assertThat(((EventItem.Valid) items.get(1)).event().detail()).isEqualTo("DOC-1;MASQUE_PS");
        }
        assertThat(EventCsvReader.recognises("ins,oid,event,at\n")).isFalse();
        assertThat(EventCsvReader.recognises("\"ins,oid,event,at,detail\n")).isFalse();
        assertThat(EventCsvReader.recognises("nom;prenom;date\n")).isFalse();
    }

    /** A quote left open in a line: the commons-csv parser throws an unchecked I/O error, which was no FORMAT_CORRUPT. */
    @Test
    void aQuoteLeftOpenIsAMalformedCsvNotAnInternalError() {
        List<EventItem> items = EventCsvReader.read("ins,oid,event,at,detail\n"
                + "279035121518989,1.2.250.1.213.1.4.10,close,2026-11-16,\"unfinished\n", InsMode.TEST, ZoneId.of("Europe/Paris"));
        assertThat(items).last().isInstanceOfSatisfying(EventItem.Invalid.class,
                i -> assertThat(i.rejection().reason()).isEqualTo(ReasonCode.FORMAT_CORRUPT));
    }
}
