package supervisor.posix;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where this daemon may make cgroups of its own: a directory {@code supervisord-PID} inside its
 * own cgroup v2, found through /proc/self/mountinfo (a writable cgroup2 mount) and the
 * {@code 0::} line of /proc/self/cgroup. None on a cgroup v1-only machine, under a read-only
 * cgroup2 mount (usual inside containers) or without the right to write there; kill_tree then
 * tracks descendants instead.
 */
public final class Cgroup {
    private static final String PREFIX = "supervisord-";

    private Cgroup() {
    }

    /**
     * The directory of this process's cgroup v2 in the file system, or null.
     *
     * @param mountinfo the text of /proc/self/mountinfo
     * @param cgroup    the text of /proc/self/cgroup
     */
    static Path ownDirectory(String mountinfo, String cgroup) {
        String path = null;
        for (String line : cgroup.split("\n")) {
            if (line.startsWith("0::")) {
                path = line.substring(3);
            }
        }
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        for (String line : mountinfo.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] before = line.substring(0, dash).split(" ");
            String[] after = line.substring(dash + 3).split(" ");
            if (before.length < 6 || !after[0].equals("cgroup2") || !List.of(before[5].split(",")).contains("rw")) {
                continue;
            }
            String root = unescape(before[3]);
            String mountPoint = unescape(before[4]);
            String rel;
            if (root.equals("/")) {
                rel = path;
            } else if (path.equals(root) || path.startsWith(root + "/")) {
                rel = path.substring(root.length());
            } else {
                continue; // this mount does not show our cgroup
            }
            return Path.of(mountPoint, rel.isEmpty() ? "/" : rel).normalize();
        }
        return null;
    }

    /** mountinfo writes blanks, tabs, newlines and backslashes as {@code \ooo}. */
    private static String unescape(String field) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).chars().allMatch(Character::isDigit)) {
                b.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Makes this daemon's directory of cgroups, {@code supervisord-PID} in its own cgroup, and
     * removes empty ones that daemons no longer alive left. Null when there is no place for one.
     */
    public static Path createDaemonDirectory() {
        try {
            Path own = ownDirectory(Files.readString(Path.of("/proc/self/mountinfo")),
                    Files.readString(Path.of("/proc/self/cgroup")));
            if (own == null || !Files.isWritable(own.resolve("cgroup.procs"))) {
                return null;
            }
            removeStale(own);
            Path dir = own.resolve(PREFIX + ProcessHandle.current().pid());
            Files.createDirectories(dir);
            if (!Files.isWritable(dir.resolve("cgroup.procs"))) {
                Files.deleteIfExists(dir);
                return null;
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void removeStale(Path own) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(own, PREFIX + "*")) {
            for (Path dir : dirs) {
                String pid = dir.getFileName().toString().substring(PREFIX.length());
                if (pid.chars().allMatch(Character::isDigit) && !Files.exists(Path.of("/proc", pid))) {
                    removeEmpty(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // leave them
        }
    }

    /** Removes a cgroup directory and the cgroups in it, as far as they are empty. */
    public static void removeEmpty(Path dir) {
        try (DirectoryStream<Path> subs = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path sub : subs) {
                removeEmpty(sub);
            }
        } catch (IOException e) {
            return;
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // still populated: it stays
        }
    }

    /** The name of a program's cgroup: its namespec, with what a file name cannot hold %-escaped. */
    static String nameOf(String namespec) {
        StringBuilder b = new StringBuilder("program-");
        for (byte c : namespec.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                    || c == '.' || c == ':') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }
}
