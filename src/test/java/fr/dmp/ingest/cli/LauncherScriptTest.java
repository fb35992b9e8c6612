package fr.dmp.ingest.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/dmp-ingest (issues 17, 19: the start with the build's class data sharing archive): run with a stand-in
 * {@code java} first on the PATH, it passes the archive and the jar by absolute path, the caller's arguments
 * unchanged (spaces included), DMP_JAVA_OPTS before the jar, and hands back the JVM's exit code.
 */
class LauncherScriptTest {

    @TempDir
    Path tmp;

    @Test
    void theLauncherStartsTheJarWithItsArchiveAndTheArgumentsAsGivenAndReturnsTheExitCode() throws Exception {
        Path fakeBin = tmp.resolve("bin");
        Path args = fakeJava(fakeBin, 7);

        ProcessBuilder pb = new ProcessBuilder("bin/dmp-ingest", "quarantine", "handled", "j1p0n2", "--comment", "asked the lab  to resend");
        pb.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
        pb.environment().put("DMP_JAVA_OPTS", "-Xmx2g");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(7);

        String root = Path.of("").toAbsolutePath().toString();
        List<String> given = Files.readAllLines(args);
        assertThat(given).containsExactly(
                "-XX:SharedArchiveFile=" + root + "/target/dmp-ingest.jsa", "-Xshare:auto", "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off", "-Xmx2g", "-jar", root + "/target/dmp-ingest.jar",
                "quarantine", "handled", "j1p0n2", "--comment", "asked the lab  to resend");
    }

    /**
     * An operator who profiles a run (DMP_JAVA_OPTS=-XX:StartFlightRecording...) crashed the JVM with SIGSEGV on
     * the archive's classes (OpenJDK 17.0.15): with a flight recording or an agent, the archive is left out.
     */
    @Test
    void aFlightRecordingOrAnAgentStartsWithoutTheArchive() throws Exception {
        Path fakeBin = tmp.resolve("bin");
        Path args = fakeJava(fakeBin, 0);
        String root = Path.of("").toAbsolutePath().toString();
        for (String options : List.of("-XX:StartFlightRecording=filename=run.jfr", "-javaagent:/opt/apm/agent.jar")) {
            ProcessBuilder pb = new ProcessBuilder("bin/dmp-ingest", "status");
            pb.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
            pb.environment().put("DMP_JAVA_OPTS", options);
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            Process p = pb.start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readAllLines(args)).as(options)
                    .containsExactly(options, "-jar", root + "/target/dmp-ingest.jar", "status");
        }
    }

    /**
     * A remote run's manager only sends requests and polls, and a worker's C2 compiler cost two workers on two cores
     * 63 % more CPU than one (bench/scale.sh, issue 20): the launcher runs both with the first compiler only; nothing else.
     */
    @Test
    void aRemoteRunsManagerAndAWorkerRunWithTheFirstCompilerOnlyAndNoOtherCommandDoes() throws Exception {
        Path fakeBin = tmp.resolve("bin");
        Path args = fakeJava(fakeBin, 0);
        record Case(List<String> command, boolean firstCompilerOnly) { }
        for (Case c : List.of(new Case(List.of("ingest", "--feed", "all", "--remote"), true),
                new Case(List.of("ingest", "--feed", "lab-results"), false),
                new Case(List.of("worker"), true),
                new Case(List.of("worker", "--dmp.remote.worker-threads=2"), true),
                new Case(List.of("status", "worker"), false),
                new Case(List.of("quarantine", "handled", "j1", "--comment", "ingest --remote"), false))) {
            List<String> command = new java.util.ArrayList<>(List.of("bin/dmp-ingest"));
            command.addAll(c.command());
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
            pb.environment().remove("DMP_JAVA_OPTS");
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            Process p = pb.start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<String> given = Files.readAllLines(args);
            assertThat(given.contains("-XX:TieredStopAtLevel=1")).as(String.join(" ", c.command())).isEqualTo(c.firstCompilerOnly());
            assertThat(given.subList(given.indexOf("-jar") + 2, given.size())).isEqualTo(c.command());
        }
    }

    /** A {@code java} in {@code fakeBin} that writes its arguments one per line to the returned file and exits with {@code exit}. */
    private Path fakeJava(Path fakeBin, int exit) throws java.io.IOException {
        Files.createDirectories(fakeBin);
        Path args = tmp.resolve("args.txt");
        Path java = fakeBin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + args + "'\nexit " + exit + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return args;
    }
}
