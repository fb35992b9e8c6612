package fr.dmp.ingest.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU seconds (user + system) of processes, read from Linux's {@code /proc/PID/stat}: this JVM, and an
 * embedded PostgreSQL as its postmaster ({@code postmaster.pid} of its data folder) with the backends it
 * has reaped ({@code cutime}, {@code cstime}) and those still alive. On a shared machine wall time
 * depends on the neighbours; CPU time much less (issue 19).
 */
public final class ProcessCpu {

    /** Clock ticks per second of {@code /proc} times: 100 on every Linux this runs on (x86-64, arm64). */
    static final double TICKS = 100.0;

    private ProcessCpu() {
    }

    /** CPU seconds this JVM has used so far, or -1 where /proc is missing. */
    public static double self() {
        long[] t = times(Path.of("/proc/self/stat"));
        return t == null ? -1 : (t[1] + t[2]) / TICKS;
    }

    /** CPU seconds of the PostgreSQL whose data folder is {@code dataDir}, its live and reaped processes; -1 if unknown. */
    public static double postgres(Path dataDir) {
        if (dataDir == null) {
            return -1;
        }
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty() ? -1 : tree(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** CPU seconds of a process and of its descendants, alive or reaped. */
    public static double tree(long root) {
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, long[]> all = new HashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : ds) {
                long[] t = times(p.resolve("stat"));
                if (t != null) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    all.put(pid, t);
                    children.computeIfAbsent(t[0], k -> new ArrayList<>()).add(pid);
                }
            }
        } catch (IOException e) {
            return -1;
        }
        if (!all.containsKey(root)) {
            return -1;
        }
        long ticks = 0;
        List<Long> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            long pid = todo.remove(todo.size() - 1);
            long[] t = all.get(pid);
            ticks += t[1] + t[2] + t[3] + t[4];
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return ticks / TICKS;
    }

    /** ppid, utime, stime, cutime, cstime of one /proc/PID/stat, or null if the process is gone. */
    private static long[] times(Path stat) {
        String s;
        try {
            s = Files.readString(stat, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        // the command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return new long[]{Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14])};
    }

    static double round(double seconds) {
        return seconds < 0 ? -1 : Math.round(seconds * 100) / 100.0;
    }
}
