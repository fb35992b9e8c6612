package fr.dmp.ingest.tools.generate;

import fr.dmp.ingest.tools.generate.CorpusGenerator.Bad;
import fr.dmp.ingest.tools.generate.CorpusGenerator.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorpusGeneratorTest {

    @TempDir
    Path tmp;

    private static CorpusGenerator.Options options(Path out, long count, long seed, double bad) {
        return new CorpusGenerator.Options(out, count, seed, CorpusGenerator.DEFAULT_MIX, bad, 0);
    }

    private static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedOtherBytes() throws IOException {
        CorpusGenerator.generate(options(tmp.resolve("a"), 300, 42, 5));
        CorpusGenerator.generate(options(tmp.resolve("b"), 300, 42, 5));
        CorpusGenerator.generate(options(tmp.resolve("c"), 300, 43, 5));
        Map<String, byte[]> a = tree(tmp.resolve("a"));
        Map<String, byte[]> b = tree(tmp.resolve("b"));
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String name : a.keySet()) {
            assertThat(b.get(name)).as(name).isEqualTo(a.get(name));
        }
        Map<String, byte[]> c = tree(tmp.resolve("c"));
        assertThat(c.keySet()).isEqualTo(a.keySet()); // names depend on the position only
        assertThat(a.keySet().stream().filter(n -> !n.equals(CorpusManifest.FILE_NAME))
                .filter(n -> java.util.Arrays.equals(a.get(n), c.get(n)))).isEmpty();
    }

    @Test
    void theManifestCountsWhatIsOnDiskPerKindFeedAndBadKind() throws IOException {
        Path out = tmp.resolve("corpus");
        CorpusManifest m = CorpusGenerator.generate(options(out, 1000, 7, 4));

        assertThat(m.files()).isEqualTo(1000);
        assertThat(m.kinds()).containsEntry(Kind.HL7, 700L).containsEntry(Kind.PDF, 200L).containsEntry(Kind.CDA, 100L);
        List<String> lab = names(out.resolve("lab-results"));
        List<String> hospital = names(out.resolve("hospital-reports"));
        assertThat(lab).hasSize(700).allMatch(n -> n.endsWith(".hl7"));
        long pdfs = hospital.stream().filter(n -> n.endsWith(".pdf")).count();
        long sidecars = hospital.stream().filter(n -> n.endsWith(".pdf.json")).count();
        long cdas = hospital.stream().filter(n -> n.endsWith(".xml")).count();
        assertThat(pdfs).isEqualTo(200);
        assertThat(cdas).isEqualTo(100);
        assertThat(sidecars).isEqualTo(200 - m.bad().get(Bad.PDF_NO_SIDECAR));
        assertThat(m.files("lab-results")).isEqualTo(700);
        assertThat(m.files("hospital-reports")).isEqualTo(300);

        // 4 % of each kind, every bad kind of the kind in turn
        assertThat(m.badFiles()).isEqualTo(40);
        assertThat(m.badFiles("lab-results")).isEqualTo(28);
        assertThat(m.bad()).containsEntry(Bad.HL7_INS_KEY, 10L).containsEntry(Bad.HL7_TRUNCATED, 9L)
                .containsEntry(Bad.HL7_NOT_HL7, 9L).containsEntry(Bad.PDF_ENCRYPTED, 3L).containsEntry(Bad.PDF_NO_SIDECAR, 3L)
                .containsEntry(Bad.PDF_INS_KEY, 2L).containsEntry(Bad.CDA_INS_KEY, 2L).containsEntry(Bad.CDA_TRUNCATED, 2L);
        assertThat(lab.stream().filter(n -> n.contains("-bad-"))).hasSize(28);
        assertThat(m.reasons("hospital-reports")).isEqualTo(Map.of("PDF_ENCRYPTED", 3L, "METADATA_MISSING", 3L,
                "INS_INVALID", 4L, "FORMAT_CORRUPT", 2L));

        String json = Files.readString(out.resolve(CorpusManifest.FILE_NAME), StandardCharsets.UTF_8);
        assertThat(json).contains("\"files\" : 1000", "\"badFiles\" : 40").doesNotContain("millis");
        assertThat(m.toJson(true)).contains("\"millisPer1000\"");
    }

    @Test
    void filesAreOldEnoughForTheQuietPeriodAndDocumentIdsAreUnique() throws IOException {
        Path out = tmp.resolve("corpus");
        CorpusGenerator.generate(options(out, 200, 9, 0));
        Set<String> ids = new HashSet<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertThat(Files.getLastModifiedTime(p).toInstant()).isBefore(Instant.now().minus(Duration.ofMinutes(1)));
                String name = p.getFileName().toString();
                String text = Files.readString(p, StandardCharsets.ISO_8859_1);
                if (name.endsWith(".pdf.json")) {
                    assertThat(ids.add(text.replaceAll("(?s).*\"id\" : \"([^\"]+)\".*", "$1"))).isTrue();
                } else if (name.endsWith(".xml")) {
                    assertThat(ids.add(text.replaceAll("(?s).*?<id root=\"[^\"]+\" extension=\"(CDA-[^\"]+)\".*", "$1"))).isTrue();
                } else if (name.endsWith(".hl7")) {
                    assertThat(ids.add(text.split("\r")[0].split("\\|")[9])).isTrue();
                }
            }
        }
        assertThat(ids).hasSize(200);
    }

    @Test
    void aLargePoolHasOnePersonPerIns() {
        List<SyntheticPatient> pool = SyntheticPatients.pool(20_000, 1);
        assertThat(pool.stream().map(SyntheticPatient::ins).distinct()).hasSize(20_000);
    }

    @Test
    void theMixIsParsedAndCheckedAndApportionedExactly() {
        assertThat(CorpusGenerator.parseMix("hl7=1,cda=3")).containsEntry(Kind.HL7, 1).containsEntry(Kind.PDF, 0)
                .containsEntry(Kind.CDA, 3);
        assertThatThrownBy(() -> CorpusGenerator.parseMix("xml=3")).hasMessageContaining("unknown kind");
        assertThatThrownBy(() -> CorpusGenerator.parseMix("hl7")).hasMessageContaining("kind=weight");
        assertThatThrownBy(() -> new CorpusGenerator.Options(tmp, 10, 1, CorpusGenerator.parseMix("hl7=0"), 2, 0))
                .hasMessageContaining("not all be 0");
        assertThat(CorpusGenerator.apportion(10, Map.of(Kind.HL7, 1, Kind.PDF, 1, Kind.CDA, 1)).values().stream()
                .mapToLong(Long::longValue).sum()).isEqualTo(10);
    }
}
