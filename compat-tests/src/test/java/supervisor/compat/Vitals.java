package supervisor.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import supervisor.testing.Command;

/**
 * What a long-running daemon must not accumulate, read from outside as an operator would: its
 * open file descriptors (/proc/PID/fd), its threads (/proc/PID/task) and the heap its live
 * objects hold, measured by jcmd right after a full collection it asks for. The first jcmd
 * attach starts the JVM's attach listener (a thread and a socket that stay), so a curve's first
 * sample is a warm-up.
 */
record Vitals(long fds, long threads, long heapAfterGcBytes) {

    /** A generation's line in GC.heap_info, e.g. "Tenured  total 8452K, used 5090K [...". */
    private static final Pattern GENERATION = Pattern.compile("(?m)^\\S+\\s+total \\d+K, used (\\d+)K");
    private static final Pattern MAX_HEAP = Pattern.compile("-XX:MaxHeapSize=(\\d+)");
    private static final Duration JCMD_DEADLINE = Duration.ofSeconds(60);

    /** Collects the daemon's garbage, then counts what is left, and its descriptors and threads. */
    static Vitals of(long pid) {
        String heap = jcmd(pid, "GC.run", "GC.heap_info");
        Matcher m = GENERATION.matcher(heap);
        long usedKiB = 0;
        int generations = 0;
        while (m.find()) {
            usedKiB += Long.parseLong(m.group(1));
            generations++;
        }
        if (generations == 0) {
            throw new AssertionError("no generation in jcmd's GC.heap_info of " + pid + ":\n" + heap);
        }
        return new Vitals(count(Path.of("/proc", Long.toString(pid), "fd")),
                count(Path.of("/proc", Long.toString(pid), "task")), usedKiB * 1024);
    }

    /** The heap limit the daemon's JVM runs with (-Xmx), in bytes. */
    static long maxHeapBytes(long pid) {
        String flags = jcmd(pid, "VM.flags");
        Matcher m = MAX_HEAP.matcher(flags);
        if (!m.find()) {
            throw new AssertionError("no MaxHeapSize in jcmd's VM.flags of " + pid + ":\n" + flags);
        }
        return Long.parseLong(m.group(1));
    }

    /** Runs jcmd commands against the daemon in one attach (jcmd -f reads them from a file). */
    private static String jcmd(long pid, String... commands) {
        Path file;
        try {
            file = Files.createTempFile("jcmd", ".txt");
            Files.writeString(file, String.join("\n", commands) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Command.Result r = Command.of(jcmdOf(pid), Long.toString(pid), "-f", file.toString())
                    .timeout(JCMD_DEADLINE).run();
            if (r.exitCode() != 0) {
                throw new AssertionError("jcmd " + pid + " " + String.join(", ", commands) + " failed: " + r);
            }
            return r.out();
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file of a few bytes
            }
        }
    }

    /** The jcmd of the JDK the daemon runs on (jcmd must match the target JVM), else this JVM's. */
    private static String jcmdOf(long pid) {
        Path java = ProcessHandle.of(pid).flatMap(h -> h.info().command()).map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        return java.resolveSibling("jcmd").toString();
    }

    private static long count(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " (has the daemon died?)", e);
        }
    }
}
