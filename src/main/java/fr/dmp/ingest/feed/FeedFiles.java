package fr.dmp.ingest.feed;

import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.intake.Completion;
import fr.dmp.ingest.link.DossierPolicy;
import fr.dmp.ingest.domain.Finess;
import fr.dmp.ingest.domain.InsMode;

import fr.dmp.ingest.classify.Catalogue;
import fr.dmp.ingest.classify.ClassifyPolicy;
import fr.dmp.ingest.domain.IdentityStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the feed declarations in {@code jobs/}. Every problem is reported as one line naming the
 * file and the field, so that a malformed feed is refused at start and not half-way through a night.
 */
public final class FeedFiles {

    private static final Set<String> FIELDS = Set.of("name", "kind", "runOrder", "description", "drop", "work", "formats", "sender",
            "dossierPolicy", "insMode", "identity", "maxFileSize", "maxPdfPages", "maxDecodedSize", "quietPeriod", "charset",
            "timezone", "classification", "completion", "marker", "annulsDeaths", "retention");
    private static final Pattern FEED_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final String NAMES = "a feed's name is 1 to 63 small letters, digits and '-', the first a letter or digit";
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);

    private final Path jobsFolder;
    /** A key given twice is an error, never "the last one wins" (round 28: insMode production, then test, took test). */
    private final YAMLMapper yaml = YAMLMapper.builder()
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    public FeedFiles(Path jobsFolder) {
        this(jobsFolder, List.of(), List.of());
    }

    /**
     * @param stateFolders  where this install keeps its state besides the feeds' work folders (the content key file's
     *                      folder, the embedded database's): no drop may be in one or hold one, no report written there
     * @param reportFolders where it writes its run reports: no drop may be in one or hold one
     */
    public FeedFiles(Path jobsFolder, List<Path> stateFolders, List<Path> reportFolders) {
        this.jobsFolder = jobsFolder;
        List<Path> state = new java.util.ArrayList<>(stateFolders);
        state.add(Path.of("var", "keys")); // the defaults, which a start without settings uses
        state.add(Path.of("var", "db"));
        this.stateFolders = List.copyOf(state);
        List<Path> reports = new java.util.ArrayList<>(reportFolders);
        reports.add(Path.of("var", "reports"));
        this.reportFolders = List.copyOf(reports);
    }

    private final List<Path> stateFolders;
    private final List<Path> reportFolders;

    public Path folder() {
        return jobsFolder;
    }

    /**
     * Feed names in {@code jobs/}, in the order {@code --feed all} runs them: by {@code runOrder} (default
     * 50), then by name. Feeds that open dossiers run before the patient events that change them.
     */
    /** The feeds of the folder: those that load, in run order, and those refused with the one-line reason (issue 17). */
    public record Listing(List<String> feeds, java.util.Map<String, String> refused) {
        public Listing {
            feeds = List.copyOf(feeds);
            refused = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(refused));
        }
    }

    /** Every feed file of the folder, each parsed once; a malformed one is set apart instead of stopping the others. */
    public Listing listing() {
        java.util.Map<Path, Feed> parsed = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> refused = new java.util.HashMap<>();
        for (Path file : feedFiles()) {
            try {
                parsed.put(file, parseNamed(file));
            } catch (FeedConfigException e) {
                refused.put(nameOf(file), e.getMessage());
            }
        }
        java.util.Map<String, Feed> loaded = new java.util.HashMap<>();
        parsed.forEach((file, feed) -> {
            try {
                checkDropAgainstTheOthers(feed, file, parsed);
                loaded.put(feed.name(), feed);
            } catch (FeedConfigException e) {
                refused.put(feed.name(), e.getMessage());
            }
        });
        return new Listing(loaded.keySet().stream()
                .sorted(java.util.Comparator.comparingInt((String n) -> loaded.get(n).runOrder()).thenComparing(n -> n))
                .toList(), refused);
    }

    /** The feed names in run order; refused, naming the first malformed feed file, when one is. */
    public List<String> names() {
        Listing listing = listing();
        if (!listing.refused().isEmpty()) {
            throw new FeedConfigException(listing.refused().values().iterator().next());
        }
        return listing.feeds();
    }

    public Feed load(String name) {
        Path file = jobsFolder.resolve(name + ".yml");
        if (!FEED_NAME.matcher(name).matches()) { // before any path is built from it: "../x" is no feed
            throw new FeedConfigException("unknown feed '" + fr.dmp.ingest.domain.Printable.of(name) + "': " + NAMES);
        }
        Feed feed = parseNamed(file);
        checkDropAgainstTheOthers(feed, file, othersThan(file));
        return feed;
    }

    /** The folder's other feed files that parse (a malformed one is refused on its own when it is run). */
    private java.util.Map<Path, Feed> othersThan(Path file) {
        java.util.Map<Path, Feed> others = new java.util.LinkedHashMap<>();
        for (Path other : feedFiles()) {
            if (!other.equals(file)) {
                try {
                    others.put(other, parseNamed(other));
                } catch (FeedConfigException e) {
                    // refused on its own when it is run
                }
            }
        }
        return others;
    }

    /** The {@code *.yml} files of the feed folder. */
    private List<Path> feedFiles() {
        if (!Files.isDirectory(jobsFolder)) {
            throw new FeedConfigException("feed folder " + jobsFolder + " does not exist");
        }
        try (Stream<Path> files = Files.list(jobsFolder)) {
            List<Path> all = files.toList();
            // round 28: jobs/biolab-sud.yaml was never run nor named, the new lab's files piling up unseen
            for (Path p : all) {
                String n = p.getFileName().toString();
                if (!n.endsWith(".yml") && n.toLowerCase(java.util.Locale.ROOT).matches(".*\\.ya?ml")) {
                    throw new FeedConfigException(p + ": a feed file's name ends in .yml (rename it, or move it out of "
                            + jobsFolder + ")");
                }
            }
            return all.stream().filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new FeedConfigException("cannot list feed folder " + jobsFolder + ": " + e.getClass().getSimpleName());
        }
    }

    private static String nameOf(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.length() - 4);
    }

    /** A feed file whose name may name a feed, parsed; else "unknown feed". */
    private Feed parseNamed(Path file) {
        String name = nameOf(file);
        if (!FEED_NAME.matcher(name).matches()) {
            // round 28: "jobs/Biolab Sud.yml" was refused "no file" though it was there
            throw new FeedConfigException(file + ": '" + name + "' is no feed name: " + NAMES);
        }
        if (!Files.isRegularFile(file)) {
            throw new FeedConfigException("unknown feed '" + fr.dmp.ingest.domain.Printable.of(name) + "': no file " + file);
        }
        return parse(file);
    }

    /**
     * A careless operator's feed file (round 9 attack 11): a drop pointed at another feed's quarantine took its reason
     * files as inputs and moved them away; two feeds on one drop race for its files. A drop may not be a work root nor
     * inside any feed's claim, archive or quarantine folder, nor another feed's drop. {@code parsed} holds the folder's
     * other feeds that parse (it may hold this one too, under its file).
     */
    private void checkDropAgainstTheOthers(Feed feed, Path file, java.util.Map<Path, Feed> parsed) {
        checkDropAgainstTheOthers(feed, file, parsed, file + ": field 'drop'");
    }

    /**
     * The feed with {@code ingest --inbox DIR} for its drop, held to the rules of a feed file's drop (round 26, a tester:
     * {@code --inbox var/keys} sealed the content key away under itself, {@code --inbox var} took the database's password
     * file).
     */
    public Feed loadWithInbox(String name, Path inbox) {
        Feed feed = load(name).withDrop(inbox);
        Path file = jobsFolder.resolve(name + ".yml");
        checkDropAgainstTheOthers(feed, file, othersThan(file), "--inbox " + inbox);
        return feed;
    }

    /** Folders of the operating system: never a drop, nor anything inside them. */
    static final List<String> SYSTEM_FOLDERS = List.of("/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
            "/boot", "/dev", "/proc", "/sys", "/run", "/var/log", "/var/mail", "/snap", "/var/backups", "/var/lib/postgresql",
            "/var/lib/mysql", "/var/lib/dpkg", "/var/lib/apt", "/var/lib/systemd", "/var/cache/apt");

    /** Folders that hold others' folders (a drop may be inside them, /var/lib/dmp-ingest/drop, but not one of them). */
    static final java.util.Set<String> SHARED_FOLDERS = java.util.Set.of("/var", "/var/lib", "/var/spool", "/var/cache",
            "/var/tmp", "/srv", "/opt", "/home", "/root", "/tmp", "/mnt", "/media");

    /** What dmp-ingest keeps in a work folder besides claim, archive and quarantine, and in var/ by default. */
    private static final List<String> OWN_FOLDERS = List.of("keys", "db", "reports");

    /**
     * Why a file the operator names for dmp-ingest to write (a run report) may not be there, or null: in the feed folder
     * (a report named x.yml became a feed that refused every run) or where the install keeps its keys, database or
     * reports' own files... (round 26, a tester).
     */
    public String writeProblem(Path file) {
        Path target = real(file);
        Path here = real(Path.of(""));
        List<Path> kept = new java.util.ArrayList<>(stateFolders);
        kept.add(jobsFolder);
        for (Path folder : kept) {
            Path state = real(folder);
            if (!here.startsWith(state) && target.startsWith(state)) {
                return "is inside " + state + " (what dmp-ingest keeps: its keys, database or feed files)";
            }
        }
        return null;
    }

    /** The folder as the file system resolves it (a symbolic link to var/keys is var/keys), when it exists. */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent(); // a folder not made yet, under a link that exists (/opt/dmp -> /srv/dmp-1.2)
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }

    private void checkDropAgainstTheOthers(Feed feed, Path file, java.util.Map<Path, Feed> parsed, String what) {
        Path drop = real(feed.drop());
        List<Feed> all = new java.util.ArrayList<>(List.of(feed));
        parsed.forEach((f, other) -> {
            if (!f.equals(file)) {
                all.add(other);
            }
        });
        for (Feed other : all) {
            Path work = real(other.work());
            if (drop.equals(work)) {
                throw new FeedConfigException(what + " is the work folder of feed '" + other.name()
                        + "' (its claim, archive and quarantine would be read as input)");
            }
            for (String kept : List.of("claim", "archive", "quarantine")) {
                if (drop.startsWith(work.resolve(kept))) {
                    throw new FeedConfigException(what + " is inside the " + kept + " folder of " + work
                            + " (a drop may not hold what dmp-ingest keeps)");
                }
            }
            // round 26 (a tester): a drop at var/keys or var/db took the content key file, the database's password
            // and its data files as inputs, sealed them into the quarantine and removed them: the store was lost
            for (String own : OWN_FOLDERS) {
                if (drop.startsWith(work.resolve(own))) {
                    throw new FeedConfigException(what + " is inside " + work.resolve(own) + " (what dmp-ingest keeps: a drop may"
                            + " not hold its keys, database or reports)");
                }
            }
            if (work.startsWith(drop)) {
                throw new FeedConfigException(what + " holds the work folder " + work + " of feed '" + other.name()
                        + "' (a drop may not hold what dmp-ingest keeps)");
            }
            if (other != feed && drop.equals(real(other.drop()))) {
                throw new FeedConfigException(what + " is also the drop of feed '" + other.name()
                        + "' (two feeds would race for its files)");
            }
        }
        // round 28, an operator as root: --inbox /etc quarantined /etc/passwd, shadow, hosts... (sealed, removed): a drop
        // is never a folder of the operating system nor a home folder itself
        for (String system : SYSTEM_FOLDERS) {
            Path folder = Path.of(system);
            if (drop.equals(folder) || drop.startsWith(folder)) {
                throw new FeedConfigException(what + " is " + (drop.equals(folder) ? "" : "inside ") + folder
                        + ", a folder of the operating system (a drop is a folder the senders write to)");
            }
        }
        // round 28, an attacker: --inbox ~/.ssh or /root/.cache was taken (a quiet-period run would have sealed the keys
        // away): a drop is never a hidden folder nor inside one
        Path here = real(Path.of(""));
        for (Path part : drop.startsWith(here) ? here.relativize(drop) : drop) {
            // within the install folder only its own names count (a checkout may live under a hidden folder)
            if (part.toString().startsWith(".")) {
                throw new FeedConfigException(what + " is in a hidden folder (" + part + "): a drop is a folder the senders"
                        + " write to, never one of an account's or a program's own");
            }
        }
        Path home = real(Path.of(System.getProperty("user.home", "/nonexistent")));
        if (drop.equals(home) || SHARED_FOLDERS.contains(drop.toString())) {
            throw new FeedConfigException(what + " is " + drop + ", a " + (drop.equals(home) ? "home" : "shared")
                    + " folder itself: its files are not a sender's (a drop is a folder of its own)");
        }
        // the content keys, the embedded database and the reports, where this install keeps them (var/ by default),
        // whatever the feeds' work folders
        List<Path> kept = new java.util.ArrayList<>(stateFolders);
        kept.addAll(reportFolders);
        kept.add(jobsFolder); // the feed files themselves (round 26, a tester: --inbox jobs sealed every feed file away)
        for (Path folder : kept) {
            Path state = real(folder);
            if (here.startsWith(state)) {
                continue; // a key file in the install folder itself: that folder holds every drop, it cannot be kept out
            }
            if (drop.startsWith(state) || state.startsWith(drop)) {
                throw new FeedConfigException(what + (drop.startsWith(state) ? " is inside " : " holds ") + state
                        + " (what dmp-ingest keeps: a drop may not hold its keys, database, reports or feed files)");
            }
        }
    }

    public Feed parse(Path file) {
        String where = file.toString();
        JsonNode root;
        try {
            root = yaml.readTree(file.toFile());
        } catch (JacksonException e) {
            String line = e.getLocation() == null ? "?" : Integer.toString(e.getLocation().getLineNr());
            boolean twice = String.valueOf(e.getOriginalMessage()).startsWith("Duplicate");
            throw new FeedConfigException(where + (twice ? ": a field given twice (line " + line + "): keep one"
                    : ": not valid YAML (line " + line + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new FeedConfigException(where + ": expected a mapping of feed fields");
        }
        for (String field : root.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new FeedConfigException(where + ": unknown field '" + field + "'");
            }
        }
        Fields f = new Fields(where, root);
        String base = file.getFileName().toString().replaceFirst("\\.yml$", "");
        String name = f.requiredString("name");
        if (!name.equals(base)) {
            throw new FeedConfigException(where + ": field 'name' must equal the file name '" + base + "' (got '" + name + "')");
        }
        FeedKind kind = root.has("kind") ? f.choice("kind", FeedKind.values(), FeedKind::key) : FeedKind.DOCUMENTS;
        int runOrder = (int) f.positive("runOrder", 50);
        Path drop = Path.of(f.requiredString("drop"));
        Path work = Path.of(f.optionalString("work", "var"));
        Set<SourceFormat> formats = f.formats();
        JsonNode sender = f.requiredObject("sender");
        String finess = new Fields(where + " sender", sender).requiredString("finess");
        if (!Finess.isValid(finess)) {
            throw new FeedConfigException(where + ": field 'sender.finess' must be a 9-character FINESS number");
        }
        DossierPolicy policy = f.choice("dossierPolicy", DossierPolicy.values(), DossierPolicy::key);
        InsMode insMode = f.choice("insMode", InsMode.values(), InsMode::key);
        Set<IdentityStatus> statuses = EnumSet.of(IdentityStatus.QUAL);
        boolean acceptWhenAbsent = false;
        String legacyNirOid = null;
        JsonNode identity = root.get("identity");
        if (identity != null) {
            Fields id = new Fields(where, identity, "identity.");
            for (String field : identity.propertyNames()) {
                if (!Set.of("acceptedStatuses", "whenAbsent", "legacyNirOid").contains(field)) {
                    throw new FeedConfigException(where + ": unknown field 'identity." + field + "'");
                }
            }
            legacyNirOid = id.optionalString("legacyNirOid", null);
            if (legacyNirOid != null && fr.dmp.ingest.domain.InsOid.fromOid(legacyNirOid).isEmpty()) {
                throw new FeedConfigException(where + ": field 'identity.legacyNirOid' must be an INS OID (docs/identifiers.md)");
            }
            statuses = id.statuses("acceptedStatuses");
            String absent = id.optionalString("whenAbsent", "reject");
            if (!absent.equals("accept") && !absent.equals("reject")) {
                throw new FeedConfigException(where + ": field 'identity.whenAbsent' must be accept or reject (got '" + absent + "')");
            }
            acceptWhenAbsent = absent.equals("accept");
        }
        long maxSize = f.size("maxFileSize", 20L * 1024 * 1024);
        int maxPages = (int) f.positive("maxPdfPages", 1000);
        long maxDecoded = f.size("maxDecodedSize", 256L * 1024 * 1024);
        Duration quiet = f.duration("quietPeriod", Duration.ofSeconds(5));
        Completion completion = completion(where, f.optionalString("completion", "quiet-period"), f.optionalString("marker", null));
        Charset charset = f.charset("charset", java.nio.charset.StandardCharsets.ISO_8859_1);
        ZoneId zone = f.zone("timezone", ZoneId.of("Europe/Paris"));
        ClassifyPolicy classification = classification(where, root.get("classification"));
        retention(where, root.get("retention")); // refused at start when malformed, not at the night's purge
        if (kind == FeedKind.DOCUMENTS && formats.contains(SourceFormat.CSV)) {
            throw new FeedConfigException(where + ": field 'formats' has csv, which only a feed of kind events reads");
        }
        return new Feed(name, kind, runOrder, drop, work, formats, finess, policy, insMode, statuses, acceptWhenAbsent,
                legacyNirOid, maxSize,
                maxPages, maxDecoded, quiet, charset, zone, classification, completion,
                annulsDeaths(where, root.get("annulsDeaths"), kind));
    }

    /**
     * {@code completion: quiet-period} (default) or {@code completion: marker} with {@code marker: .ok} (the
     * default marker) or {@code .done}: how a sender says a file is complete (issue 16, "Losses" 6).
     */
    private static Completion completion(String where, String mode, String marker) {
        switch (mode) {
            case "quiet-period" -> {
                if (marker != null) {
                    throw new FeedConfigException(where + ": field 'marker' needs 'completion: marker'");
                }
                return Completion.QUIET_PERIOD;
            }
            case "marker" -> {
                try {
                    return Completion.marker(marker == null ? ".ok" : marker);
                } catch (IllegalArgumentException e) {
                    throw new FeedConfigException(where + ": field 'marker' must be a suffix such as .ok or .done");
                }
            }
            default -> throw new FeedConfigException(where + ": field 'completion' must be quiet-period or marker (got '"
                    + mode + "')");
        }
    }

    /** {@code classification: {threshold, overrideThreshold, localCodes: {TXA-2: {CODE: type}, OBR-4: {...}}}} */
    /** The kept files' retention of a feed ({@code retention: {archive: P10Y, quarantine: P1Y}}), defaults for what is not said. */
    public KeptRetention retention(String name) {
        Path file = jobsFolder.resolve(name + ".yml");
        load(name); // the feed exists and is well formed
        try {
            return retention(file.toString(), yaml.readTree(file.toFile()).get("retention"));
        } catch (JacksonException e) {
            throw new FeedConfigException(file + ": not valid YAML");
        }
    }

    private static KeptRetention retention(String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return KeptRetention.DEFAULT;
        }
        if (!node.isObject()) {
            throw new FeedConfigException(where + ": field 'retention' must be a mapping such as {archive: P10Y, quarantine: P1Y}");
        }
        for (String field : node.propertyNames()) {
            if (!Set.of("archive", "quarantine").contains(field)) {
                throw new FeedConfigException(where + ": unknown field 'retention." + field + "'");
            }
        }
        return new KeptRetention(period(where, node, "archive", KeptRetention.DEFAULT.archive()),
                period(where, node, "quarantine", KeptRetention.DEFAULT.quarantine()));
    }

    private static java.time.Period period(String where, JsonNode node, String field, java.time.Period fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        try {
            java.time.Period p = java.time.Period.parse(v.asString().strip());
            if (p.isNegative() || p.isZero()) {
                throw new DateTimeException("not positive");
            }
            return p;
        } catch (DateTimeException e) {
            throw new FeedConfigException(where + ": field 'retention." + field + "' must be a positive ISO-8601 period such as P10Y,"
                    + " P1Y or P6M (got '" + v.asString() + "')");
        }
    }

    /** rules.md R4: {@code annulsDeaths: true} lets an events feed annul a death recorded in error; default false. */
    private static boolean annulsDeaths(String where, JsonNode node, FeedKind kind) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new FeedConfigException(where + ": field 'annulsDeaths' must be true or false");
        }
        if (node.asBoolean() && kind != FeedKind.EVENTS) {
            throw new FeedConfigException(where + ": field 'annulsDeaths' is for an events feed only");
        }
        return node.asBoolean();
    }

    private static ClassifyPolicy classification(String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return ClassifyPolicy.defaults();
        }
        Fields f = new Fields(where, node, "classification.");
        for (String field : node.propertyNames()) {
            if (!Set.of("threshold", "overrideThreshold", "localCodes").contains(field)) {
                throw new FeedConfigException(where + ": unknown field 'classification." + field + "'");
            }
        }
        double threshold = f.probability("threshold", ClassifyPolicy.DEFAULT_THRESHOLD);
        double override = f.probability("overrideThreshold", ClassifyPolicy.DEFAULT_OVERRIDE);
        if (override < threshold) {
            throw new FeedConfigException(where + ": field 'classification.overrideThreshold' must not be under 'threshold'");
        }
        java.util.Map<String, java.util.Map<String, String>> local = new java.util.LinkedHashMap<>();
        JsonNode codes = node.get("localCodes");
        if (codes != null && !codes.isNull()) {
            if (!codes.isObject()) {
                throw new FeedConfigException(where + ": field 'classification.localCodes' must be a mapping");
            }
            for (String field : codes.propertyNames()) {
                if (!field.equals("TXA-2") && !field.equals("OBR-4")) {
                    throw new FeedConfigException(where + ": field 'classification.localCodes." + field
                            + "' is not a field with local codes (TXA-2, OBR-4)");
                }
                JsonNode table = codes.get(field);
                if (!table.isObject()) {
                    throw new FeedConfigException(where + ": field 'classification.localCodes." + field + "' must be a mapping");
                }
                java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
                for (String code : table.propertyNames()) {
                    String target = table.get(code).asString();
                    if (Catalogue.standard().type(target).isEmpty()) {
                        // codes.md: a local code maps to a DMP type of the catalogue, or the feed is refused at start
                        throw new FeedConfigException(where + ": field 'classification.localCodes." + field + "." + code
                                + "' maps to " + target + ", not a DMP type code of the catalogue");
                    }
                    m.put(code, target);
                }
                local.put(field, m);
            }
        }
        return new ClassifyPolicy(threshold, override, local);
    }

    /** Typed access to the fields of one mapping, with errors that name the field. */
    private static final class Fields {
        private final String where;
        private final JsonNode node;
        private final String prefix;

        Fields(String where, JsonNode node) {
            this(where, node, "");
        }

        Fields(String where, JsonNode node, String prefix) {
            this.where = where;
            this.node = node;
            this.prefix = prefix;
            if (node == null || !node.isObject()) {
                throw fail("", "must be a mapping");
            }
        }

        FeedConfigException fail(String field, String problem) {
            return new FeedConfigException(where + ": field '" + prefix + field + "' " + problem);
        }

        String requiredString(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw fail(field, "is required");
            }
            if (!v.isValueNode() || v.asString().isBlank()) {
                throw fail(field, "must be a non-empty value");
            }
            return v.asString().strip();
        }

        String optionalString(String field, String fallback) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isValueNode() || v.asString().isBlank()) {
                throw fail(field, "must be a non-empty value");
            }
            return v.asString().strip();
        }

        JsonNode requiredObject(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isObject()) {
                throw fail(field, "is required and must be a mapping");
            }
            return v;
        }

        <E> E choice(String field, E[] values, java.util.function.Function<E, String> key) {
            String value = requiredString(field);
            for (E e : values) {
                if (key.apply(e).equals(value)) {
                    return e;
                }
            }
            List<String> keys = new ArrayList<>();
            for (E e : values) {
                keys.add(key.apply(e));
            }
            throw fail(field, "must be one of " + String.join(", ", keys) + " (got '" + value + "')");
        }

        Set<SourceFormat> formats() {
            JsonNode v = node.get("formats");
            if (v == null || !v.isArray() || v.isEmpty()) {
                throw fail("formats", "is required and must be a non-empty list");
            }
            Set<SourceFormat> formats = new LinkedHashSet<>();
            for (JsonNode item : v) {
                String key = item.asString();
                formats.add(SourceFormat.fromKey(key).orElseThrow(() -> fail("formats",
                        "has an unknown format '" + key + "' (known: hl7v2, cda, pdf, hprim, csv)")));
            }
            return formats;
        }

        Set<IdentityStatus> statuses(String field) {
            JsonNode v = node.get(field);
            if (v == null) {
                return EnumSet.of(IdentityStatus.QUAL);
            }
            if (!v.isArray() || v.isEmpty()) {
                throw fail(field, "must be a non-empty list of PROV, RECUP, VALI, QUAL");
            }
            Set<IdentityStatus> set = EnumSet.noneOf(IdentityStatus.class);
            for (JsonNode item : v) {
                String s = item.asString();
                set.add(IdentityStatus.parse(s).orElseThrow(() -> fail(field,
                        "has an unknown identity status '" + s + "' (known: PROV, RECUP, VALI, QUAL)")));
            }
            return set;
        }

        long size(String field, long fallback) {
            String s = optionalString(field, null);
            if (s == null) {
                return fallback;
            }
            Matcher m = SIZE.matcher(s);
            if (!m.matches()) {
                throw fail(field, "must be a size such as 20MB (got '" + s + "')");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
            long factor = switch (unit) {
                case "KB" -> 1024L;
                case "MB" -> 1024L * 1024;
                case "GB" -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            if (n <= 0) {
                throw fail(field, "must be positive");
            }
            return Math.multiplyExact(n, factor);
        }

        double probability(String field, double fallback) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isNumber() || v.asDouble() <= 0 || v.asDouble() > 1) {
                throw fail(field, "must be a number in (0, 1]");
            }
            return v.asDouble();
        }

        long positive(String field, long fallback) {
            String s = optionalString(field, null);
            if (s == null) {
                return fallback;
            }
            try {
                long v = Long.parseLong(s);
                if (v > 0 && v <= Integer.MAX_VALUE) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw fail(field, "must be a positive whole number (got '" + s + "')");
        }

        Duration duration(String field, Duration fallback) {
            String s = optionalString(field, null);
            if (s == null) {
                return fallback;
            }
            return parseDuration(s).orElseThrow(() -> fail(field, "must be a duration such as 5s, 500ms or 2m (got '" + s + "')"));
        }

        Charset charset(String field, Charset fallback) {
            String s = optionalString(field, null);
            if (s == null) {
                return fallback;
            }
            try {
                return Charset.forName(s);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw fail(field, "is not a known character set (got '" + s + "')");
            }
        }

        ZoneId zone(String field, ZoneId fallback) {
            String s = optionalString(field, null);
            if (s == null) {
                return fallback;
            }
            try {
                return ZoneId.of(s);
            } catch (DateTimeException e) {
                throw fail(field, "is not a known time zone (got '" + s + "')");
            }
        }
    }

    /** Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or an ISO-8601 duration. */
    static final Duration MAX_DURATION = Duration.ofDays(366);

    public static java.util.Optional<Duration> parseDuration(String s) {
        Matcher m = DURATION.matcher(s.strip());
        Duration d;
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } else {
                d = Duration.parse(s.strip());
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            return java.util.Optional.empty(); // 9999999999999999999h was an exception's name and exit 1 (round 26)
        }
        // PT-5S is a duration too, but no quiet period: a negative one is refused as "-5s" is; nor is one over a year,
        // which the scan's instant arithmetic cannot hold (9999999999999h failed at run time, round 26 review)
        return d.isNegative() || d.compareTo(MAX_DURATION) > 0 ? java.util.Optional.empty() : java.util.Optional.of(d);
    }
}
