package fr.dmp.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Class data sharing for the tests' child JVMs, as {@code bin/dmp-ingest} has it for the operator's: the suite
 * starts about a hundred of them, and each spent 3.7 s of a core loading the same classes (2.3 s with an archive,
 * measured here). A JDK 17 archive holds classes from jars only, so the class folders go into jars of this test
 * JVM's own; the archive is recorded once, by a {@code status} run against the test's database before the first
 * child, and a child starts without it (the JVM is told to be silent) when recording failed, or when its test changed its
 * class path (the remote workers leave the test's broker out: measured, an archive of their own gained nothing in a
 * test bound by its waits).
 */
public final class ClassDataSharing {

    /** Where this test JVM keeps its jars and archive (forks side by side each have their own). */
    private static final Path HOME = Path.of("target", "child-jvm", String.valueOf(ProcessHandle.current().pid()))
            .toAbsolutePath();
    private static final Path ARCHIVE = HOME.resolve("children.jsa");
    private static final int TRIES = 3;

    public static final List<String> OPTIONS = List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-Xshare:auto", "-Xlog:cds=off",
            "-Xlog:cds+dynamic=off");

    private static String classPath;
    private static int tries;

    private ClassDataSharing() {
    }

    /** The tests' class path, each class folder as a jar. */
    public static synchronized String classPath() {
        if (classPath == null) {
            try {
                clearOtherRuns();
                Files.createDirectories(HOME);
                List<String> entries = new ArrayList<>();
                int n = 0;
                for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                    Path p = Path.of(entry);
                    entries.add(Files.isDirectory(p) ? jar(p, HOME.resolve("folder-" + n++ + ".jar")).toString() : entry);
                }
                classPath = String.join(java.io.File.pathSeparator, entries);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot jar the class folders for the child JVMs", e);
            }
        }
        return classPath;
    }

    /**
     * Before a child starts: the archive recorded with its class path, environment and folders (a short
     * {@code status} run), unless recorded already or tried enough.
     */
    static synchronized void record(ProcessBuilder child) {
        if (Files.exists(ARCHIVE) || tries >= TRIES || !child.command().contains(OPTIONS.get(0))) {
            return;
        }
        tries++;
        List<String> c = child.command();
        int main = c.indexOf(DmpIngestApplication.class.getName());
        List<String> command = new ArrayList<>(List.of(c.get(0), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:ArchiveClassesAtExit=" + HOME.resolve("recording.jsa"), "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-cp", classPath(), c.get(main), "status"));
        c.subList(main + 1, c.size()).stream()
                .filter(a -> a.startsWith("--dmp.jobs-folder=") || a.startsWith("--dmp.crypto.key-file=")
                        || a.startsWith("--dmp.reports-folder="))
                .forEach(command::add);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(child.environment());
        pb.redirectErrorStream(true);
        pb.redirectOutput(HOME.resolve("recording.log").toFile());
        try {
            Process p = pb.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                return;
            }
            // a status that could not reach its database recorded too few classes: tried again with the next child
            if (p.exitValue() == 0 && Files.size(HOME.resolve("recording.jsa")) > 0) {
                Files.move(HOME.resolve("recording.jsa"), ARCHIVE, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            // no archive: the children start without one, as before
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(HOME.resolve("recording.jsa")); // a failed recording's 40 MB
            } catch (IOException e) {
                // left for the next test JVM's clearing
            }
        }
    }

    private static Path jar(Path folder, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted().toList()) {
                String name = folder.relativize(f).toString().replace('\\', '/');
                if (name.isEmpty()) {
                    continue;
                }
                boolean dir = Files.isDirectory(f);
                j.putNextEntry(new JarEntry(dir ? name + "/" : name));
                if (!dir) {
                    Files.copy(f, j);
                }
                j.closeEntry();
            }
        }
        return jar;
    }

    /** Folders left by earlier test JVMs that have ended (an archive is 50 MB). */
    private static void clearOtherRuns() throws IOException {
        Path parent = HOME.getParent();
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> runs = Files.list(parent)) {
            for (Path run : runs.toList()) {
                String name = run.getFileName().toString();
                boolean alive = name.matches("\\d+") && ProcessHandle.of(Long.parseLong(name)).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    try (Stream<Path> files = Files.walk(run)) {
                        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                }
            }
        }
    }
}
