package fr.dmp.ingest.cli;

import fr.dmp.ingest.DmpIngestApplication;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.Unreadable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassifiableTest {

    private static final byte[] TEXT = "Compte rendu de consultation\nPatient vu ce jour pour une toux.".getBytes(StandardCharsets.UTF_8);

    /** Round 37, a tester: classify stayed on a PDF whose reading never ends; past the limit it says TOO_LARGE, as a run does. */
    @Test
    void aFileReadPastTheTimeLimitIsTooLargeAndOneWithinItIsRead() {
        ReadContext context = new ReadContext(StandardCharsets.ISO_8859_1, ZoneId.of("Europe/Paris"));
        List<ReadItem> late = new Classifiable(DmpIngestApplication.standardFormats(), context, Duration.ofNanos(1))
                .read("cs.txt", TEXT, null);
        assertThat(late).singleElement().isInstanceOfSatisfying(Unreadable.class, u -> {
            assertThat(u.rejection().reason()).isEqualTo(ReasonCode.TOO_LARGE);
            assertThat(u.rejection().detail()).startsWith("reading took over");
        });
        assertThat(new Classifiable(DmpIngestApplication.standardFormats(), context).read("cs.txt", TEXT, null))
                .singleElement().isInstanceOf(SourceDocument.class);
    }
}
