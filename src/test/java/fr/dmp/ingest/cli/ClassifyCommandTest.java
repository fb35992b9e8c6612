package fr.dmp.ingest.cli;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code classify} command as a user types it: the evaluation split meets the goals, and
 * each file gets one JSON line with its decision; nothing is stored (no database here).
 */
class ClassifyCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Output(int exit, String out, String err) {
    }

    static synchronized Output run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Cli.run(args);
            return new Output(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void theEvaluationSplitIsAcceptedAt90PercentRightAt98PercentAndEveryUnknownIsRefused() {
        Output r = run("classify", "--evaluate", "classify-corpus/eval", "--json");
        assertThat(r.exit()).isZero();
        JsonNode n = JSON.readTree(r.out());
        assertThat(n.get("documents").asInt()).isEqualTo(315);
        assertThat(n.get("accepted").asDouble()).isGreaterThanOrEqualTo(0.90);
        assertThat(n.get("acceptedAccuracy").asDouble()).isGreaterThanOrEqualTo(0.98);
        assertThat(n.get("unknownRefused").asDouble()).isEqualTo(1.0);
        assertThat(n.has("perType")).isTrue();
        assertThat(n.has("confusion")).isTrue();
    }

    @Test
    void eachFileGetsOneJsonLineWithTypeClassConfidenceAndEvidenceAndARefusalSaysWhy() {
        Output r = run("classify", "--json", "--timing", "sample-data/hospital-reports/report-01-letterhead.pdf",
                "sample-data/lab-results/oru-0001.hl7", "sample-data/hospital-reports/bad-cda-doctype.xml");
        assertThat(r.exit()).isZero();
        List<JsonNode> lines = r.out().lines().map(JSON::readTree).toList();
        assertThat(lines).hasSize(3);

        JsonNode letter = lines.get(0);
        assertThat(letter.get("file").asString()).endsWith("report-01-letterhead.pdf");
        assertThat(letter.get("accepted").asBoolean()).isTrue();
        assertThat(letter.get("typeCode").asString()).isEqualTo("11490-0"); // the sidecar's hint, borne out by the text
        assertThat(letter.get("classCode").asString()).isNotBlank();
        assertThat(letter.get("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(letter.get("evidence").isArray()).isTrue();
        assertThat(letter.get("evidence")).isNotEmpty();

        JsonNode lab = lines.get(1);
        assertThat(lab.get("accepted").asBoolean()).isTrue();
        assertThat(lab.get("typeCode").asString()).isEqualTo("11502-2"); // codes.md: a lab ORU^R01 is a lab report

        JsonNode unsafe = lines.get(2);
        assertThat(unsafe.get("accepted").asBoolean()).isFalse();
        assertThat(unsafe.get("refusal").asString()).startsWith("UNSAFE_CONTENT");

        assertThat(r.err()).contains("timing: 3 files, 2 documents");
    }
}
