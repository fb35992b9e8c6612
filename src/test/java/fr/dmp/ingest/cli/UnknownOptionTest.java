package fr.dmp.ingest.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Round 23, a new operator following the README: every command passes what picocli does not know on to Spring, so
 * {@code ingest --feed lab-results --reprot x} ran the job without its report and exited 0, and {@code status --bogus}
 * answered. Only a Spring setting ({@code --name.of.setting=value}) is passed on now; anything else is a usage error
 * (exit 2, README's table) told before anything starts. No Spring, no database: refused while parsing.
 */
class UnknownOptionTest {

    @Test
    void aMistypedOptionAtAnyDepthIsAUsageErrorNamingIt() {
        for (List<String> args : List.of(
                List.of("ingest", "--feed", "lab-results", "--reprot", "x.json"),
                List.of("ingest", "--feed", "lab-results", "--bogus"),
                List.of("status", "--bogus"),
                List.of("quarantine", "list", "--resaon", "TYPE_UNKNOWN"),
                List.of("document", "find", "--file", "x.hl7", "--bogus"),
                List.of("audit", "--verify", "--bogus"),
                List.of("purge", "--dry-run", "--bogus"),
                List.of("rotate-key", "--bogus"),
                List.of("kept", "open", "j1-0k3x9q2ap1n16", "--to", "out.bin", "--bogus"),
                List.of("serve", "--prot", "9090"),
                List.of("worker", "--bogus"),
                List.of("ingest", "--feed", "lab-results", "--dmp.threads"), // a setting without its value
                List.of("ingest", "--feed", "lab-results", "--threads=2"))) { // not a Spring setting: no dot
            Output out = run(args.toArray(String[]::new));
            assertThat(out.exit()).as(args + ": " + out.err()).isEqualTo(Cli.EXIT_USAGE);
            assertThat(out.err()).as(args.toString()).contains("unknown option or argument '");
        }
    }

    /** Round 28, an attacker: picocli's own usage errors quoted an INS the operator typed (twice, or as a bad value). */
    @Test
    void aUsageErrorQuotingWhatWasTypedMasksAnInsInIt() {
        for (String[] args : new String[][] {{"document", "find", "--ins", "279035121518989", "--ins", "279035121518989"},
                {"purge", "--today", "279035121518989"}, {"ingest", "--feed", "lab-results", "--quiet-period", "279035121518989"}}) {
            Output out = run(args);
            assertThat(out.exit()).as(String.join(" ", args)).isEqualTo(Cli.EXIT_USAGE);
            assertThat(out.err()).as(String.join(" ", args)).doesNotContain("279035121518989");
        }
    }

    @Test
    void theWordRefusedIsEscapedAndAnInsInItMasked() {
        Output out = run("document", "find", "--file", "x.hl7", "279035121518989", "--x\u001b[31m");
        assertThat(out.exit()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(out.err()).doesNotContain("279035121518989").contains("***********8989").doesNotContain("\u001b");
    }

    @Test
    void springSettingsArePassedOnAsBefore() {
        for (List<String> args : List.of(
                List.of("status", "--dmp.threads=2"),
                List.of("ingest", "--feed", "lab-results", "--dmp.crypto.key-file=/k", "--spring.datasource.url=jdbc:x"),
                List.of("quarantine", "list", "--dmp.embedded.data-dir="),
                List.of("worker", "--logging.level.fr.dmp.ingest.remote=DEBUG", "--spring.rabbitmq.port=5673"))) {
            CommandLine.ParseResult parsed = new CommandLine(new Cli()).parseArgs(args.toArray(String[]::new));
            assertThatCode(() -> Cli.onlySettingsUnmatched(parsed)).as(args.toString()).doesNotThrowAnyException();
        }
        CommandLine.ParseResult typo = new CommandLine(new Cli()).parseArgs("status", "--feedd", "x");
        assertThatThrownBy(() -> Cli.onlySettingsUnmatched(typo)).isInstanceOf(CommandLine.ParameterException.class);
    }

    private record Output(int exit, String err) {
    }

    private static Output run(String... args) {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            System.setOut(capture);
            int exit = Cli.run(args);
            return new Output(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
    }
}
