package fr.dmp.ingest.classify;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The DMP type codes, their classes and the aliases older senders use, loaded from
 * {@code classify/*.csv} at start (codes.md: the lists change a few times a year, so they are data).
 */
public final class Catalogue {

    public static final String LOINC_OID = "2.16.840.1.113883.6.1";
    public static final String TRE_A05_OID = "1.2.250.1.213.1.1.4.12";
    public static final String CLASS_OID = "1.2.250.1.213.1.1.4.1";

    private final Map<String, DocumentType> types;
    private final Map<String, String> classes;
    private final Map<String, Alias> aliases;

    /** An outdated code (in the code system {@code systemOid}) and the current type it maps to. */
    public record Alias(String code, String systemOid, DocumentType mapsTo, String why) {
    }

    private Catalogue(Map<String, DocumentType> types, Map<String, String> classes, Map<String, Alias> aliases) {
        this.types = Collections.unmodifiableMap(types);
        this.classes = Collections.unmodifiableMap(classes);
        this.aliases = Collections.unmodifiableMap(aliases);
    }

    /** The shipped catalogue, read once on first use (the resource does not change while the JVM runs). */
    public static Catalogue standard() {
        return Standard.INSTANCE;
    }

    private static final class Standard {
        static final Catalogue INSTANCE = load();
    }

    public static Catalogue load() {
        Map<String, String> classes = new LinkedHashMap<>();
        for (CSVRecord r : records("classify/dmp-classes.csv")) {
            classes.put(r.get("code"), r.get("display"));
        }
        Map<String, DocumentType> types = new LinkedHashMap<>();
        for (CSVRecord r : records("classify/dmp-types.csv")) {
            String system = r.get("system");
            String oid = oid(system, "dmp-types.csv");
            String classCode = r.get("classCode");
            if (!classes.containsKey(classCode)) {
                throw new IllegalStateException("type " + r.get("code") + " has unknown class " + classCode);
            }
            types.put(r.get("code"), new DocumentType(r.get("code"), system, oid, r.get("display"), classCode));
        }
        Map<String, Alias> aliases = new LinkedHashMap<>();
        for (CSVRecord r : records("classify/dmp-type-aliases.csv")) {
            DocumentType target = types.get(r.get("mapsTo"));
            if (target == null) {
                throw new IllegalStateException("alias " + r.get("code") + " maps to unknown type " + r.get("mapsTo"));
            }
            aliases.put(r.get("code"), new Alias(r.get("code"), oid(r.get("system"), "dmp-type-aliases.csv"), target, r.get("why")));
        }
        return new Catalogue(types, classes, aliases);
    }

    private static String oid(String system, String file) {
        return switch (system) {
            case "LOINC" -> LOINC_OID;
            case "TRE_A05" -> TRE_A05_OID;
            default -> throw new IllegalStateException("unknown code system " + system + " in " + file);
        };
    }

    private static Iterable<CSVRecord> records(String resource) {
        InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource);
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                    .setIgnoreSurroundingSpaces(true).get().parse(reader).getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<DocumentType> type(String code) {
        return Optional.ofNullable(code == null ? null : types.get(code.strip()));
    }

    public Optional<Alias> alias(String code) {
        return Optional.ofNullable(code == null ? null : aliases.get(code.strip()));
    }

    /**
     * The type a code names in the code system a document states: only when that is the catalogue's system for the code
     * (a SNOMED 11488-4 is no LOINC consultation report, round 27, tester C); a code stated without a system, by its code.
     */
    public Optional<DocumentType> type(String code, String systemOid) {
        return type(code).filter(t -> systemOid == null || t.systemOid().equals(systemOid.strip()));
    }

    /** An old code in the code system a document states, under the same rule as {@link #type(String, String)}. */
    public Optional<Alias> alias(String code, String systemOid) {
        return alias(code).filter(a -> systemOid == null || a.systemOid().equals(systemOid.strip()));
    }

    public boolean isClass(String classCode) {
        return classes.containsKey(classCode);
    }

    public String classDisplay(String classCode) {
        return classes.get(classCode);
    }

    public Collection<DocumentType> types() {
        return types.values();
    }

    /** The old codes older senders use, with the type each maps to. */
    public Collection<Alias> aliases() {
        return aliases.values();
    }

    public DocumentType require(String code) {
        return type(code).orElseThrow(() -> new IllegalArgumentException("type " + code + " not in the catalogue"));
    }
}
