package supervisor.posix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The machine's processes as /proc shows them to this user. */
public final class ProcessTable {
    private static final Path PROC = Path.of("/proc");

    private ProcessTable() {
    }

    /** A process, its parent, and its environment as it was when it started. */
    public record Entry(long pid, long ppid, Map<String, String> environment) {
    }

    /**
     * What /proc/PID/stat says of a process that a walk over the tree needs: its parent, its
     * process group, its state letter ({@code Z} for a zombie) and its start time in clock ticks
     * after boot, which tells a process from a later one that got the same pid.
     */
    public record Stat(long pid, long ppid, long pgid, char state, long starttime) {
    }

    /** Every process's stat, from {@code proc} (/proc, or a copy of one in a test). */
    public static List<Stat> stats(Path proc) {
        List<Stat> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                Stat s = stat(dir);
                if (s != null) {
                    found.add(s);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return found;
    }

    /** One process's stat; null when it is gone. */
    public static Stat stat(Path proc, long pid) {
        return stat(proc.resolve(Long.toString(pid)));
    }

    private static Stat stat(Path dir) {
        try {
            String text = Files.readString(dir.resolve("stat"));
            // the name in parentheses may hold anything, blanks and parentheses included
            String[] f = text.substring(text.lastIndexOf(')') + 2).strip().split(" ");
            return new Stat(Long.parseLong(dir.getFileName().toString()), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    f[0].charAt(0), Long.parseLong(f[19]));
        } catch (IOException | RuntimeException e) {
            return null; // gone meanwhile
        }
    }

    /**
     * What a process costs now: resident memory in bytes, CPU time in seconds (user plus system,
     * its own threads only: children that were waited for are not counted), open file
     * descriptors and threads. {@link #NONE} for a process that is not running.
     */
    public record Usage(long rss, double cpu, int fds, int threads) {
        public static final Usage NONE = new Usage(0, 0.0, 0, 0);

        public Usage plus(Usage o) {
            return new Usage(rss + o.rss, cpu + o.cpu, fds + o.fds, threads + o.threads);
        }
    }

    /**
     * One process's usage, from its {@code stat} (CPU ticks, threads, resident pages: one small
     * read) and the entries of its {@code fd} folder (0 when this user may not look, as for
     * another user's process). NONE when it is gone. Nothing is spawned, and nothing else read,
     * so that a status of a thousand programs stays cheap.
     */
    public static Usage usage(Path proc, long pid) {
        Path dir = proc.resolve(Long.toString(pid));
        try {
            String text = Files.readString(dir.resolve("stat"));
            // fields after the name, from field 3 (state) on; see proc(5)
            String[] f = text.substring(text.lastIndexOf(')') + 2).strip().split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
            int threads = Integer.parseInt(f[17]);
            long rss = Math.max(0, Long.parseLong(f[21])) * Auxv.PAGE_SIZE;
            return new Usage(rss, (double) ticks / Auxv.CLOCK_TICKS, countFds(dir.resolve("fd")), threads);
        } catch (IOException | RuntimeException e) {
            return Usage.NONE; // gone meanwhile
        }
    }

    /**
     * The usage of a process and of all its descendants (by their parent links now; orphans
     * that went to another parent are not counted), from one walk over {@code proc}.
     */
    public static Usage treeUsage(Path proc, long pid, List<Stat> all) {
        Usage sum = usage(proc, pid);
        if (sum == Usage.NONE) {
            return sum;
        }
        Map<Long, List<Long>> children = new HashMap<>();
        for (Stat s : all) {
            children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s.pid());
        }
        List<Long> todo = new ArrayList<>(children.getOrDefault(pid, List.of()));
        while (!todo.isEmpty()) {
            long child = todo.removeLast();
            sum = sum.plus(usage(proc, child));
            todo.addAll(children.getOrDefault(child, List.of()));
        }
        return sum;
    }

    private static int countFds(Path fdDir) {
        int n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path ignored : fds) {
                n++;
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return n;
    }

    /** The pids of the processes whose environment holds every one of {@code marks}. */
    public static List<Long> withEnvironment(Path proc, Map<String, String> marks) {
        List<byte[]> wanted = marks.entrySet().stream()
                .map(e -> (e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8)).toList();
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                try {
                    byte[] environ = Files.readAllBytes(dir.resolve("environ"));
                    if (!wanted.isEmpty() && wanted.stream().allMatch(w -> contains(environ, w))) {
                        found.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone, or not ours to read
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return found;
    }

    /**
     * Every process whose environment has {@code name=value}; processes this user may not look
     * into, and those that end while they are read, are left out.
     */
    public static List<Entry> withEnvironment(String name, String value) {
        byte[] wanted = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
        List<Entry> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                try {
                    byte[] environ = Files.readAllBytes(dir.resolve("environ"));
                    if (contains(environ, wanted)) {
                        found.add(new Entry(Long.parseLong(dir.getFileName().toString()), ppid(dir), parse(environ)));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone, or not ours to read
                }
            }
        } catch (IOException e) {
            return List.of(); // no /proc
        }
        return found;
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether the NUL-separated {@code environ} holds {@code entry} as one whole variable. */
    private static boolean contains(byte[] environ, byte[] entry) {
        int start = 0;
        while (start < environ.length) {
            int end = start;
            while (end < environ.length && environ[end] != 0) {
                end++;
            }
            if (end - start == entry.length && java.util.Arrays.equals(environ, start, end, entry, 0, entry.length)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static Map<String, String> parse(byte[] environ) {
        Map<String, String> env = new HashMap<>();
        for (String var : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            int eq = var.indexOf('=');
            if (eq > 0) {
                env.put(var.substring(0, eq), var.substring(eq + 1));
            }
        }
        return env;
    }

    /** The parent's pid: the field after the state in /proc/PID/stat (the name before it may hold anything). */
    private static long ppid(Path dir) throws IOException {
        String stat = Files.readString(dir.resolve("stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[1]);
    }
}
