package fr.dmp.ingest.tools.generate;

import fr.dmp.ingest.domain.ReasonCode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * Writes a reproducible synthetic corpus into per-feed drop folders, file by file (nothing of the
 * corpus is held in memory, so a million files take no more heap than a thousand):
 * <ul>
 *   <li>{@code lab-results/}: HL7 v2 ORU^R01 lab results, 1 to 40 OBX, versions 2.3 to 2.6, UTF-8 or
 *       ISO-8859-1, declared in MSH-18 or not;</li>
 *   <li>{@code hospital-reports/}: one-to-three-page PDF reports with their sidecar ({@code x.pdf} +
 *       {@code x.pdf.json}), a few of them scans without text layer; and CDA R2 documents, most with a
 *       structured body, some with a PDF in a nonXMLBody.</li>
 * </ul>
 * Patients come from a pool (default {@code max(50, count/20)}) with unique, valid INS (test OID), and
 * a patient always carries the same traits, so documents share dossiers and never disagree with one.
 * Document ids, order numbers and file names are unique. A share of bad files (default 2 %) is spread
 * evenly; each kind of bad file has the one reason the pipeline must quarantine it for.
 *
 * <p>Same options, same seed: byte-identical files. Each file depends only on the seed and its index
 * (its own random generator), never on the clock. Files are given a modification time an hour in the
 * past so that the feeds' quiet period does not hold them back.
 */
public final class CorpusGenerator {

    public static final String LAB_FEED = "lab-results";
    public static final String HOSPITAL_FEED = "hospital-reports";
    static final String DOCUMENT_ROOT = "1.2.250.1.213.1.1.9.99";
    static final String FINESS = "750000001";
    /** Documents are dated within about two and a half years after this, always in the past. */
    static final Instant EPOCH = Instant.parse("2024-01-01T06:00:00Z");
    static final int SCAN_TEMPLATES = 16;

    /** What the corpus is made of: weights of each kind, e.g. {@code hl7=70,pdf=20,cda=10}. */
    public enum Kind {
        HL7(LAB_FEED), PDF(HOSPITAL_FEED), CDA(HOSPITAL_FEED);

        public final String feed;

