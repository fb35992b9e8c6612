package fr.dmp.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts dmp-ingest as a separate JVM, as an operator would: the tests' class path (class folders as jars, with a
 * class data sharing archive: {@link ClassDataSharing}), the first JIT compiler unless the test says otherwise, its own
 * heap limit, the test's PostgreSQL as a configured server (the migrations as the owner, the job as
 * dmp_ingest). Used by the tests that kill it or starve it.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** A child on the test's embedded server, given its owner's and dmp_ingest's passwords (it asks for them). */
    public static ProcessBuilder builder(fr.dmp.ingest.store.EmbeddedPostgresServer server, Path jobs, Path output,
                                         List<String> jvmOptions, String... args) {
        ProcessBuilder pb = builder(server.jdbcUrl(), jobs, output, jvmOptions, args);
        pb.environment().put("SPRING_FLYWAY_PASSWORD", server.ownerPassword());
        pb.environment().put("SPRING_DATASOURCE_PASSWORD", server.password("dmp_ingest"));
        return pb;
    }

    public static ProcessBuilder builder(String jdbcUrl, Path jobs, Path output, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-XX:TieredStopAtLevel"))) {
            // the first compiler only, as bin/dmp-ingest gives workers: a child lives seconds, and the second compiler's
            // threads took a core beside it (the suite's time is CPU on two cores); what is tested does not depend on it
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(ClassDataSharing.OPTIONS);
        command.add("-cp");
        command.add(ClassDataSharing.classPath());
        command.add("fr.dmp.ingest.DmpIngestApplication");
        command.addAll(List.of(args));
        command.add("--dmp.jobs-folder=" + jobs.toAbsolutePath());
        Path keys = TestKeys.file().toAbsolutePath();
        synchronized (ChildJvm.class) {
            if (!java.nio.file.Files.exists(keys)) {
                fr.dmp.ingest.store.ContentKeys.generate(keys); // a configured server needs a key: the tests' own
            }
        }
        command.add("--dmp.crypto.key-file=" + keys);
        command.add("--dmp.reports-folder=" + output.resolve("reports").toAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("SPRING_DATASOURCE_URL", jdbcUrl);
        env.put("SPRING_DATASOURCE_USERNAME", "dmp_ingest");
        env.put("SPRING_FLYWAY_USER", "postgres");
        env.remove("DMP_CONTENT_KEYS");
        pb.redirectErrorStream(true);
        pb.redirectOutput(output.resolve("child-" + System.nanoTime() + ".log").toFile());
        return pb;
    }

    /** What a child wrote (standard output and error), to say why it failed. */
    public static String output(ProcessBuilder pb) {
        try {
            return java.nio.file.Files.readString(pb.redirectOutput().file().toPath());
        } catch (IOException e) {
            return "(no output: " + e.getClass().getSimpleName() + ")";
        }
    }

    public static Process start(ProcessBuilder pb) {
        ClassDataSharing.record(pb);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a child JVM", e);
        }
    }
}
