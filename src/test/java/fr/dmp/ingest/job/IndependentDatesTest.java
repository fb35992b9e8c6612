package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 12: 60 files written by an independent writer of dates and times (a helper session that read only the domain
 * notes, the README, docs/ and jobs/, never the code), each with the outcome and the stored creation time the writer
 * expected from the documentation (src/test/resources/independent/dates: expectations.csv, NOTES.md). Run through the
 * five feeds in their run order on the writer's day (a fixed clock: "tomorrow" and "born today" stay what they were).
 * Four were not as expected and were fixed (HL7's explicit null "" in OBR-22 and TXA-6, which also kept a closing from
 * its dossier; a closing dated next month applied at once).
 */
@Import(IndependentDatesTest.WritersDay.class)
class IndependentDatesTest extends PipelineTestSupport {

    static final Instant DAY = Instant.parse("2026-12-04T17:30:00Z");
    static final Path SET = Path.of("src/test/resources/independent/dates");

    @TestConfiguration
    static class WritersDay {
        @Bean
        @Primary
        Clock writersDay() {
            return Clock.fixed(DAY, ZoneOffset.UTC);
        }
    }

    @Test
    void everyFileEndsAsTheWriterExpectedFromTheDocumentation() throws IOException {
        for (String feed : List.of("lab-results", "patient-events", "hospital-reports", "legacy-migration", "prescriptions")) {
            Path drop = work.resolve("drop").resolve(feed);
            copyAsOfTheWritersDay(SET.resolve(feed), drop);
            ingest(feed, drop);
        }
        List<String> differences = new ArrayList<>();
        List<String> lines = Files.readAllLines(SET.resolve("expectations.csv"));
        assertThat(lines).hasSize(61);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 5); // feed,file,expected,stored_date,why
            String feed = f[0];
            String file = f[1];
            String expected = f[2];
            String got = outcome(feed, file);
            String ok = switch (expected) {
                case "STORED" -> "STORED".equals(got) ? storedAt(file, f[3]) : null;
                case "APPLIED", "WAITING" -> "STORED".equals(got) ? eventStates(file) : null;
                default -> ("QUARANTINED:" + expected).equals(got) ? "ok" : null;
            };
            boolean matches = switch (expected) {
                case "APPLIED" -> "APPLIED".equals(ok);
                case "WAITING" -> "PENDING".equals(ok);
                default -> "ok".equals(ok);
            };
            if (!matches) {
                differences.add(feed + "/" + file + ": expected " + expected + " " + f[3] + ", got " + got + " " + ok);
            }
        }
        assertThat(differences).isEmpty();
    }

    /** "ok" when the document's stored creation time is the one expected (when one is), else what was stored. */
    private String storedAt(String file, String expectedUtc) {
        if (expectedUtc.isBlank()) {
            return "ok";
        }
        List<Instant> times = jdbc.queryForList("SELECT creation_time FROM dmp.document WHERE source_file = ?",
                java.sql.Timestamp.class, file).stream().map(java.sql.Timestamp::toInstant).toList();
        return times.contains(Instant.parse(expectedUtc)) ? "ok" : "stored " + times;
    }

    /** The one state of the events a file recorded (APPLIED, PENDING...), or what they were when they differ. */
    private String eventStates(String file) {
        List<String> states = jdbc.queryForList("SELECT DISTINCT e.state FROM dmp.dossier_event e JOIN dmp.disposition d"
                + " ON d.claim_token = e.claim_token WHERE d.original_name = ?", String.class, file);
        return states.size() == 1 ? states.get(0) : states.toString();
    }

    /** The writer's files, complete as of their day (modified an hour before the fixed clock). */
    private static void copyAsOfTheWritersDay(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(p.getFileName().toString());
                Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setLastModifiedTime(target, FileTime.from(DAY.minus(Duration.ofHours(1))));
            }
        }
    }
}
