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
