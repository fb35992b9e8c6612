package fr.dmp.ingest.cli;

import fr.dmp.ingest.ChildJvm;
import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.store.ContentKeys;
import fr.dmp.ingest.store.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, as an operator runs the commands, each in its own JVM against the tests' PostgreSQL:
 * {@code audit --verify} as the auditor (exit 0 on a chain that holds, 3 and one line naming the row after
 * the owner altered one), and a content key refused at start (an id pasted twice, a known id with other bytes).
 */
class AuditCommandTest extends PipelineTestSupport {

    @Autowired
    EmbeddedPostgresServer postgres;

    @Autowired
    ContentKeys keys;

    record Run(int exit, List<String> errorLines, String output) {
    }

    private Run command(String role, String contentKeys, String... args) throws Exception {
        Path out = Files.createDirectories(work.resolve("out-" + System.nanoTime()));
        ProcessBuilder pb = ChildJvm.builder(postgres, Path.of("jobs"), out, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), args);
        pb.environment().put("SPRING_DATASOURCE_USERNAME", role);
        pb.environment().put("SPRING_DATASOURCE_PASSWORD", postgres.password(role)); // the embedded store asks for it
        if (contentKeys != null) {
            pb.environment().put(ContentKeys.ENVIRONMENT, contentKeys);
            // keys given one way (a key file beside different keys in the environment is refused): no file here
            pb.command().replaceAll(a -> a.startsWith("--dmp.crypto.key-file=") ? "--dmp.crypto.key-file=" + out.resolve("none.keys") : a);
        }
        Process p = ChildJvm.start(pb);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the command ends").isTrue();
        String output = ChildJvm.output(pb);
        return new Run(p.exitValue(), output.lines().filter(l -> l.startsWith("dmp-ingest: ")).toList(), output);
    }

    private static String randomKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void r7_auditVerifyAsTheAuditorPassesAfterARunAndFailsInOneLineAfterTheOwnerAltersARow() throws Exception {
        ingest("lab-results", dropWithSamples("lab-results"));
        long rows = count("SELECT count(*) FROM dmp.audit_event");
        Run ok = command("dmp_audit", null, "audit", "--verify");
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("audit chain holds: " + rows + " rows").contains("run report anchors checked");
        // round 28, an attacker: --anchors naming a missing or empty folder said "holds", the anchors' check silently off
        java.nio.file.Path empty = java.nio.file.Files.createDirectories(work.resolve("no-anchors-here"));
        Run none = command("dmp_audit", null, "audit", "--verify", "--anchors", empty.toString());
        assertThat(none.exit()).as(none.output()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(none.output()).contains("holds no run report anchor of this database");
        Run missing = command("dmp_audit", null, "audit", "--verify", "--anchors", work.resolve("typo").toString());
        assertThat(missing.exit()).as(missing.output()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(missing.output()).contains("no such folder");

        long id = count("SELECT id FROM dmp.audit_event WHERE chain_seq = 5");
        jdbc.execute("ALTER TABLE dmp.audit_event DISABLE TRIGGER audit_event_append_only");
        try {
            jdbc.update("UPDATE dmp.audit_event SET detail = 'forged' WHERE id = ?", id);
        } finally {
            jdbc.execute("ALTER TABLE dmp.audit_event ENABLE TRIGGER audit_event_append_only");
        }
        Run broken = command("dmp_audit", null, "audit", "--verify");
        assertThat(broken.exit()).as(broken.output()).isEqualTo(AuditCommand.EXIT_CHAIN_BROKEN);
        assertThat(broken.errorLines()).containsExactly("dmp-ingest: audit row " + id + " does not match its hash: altered or forged");
        assertThat(broken.output()).doesNotContain("forged'");
    }

    /**
     * Round 23, a new operator on a server: {@code document} and {@code audit} run as the job's role (the README's
     * environment) said "find: org.postgresql.util.PSQLException", exit 1, and nothing said which role they need.
     */
    @Test
    void r10_aCommandRunAsARoleWithoutItsRightsSaysWhichRoleInOneLineAndExits3() throws Exception {
        ingest("lab-results", dropWithSamples("lab-results"));
        for (String[] args : List.of(new String[] {"audit", "--verify"}, new String[] {"document", "find", "--file", "oru-0001.hl7"})) {
            Run refused = command("dmp_ingest", null, args);
            assertThat(refused.exit()).as(refused.output()).isEqualTo(fr.dmp.ingest.cli.Cli.EXIT_CONFIGURATION);
            assertThat(refused.errorLines()).hasSize(1);
            assertThat(refused.errorLines().get(0)).contains("the database refused this role the rights the command needs"
                    + " (SQLState 42501): document reads as dmp_reader, audit as dmp_audit");
        }
        Run reader = command("dmp_reader", null, "document", "find", "--file", "oru-0001.hl7");
        assertThat(reader.exit()).as(reader.output()).isZero();
        assertThat(reader.output()).contains("1 document(s)");
    }

    @Test
    void r11_aContentKeyIdPastedTwiceOrKnownWithOtherBytesIsRefusedAtStartInOneLine() throws Exception {
        String other = randomKey();
        Run twice = command("dmp_ingest", "k1:" + randomKey() + ";k1:" + other, "ingest", "--feed", "lab-results");
        assertThat(twice.exit()).as(twice.output()).isEqualTo(Cli.EXIT_CONFIGURATION);
        assertThat(twice.errorLines()).containsExactly("dmp-ingest: cannot start: content key 'k1' is given twice in"
                + " DMP_CONTENT_KEYS: one id, one key (a new key takes a new id)");

        Run differs = command("dmp_ingest", keys.activeId() + ":" + other, "ingest", "--feed", "lab-results");
        assertThat(differs.exit()).as(differs.output()).isEqualTo(Cli.EXIT_CONFIGURATION);
        assertThat(differs.errorLines()).containsExactly("dmp-ingest: cannot start: content key '" + keys.activeId()
                + "' is not the key first used under that id (its check value differs): give that id's original key;"
                + " a new key takes a new id");
        assertThat(differs.output()).doesNotContain(other);
    }
}
