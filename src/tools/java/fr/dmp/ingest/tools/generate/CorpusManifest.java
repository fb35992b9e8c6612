package fr.dmp.ingest.tools.generate;

import fr.dmp.ingest.tools.generate.CorpusGenerator.Bad;
import fr.dmp.ingest.tools.generate.CorpusGenerator.Kind;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link CorpusGenerator} wrote: input files per kind and per feed (a PDF and its sidecar are one
 * input file, as the pipeline counts them), bad files per kind with the reason each must be
 * quarantined for, and how long each kind took to generate. {@code manifest.json} beside the feed
 * folders holds everything but the timings, so that it is as reproducible as the corpus.
 */
public record CorpusManifest(
        long seed,
        long files,
        int patients,
        double badPercent,
        Map<Kind, Long> kinds,
        Map<Bad, Long> bad,
        Map<Kind, Long> nanos) {

    public static final String FILE_NAME = "manifest.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Input files of a feed's drop folder. */
    public long files(String feed) {
        long n = 0;
        for (Map.Entry<Kind, Long> e : kinds.entrySet()) {
            if (e.getKey().feed.equals(feed)) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** Bad files of a feed's drop folder. */
    public long badFiles(String feed) {
        long n = 0;
        for (Map.Entry<Bad, Long> e : bad.entrySet()) {
            if (e.getKey().kind.feed.equals(feed)) {
                n += e.getValue();
            }
        }
        return n;
    }

    public long badFiles() {
        return bad.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The quarantine reasons a run on a feed's drop folder must report: reason code -> files. */
    public Map<String, Long> reasons(String feed) {
        Map<String, Long> out = new TreeMap<>();
        for (Map.Entry<Bad, Long> e : bad.entrySet()) {
            if (e.getKey().kind.feed.equals(feed) && e.getValue() > 0) {
                out.merge(e.getKey().reason.name(), e.getValue(), Long::sum);
            }
        }
        return out;
    }

    /** Milliseconds per 1000 files of a kind (0 when none was written). */
    public double millisPer1000(Kind kind) {
        long n = kinds.getOrDefault(kind, 0L);
        return n == 0 ? 0 : nanos.getOrDefault(kind, 0L) / 1e6 / n * 1000;
    }

    public String toJson(boolean withTimings) {
        ObjectNode root = JSON.createObjectNode();
        root.put("seed", seed);
        root.put("files", files);
        root.put("patients", patients);
        root.put("badPercent", badPercent);
        ObjectNode k = root.putObject("kinds");
        kinds.forEach((kind, n) -> k.put(kind.key(), n));
        ObjectNode feeds = root.putObject("feeds");
        for (String feed : new String[] {CorpusGenerator.LAB_FEED, CorpusGenerator.HOSPITAL_FEED}) {
            ObjectNode f = feeds.putObject(feed);
            f.put("files", files(feed));
            f.put("bad", badFiles(feed));
            ObjectNode r = f.putObject("reasons");
            reasons(feed).forEach(r::put);
        }
        ObjectNode b = root.putObject("bad");
        bad.forEach((kind, n) -> b.put(kind.key(), n));
        root.put("badFiles", badFiles());
        if (withTimings) {
            ObjectNode t = root.putObject("millisPer1000");
            for (Kind kind : Kind.values()) {
                t.put(kind.key(), Math.round(millisPer1000(kind) * 10) / 10.0);
            }
            root.put("seconds", Math.round(nanos.values().stream().mapToLong(Long::longValue).sum() / 1e6) / 1000.0);
        }
        return withTimings ? root.toString() : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /** Counts as files are written. */
    static final class Builder {
        private final CorpusGenerator.Options options;
        private final Map<Kind, Long> kinds = new EnumMap<>(Kind.class);
        private final Map<Bad, Long> bad = new EnumMap<>(Bad.class);
        private final Map<Kind, Long> nanos = new EnumMap<>(Kind.class);
        private long files;

        Builder(CorpusGenerator.Options options) {
            this.options = options;
            for (Kind k : Kind.values()) {
                kinds.put(k, 0L);
                nanos.put(k, 0L);
            }
            for (Bad b : Bad.values()) {
                bad.put(b, 0L);
            }
        }

        void add(Kind kind, Bad badKind, long elapsedNanos) {
            files++;
            kinds.merge(kind, 1L, Long::sum);
            nanos.merge(kind, elapsedNanos, Long::sum);
            if (badKind != null) {
                bad.merge(badKind, 1L, Long::sum);
            }
        }

        CorpusManifest build() {
            return new CorpusManifest(options.seed(), files, options.poolSize(), options.badPercent(), kinds, bad, nanos);
        }
    }
}