        Kind(String feed) {
            this.feed = feed;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The bad files, each with the reason the pipeline quarantines it for. */
    public enum Bad {
        HL7_INS_KEY(Kind.HL7, "ins-key", ReasonCode.INS_INVALID),
        HL7_TRUNCATED(Kind.HL7, "truncated", ReasonCode.FORMAT_CORRUPT),
        HL7_NOT_HL7(Kind.HL7, "not-hl7", ReasonCode.FORMAT_UNSUPPORTED),
        PDF_ENCRYPTED(Kind.PDF, "encrypted", ReasonCode.PDF_ENCRYPTED),
        PDF_NO_SIDECAR(Kind.PDF, "no-sidecar", ReasonCode.METADATA_MISSING),
        PDF_INS_KEY(Kind.PDF, "ins-key", ReasonCode.INS_INVALID),
        CDA_INS_KEY(Kind.CDA, "ins-key", ReasonCode.INS_INVALID),
        CDA_TRUNCATED(Kind.CDA, "truncated", ReasonCode.FORMAT_CORRUPT);

        public final Kind kind;
        public final String label;
        public final ReasonCode reason;

        Bad(Kind kind, String label, ReasonCode reason) {
            this.kind = kind;
            this.label = label;
            this.reason = reason;
        }

        public String key() {
            return kind.key() + ":" + label;
        }

        static List<Bad> of(Kind kind) {
            List<Bad> out = new ArrayList<>();
            for (Bad b : values()) {
                if (b.kind == kind) {
                    out.add(b);
                }
            }
            return out;
        }
    }

    /**
     * @param out         root folder; one sub-folder per feed is written under it
     * @param count       input files (a PDF and its sidecar are one input file)
     * @param mix         weights per kind
     * @param badPercent  share of bad files, in percent
     * @param patients    size of the patient pool; 0 for {@code max(50, count/20)}
     */
    public record Options(Path out, long count, long seed, Map<Kind, Integer> mix, double badPercent, int patients) {

        public Options {
            if (count < 0) {
                throw new IllegalArgumentException("count must be >= 0");
            }
            if (badPercent < 0 || badPercent > 100) {
                throw new IllegalArgumentException("bad must be a percentage between 0 and 100");
            }
            mix = new EnumMap<>(mix);
            int total = 0;
            for (Map.Entry<Kind, Integer> e : mix.entrySet()) {
                if (e.getValue() < 0) {
                    throw new IllegalArgumentException("mix weights must be >= 0");
                }
                total += e.getValue();
            }
            if (total == 0) {
                throw new IllegalArgumentException("mix weights must not all be 0");
            }
        }

        public int poolSize() {
            return patients > 0 ? patients : (int) Math.max(50, Math.min(Integer.MAX_VALUE, count / 20));
        }
    }

    public static final Map<Kind, Integer> DEFAULT_MIX = Map.of(Kind.HL7, 70, Kind.PDF, 20, Kind.CDA, 10);

    /** Parses {@code hl7=70,pdf=20,cda=10}; a kind left out weighs 0. */
    public static Map<Kind, Integer> parseMix(String text) {
        Map<Kind, Integer> mix = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            mix.put(k, 0);
        }
        for (String part : text.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("mix: expected kind=weight, got '" + part.strip() + "'");
            }
            Kind kind;
            try {
                kind = Kind.valueOf(kv[0].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mix: unknown kind '" + kv[0].strip() + "' (hl7, pdf, cda)");
            }
            try {
                mix.put(kind, Integer.parseInt(kv[1].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mix: weight of " + kind.key() + " is not a whole number");
            }
        }
        return mix;
    }

    private final Options options;
    private final List<SyntheticPatient> patients;
    private final PdfBuilder.ScanTemplate[] scans = new PdfBuilder.ScanTemplate[SCAN_TEMPLATES];
    private final FileTime mtime;
    private final CorpusManifest.Builder manifest;

    private CorpusGenerator(Options options, Instant now) {
        this.options = options;
        this.patients = SyntheticPatients.pool(options.poolSize(), options.seed());
        this.mtime = FileTime.from(now.minus(Duration.ofHours(1)));
        this.manifest = new CorpusManifest.Builder(options);
    }

    /** Writes the corpus; {@code progress} is called with the number of files written so far, every 10,000. */
    public static CorpusManifest generate(Options options, LongConsumer progress) {
        return new CorpusGenerator(options, Instant.now()).run(progress);
    }

    public static CorpusManifest generate(Options options) {
        return generate(options, n -> { });
    }

    private CorpusManifest run(LongConsumer progress) {
        long n = options.count();
        Map<Kind, Long> targets = apportion(n, options.mix());
        // each kind has its share of bad files, spread evenly over the files of that kind
        Map<Kind, Long> badTargets = new EnumMap<>(Kind.class);
        Map<Kind, Long> emitted = new EnumMap<>(Kind.class);
        Map<Kind, Integer> badTurn = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            badTargets.put(k, Math.round(targets.get(k) * options.badPercent() / 100.0));
            emitted.put(k, 0L);
            badTurn.put(k, 0);
        }
        try {
            for (Kind k : Kind.values()) {
                if (targets.get(k) > 0) {
                    Path folder = Files.createDirectories(options.out().resolve(k.feed));
                    if (Files.getFileStore(folder).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
                        Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                    }
                }
            }
            for (long i = 0; i < n; i++) {
                Kind kind = next(i, n, targets, emitted);
                long j = emitted.get(kind) - 1; // this file's rank among the files of its kind
                long badOfKind = badTargets.get(kind);
                long ofKind = targets.get(kind);
                Bad bad = null;
                if (badOfKind > 0 && Math.floorDiv((j + 1) * badOfKind, ofKind) > Math.floorDiv(j * badOfKind, ofKind)) {
                    List<Bad> kinds = Bad.of(kind);
                    int turn = badTurn.get(kind);
                    bad = kinds.get(turn % kinds.size());
                    badTurn.put(kind, turn + 1);
                }
                long start = System.nanoTime();
                Random r = new Random(fileSeed(options.seed(), i));
                switch (kind) {
                    case HL7 -> hl7(i, r, bad);
                    case PDF -> pdf(i, r, bad);
                    case CDA -> cda(i, r, bad);
                }
                manifest.add(kind, bad, System.nanoTime() - start);
                if ((i + 1) % 10_000 == 0) {
                    progress.accept(i + 1);
                }
            }
            CorpusManifest m = manifest.build();
            write(options.out().resolve(CorpusManifest.FILE_NAME), m.toJson(false).getBytes(StandardCharsets.UTF_8));
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the corpus under " + options.out(), e);
        }
    }

    /** Exact counts per kind (largest remainder), summing to {@code n}. */
    static Map<Kind, Long> apportion(long n, Map<Kind, Integer> mix) {
        long total = mix.values().stream().mapToLong(Integer::longValue).sum();
        Map<Kind, Long> out = new EnumMap<>(Kind.class);
        long assigned = 0;
        double[] remainders = new double[Kind.values().length];
        for (Kind k : Kind.values()) {
            double exact = (double) n * mix.getOrDefault(k, 0) / total;
            long floor = (long) Math.floor(exact);
            out.put(k, floor);
            remainders[k.ordinal()] = exact - floor;
            assigned += floor;
        }
        while (assigned < n) {
            Kind best = null;
            for (Kind k : Kind.values()) {
                if (mix.getOrDefault(k, 0) > 0 && (best == null || remainders[k.ordinal()] > remainders[best.ordinal()])) {
                    best = k;
                }
            }
            out.merge(best, 1L, Long::sum);
            remainders[best.ordinal()] = -1;
            assigned++;
        }
        return out;
    }

    /** The kind of file {@code i}: the one furthest behind its share, so that kinds stay interleaved. */
    private static Kind next(long i, long n, Map<Kind, Long> targets, Map<Kind, Long> emitted) {
        Kind best = null;
        double bestDeficit = 0;
        for (Kind k : Kind.values()) {
            long target = targets.get(k);
            if (emitted.get(k) >= target) {
                continue;
            }
            double deficit = (double) target * (i + 1) / n - emitted.get(k);
            if (best == null || deficit > bestDeficit) {
                best = k;
                bestDeficit = deficit;
            }
        }
        emitted.merge(best, 1L, Long::sum);
        return best;
    }

    /** A seed per file (SplitMix64 finaliser): file {@code i} does not depend on the files before it. */
    static long fileSeed(long seed, long i) {
        long z = seed * 0x9E3779B97F4A7C15L + (i + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private SyntheticPatient patient(Random r) {
        return patients.get(r.nextInt(patients.size()));
    }

    private static Instant time(Random r) {
        return EPOCH.plusSeconds(60L * r.nextInt(900 * 24 * 60));
    }

    /** The same INS with a wrong control key. */
    static String wrongKey(String ins) {
        int key = Integer.parseInt(ins.substring(13));
        return ins.substring(0, 13) + String.format(Locale.ROOT, "%02d", key % 97 + 1);
    }

    private String name(String prefix, long i, Bad bad, String extension) {
        return String.format(Locale.ROOT, "%s-%07d%s.%s", prefix, i + 1, bad == null ? "" : "-bad-" + bad.label, extension);
    }

    private String uid(long i) {
        return "S" + Long.toUnsignedString(options.seed(), 36) + "-" + (i + 1);
    }

    // ---- HL7 v2 ORU^R01 ---------------------------------------------------------------------------

    private static final String[] VERSIONS = {"2.3", "2.4", "2.5", "2.6"};

    private void hl7(long i, Random r, Bad bad) throws IOException {
        Path file = options.out().resolve(LAB_FEED).resolve(name("oru", i, bad, "hl7"));
        SyntheticPatient p = patient(r);
        int variant = r.nextInt(4);
        String charsetField = switch (variant) {
            case 0 -> "UNICODE UTF-8";
            case 1 -> "8859/1";
            default -> "";
        };
        Charset charset = variant == 1 || variant == 3 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
        String id = uid(i);
        OruBuilder b = new OruBuilder()
                .version(VERSIONS[r.nextInt(VERSIONS.length)])
                .charset(charsetField)
                .controlId("MSG-" + id)
                .lab(OruBuilder.LABS.get(r.nextInt(OruBuilder.LABS.size())))
                .patient(p)
                .identityStatus(r.nextInt(10) == 0 ? "VALI" : "QUAL")
                .time(time(r))
                .orderNumber("CMD-" + id)
                .observations(1 + r.nextInt(40))
                .seed(r.nextLong());
        if (r.nextInt(5) == 0) {
            b.comment("Prélèvement hémolysé\\.br\\Contrôle à prévoir \\T\\ résultat à confirmer");
        }
        if (bad == Bad.HL7_INS_KEY) {
            b.pid3(OruBuilder.insCx(wrongKey(p.ins()), SyntheticPatient.TEST_OID));
        }
        String message = b.build();
        byte[] bytes;
        if (bad == Bad.HL7_TRUNCATED) {
            bytes = message.substring(0, message.indexOf("PV1|")).getBytes(charset);
        } else if (bad == Bad.HL7_NOT_HL7) {
            bytes = ReportBodies.notHl7(r).getBytes(StandardCharsets.UTF_8);
        } else {
            bytes = message.getBytes(charset);
        }
        write(file, bytes);
    }

    // ---- PDF + sidecar ----------------------------------------------------------------------------

    private static final PdfBuilder.Layout[] TEXT_LAYOUTS = {PdfBuilder.Layout.LETTERHEAD, PdfBuilder.Layout.LETTERHEAD,
            PdfBuilder.Layout.TABLE};

    private void pdf(long i, Random r, Bad bad) throws IOException {
        Path file = options.out().resolve(HOSPITAL_FEED).resolve(name("cr", i, bad, "pdf"));
        SyntheticPatient p = patient(r);
        ReportBodies.ReportType type = ReportBodies.type(r);
        String title = type.title() + " n° " + (i + 1);
        Instant created = time(r);
        byte[] pdf;
        if (r.nextInt(20) == 0) {
            pdf = PdfBuilder.scan(scanTemplate(r.nextInt(SCAN_TEMPLATES)), "Centre Hospitalier Fictif", title);
        } else {
            int roll = r.nextInt(10);
            int pages = roll < 6 ? 1 : roll < 9 ? 2 : 3;
            pdf = PdfBuilder.render("Centre Hospitalier Fictif", title, ReportBodies.pdfBody(r, type, pages),
                    TEXT_LAYOUTS[r.nextInt(TEXT_LAYOUTS.length)]);
        }
        if (bad == Bad.PDF_ENCRYPTED) {
            pdf = PdfBuilder.encrypted(pdf, r.nextBoolean());
        }
        if (bad != Bad.PDF_NO_SIDECAR) {
            String ins = bad == Bad.PDF_INS_KEY ? wrongKey(p.ins()) : p.ins();
            String sidecar = SidecarJson.of(p, ins, "QUAL", type.code(), title, FINESS, created,
                    List.of(r.nextInt(20) == 0 ? "R" : "N"), null, DOCUMENT_ROOT + "^PDF-" + uid(i));
            // the sidecar first: the pair is complete when the PDF appears
            write(file.resolveSibling(file.getFileName() + ".json"), sidecar.getBytes(StandardCharsets.UTF_8));
        }
        write(file, pdf);
    }

    /** Scan pages are rendered once per template (the image is what costs), lazily, from the seed. */
    private PdfBuilder.ScanTemplate scanTemplate(int t) {
        if (scans[t] == null) {
            Random r = new Random(fileSeed(options.seed() ^ 0x5CA7L, t));
            ReportBodies.ReportType type = ReportBodies.type(r);
            scans[t] = PdfBuilder.scanTemplate("Centre Hospitalier Fictif", type.title() + " (scanné)",
                    ReportBodies.pdfBody(r, type, 1));
        }
        return scans[t];
    }

    // ---- CDA R2 -----------------------------------------------------------------------------------

    private void cda(long i, Random r, Bad bad) throws IOException {
        Path file = options.out().resolve(HOSPITAL_FEED).resolve(name("cda", i, bad, "xml"));
        SyntheticPatient p = patient(r);
        ReportBodies.ReportType type = ReportBodies.type(r);
        String id = uid(i);
        CdaBuilder b = new CdaBuilder()
                .id(DOCUMENT_ROOT, "CDA-" + id)
                .version("SET-" + id, 1)
                .type(type.code(), type.display(), type.title())
                .time(time(r))
                .confidentiality(r.nextInt(20) == 0 ? "R" : "N")
                .patient(p)
                .author(FINESS);
        if (r.nextInt(5) == 0) {
            b.pdfBody(PdfBuilder.render("Centre Hospitalier Fictif", type.title(), ReportBodies.pdfBody(r, type, 1),
                    PdfBuilder.Layout.LETTERHEAD));
        } else {
            b.sections(ReportBodies.cdaSections(r, type));
        }
        String xml = b.build();
        if (bad == Bad.CDA_INS_KEY) {
            xml = xml.replace("extension=\"" + p.ins() + "\"", "extension=\"" + wrongKey(p.ins()) + "\"");
        } else if (bad == Bad.CDA_TRUNCATED) {
            xml = xml.substring(0, xml.indexOf("<component>"));
        }
        write(file, xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Owner-only, whatever the caller's umask: the files look like health data (a scale-out tester, round 13). */
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");

    private void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        if (Files.getFileStore(file).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        Files.setLastModifiedTime(file, mtime);
    }
}
