package fr.dmp.ingest.format.pdf;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.format.IsoTimes;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.PatientIdentifier;
import fr.dmp.ingest.format.PatientRef;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sidecar {@code <name>.pdf.json} that brings a PDF's identity and metadata, checked against
 * {@code schema/sidecar.schema.json}. A sidecar that is not valid JSON or breaks the schema is
 * {@code METADATA_MISSING}, with the failing field's path (never its value); one that gives a key twice,
 * at any depth, is {@code METADATA_INVALID} (never "the last one wins").
 */
public record Sidecar(PatientRef patient, String documentId, String typeCode, String title, String authorOrganisation,
                      Instant creationTime, List<String> confidentiality, String replaces) {

    /**
     * A key given twice is refused, at any depth: without this Jackson keeps the last one, and
     * {@code "confidentiality": ["MASQUE_PS"]} followed by {@code "confidentiality": ["N"]} would store
     * {@code N}, the masking silently gone (rules.md R6: a flag is never dropped).
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Only to tell a repeated key from broken JSON once the strict reading failed. */
    private static final JsonMapper LENIENT = JsonMapper.builder().build();
    private static final Schema SCHEMA = loadSchema();

    private static Schema loadSchema() {
        try (InputStream in = Sidecar.class.getResourceAsStream("/schema/sidecar.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schema/sidecar.schema.json missing from the class path");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                    b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()))
                    .getSchema(in, InputFormat.JSON);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the sidecar schema", e);
        }
    }

    /** The parsed sidecar, or the refusal that explains why it cannot be used. */
    public sealed interface Parsed {
    }

    public record Valid(Sidecar sidecar) implements Parsed {
    }

    public record Invalid(Rejection rejection) implements Parsed {
    }

    /** The offset of the first byte that is not part of valid UTF-8, or -1. */
    static int firstNonUtf8(byte[] bytes) {
        var decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(4096);
        while (true) {
            java.nio.charset.CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }

    /** @param zone the feed's time zone, for a creation time written without an offset */
    public static Parsed parse(byte[] json, ZoneId zone) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            if (repeatsAKey(json)) {
                // which key is not said: the message of the parser would quote the sender's bytes
                return new Invalid(Rejection.of(ReasonCode.METADATA_INVALID,
                        "sidecar gives a key twice (which value holds is ambiguous)"));
            }
            int bad = firstNonUtf8(json);
            if (bad >= 0) {
                // a sidecar written in Latin-1 by a French Windows tool was "not valid JSON", well formed as it is (round
                // 37, a tester): the byte and where, never the text around it
                return new Invalid(Rejection.of(ReasonCode.ENCODING_INVALID, String.format("sidecar is not UTF-8 (byte 0x%02X"
                        + " at offset %d): JSON is UTF-8 (RFC 8259); have the sender write it so (a Latin-1 or Windows-1252"
                        + " sidecar must be re-encoded)", json[bad] & 0xFF, bad)));
            }
            return new Invalid(Rejection.of(ReasonCode.METADATA_MISSING, "sidecar is not valid JSON"));
        }
        if (root == null || root.isMissingNode()) {
            // nothing but blanks: no field to name (round 32, a tester: "sidecar field  fails 'type'")
            return new Invalid(Rejection.of(ReasonCode.METADATA_MISSING, "sidecar is empty"));
        }
        List<Error> errors = SCHEMA.validate(root);
        if (!errors.isEmpty()) {
            Error first = errors.get(0);
            String where = first.getInstanceLocation() == null ? "$" : first.getInstanceLocation().toString();
            String field = first.getProperty() != null ? where + "." + first.getProperty() : where;
            // a field absent is missing; one present with a value or a key the schema refuses is invalid (round 9)
            ReasonCode reason = "required".equals(first.getKeyword()) ? ReasonCode.METADATA_MISSING : ReasonCode.METADATA_INVALID;
            return new Invalid(Rejection.of(reason, "sidecar field " + field + " fails '" + first.getKeyword() + "'"));
        }
        Optional<String> control = controlCharacterAt(root, "$");
        if (control.isPresent()) {
            // JSON may escape any character (\u0000); no field of a sidecar holds one, and a database text cannot
            return new Invalid(Rejection.of(ReasonCode.METADATA_INVALID, "sidecar field " + control.get()
                    + " holds a control character"));
        }
        JsonNode p = root.get("patient");
        JsonNode d = root.get("document");
        List<String> firstNames = new ArrayList<>();
        p.get("firstNames").forEach(n -> firstNames.add(n.asString()));
        BirthDate birth;
        Instant created;
        try {
            birth = BirthDate.iso(p.get("birthDate").asString()); // 1961 or 1961-05 when only that is known
            created = instant(d.get("creationTime").asString(), zone);
        } catch (DateTimeException e) {
            return new Invalid(Rejection.of(ReasonCode.DATE_INVALID, "sidecar date unparseable"));
        }
        Traits traits = new Traits(p.get("birthName").asString(), firstNames, Sex.parse(p.get("sex").asString()), birth,
                text(p, "birthPlace").orElse(null));
        PatientRef patient = new PatientRef(List.of(new PatientIdentifier(p.get("ins").asString(), p.get("oid").asString(), "INS")),
                p.get("identityStatus").asString(), traits);
        List<String> confidentiality = new ArrayList<>();
        if (d.has("confidentiality")) {
            d.get("confidentiality").forEach(n -> confidentiality.add(n.asString()));
        }
        return new Valid(new Sidecar(patient, text(d, "id").orElse(null), text(d, "typeCode").orElse(null),
                text(d, "title").orElse(null), d.get("authorOrganisation").asString(), created, confidentiality,
                text(d, "replaces").orElse(null)));
    }

    private static final java.util.regex.Pattern DATE_SPACE_TIME = java.util.regex.Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2})");

    /**
     * {@link IsoTimes}, and "2026-11-20 11:00:00" (a space for the T, as databases and spreadsheets print a timestamp).
     * An independent writer's sidecar said "2026-11-15T16:42:00", without offset, and was refused.
     */
    static Instant instant(String value, ZoneId zone) {
        return IsoTimes.instant(DATE_SPACE_TIME.matcher(value.strip()).replaceFirst("$1T$2"), zone);
    }

    /** Valid JSON that the strict reading refused: the only difference is a repeated key. */
    private static boolean repeatsAKey(byte[] json) {
        try {
            LENIENT.readTree(json);
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    /** The path of the first string holding a control character other than tab and line ends, if any. */
    static Optional<String> controlCharacterAt(JsonNode node, String path) {
        if (node.isString()) {
            return fr.dmp.ingest.format.TextCharsets.firstForbiddenControl(node.asString()) >= 0 ? Optional.of(path) : Optional.empty();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> at = controlCharacterAt(node.get(i), path + "[" + i + "]");
                if (at.isPresent()) {
                    return at;
                }
            }
        } else if (node.isObject()) {
            for (var e : node.properties()) {
                Optional<String> at = controlCharacterAt(e.getValue(), path + "." + e.getKey());
                if (at.isPresent()) {
                    return at;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asString().isBlank() ? Optional.empty() : Optional.of(v.asString().strip());
    }

    @Override
    public String toString() {
        return "Sidecar[masked]";
    }
}
