package supervisor.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code os.path} functions supervisord applies to configured paths, on POSIX. */
final class PyPath {
    private PyPath() {
    }

    /** {@code os.path.expanduser}: a leading {@code ~} or {@code ~user}. */
    static String expandUser(String path, String home) {
        if (!path.startsWith("~")) {
            return path;
        }
        int slash = path.indexOf('/', 1);
        int end = slash < 0 ? path.length() : slash;
        String userhome;
        if (end == 1) {
            if (home != null) {
                userhome = home;
            } else {
                UserDb.User u = UserDb.byUid(currentUid());
                if (u == null) {
                    return path;
                }
                userhome = u.home();
            }
        } else {
            UserDb.User u = UserDb.byName(path.substring(1, end));
            if (u == null) {
                return path;
            }
            userhome = u.home();
        }
        userhome = userhome.replaceAll("/+$", "");
        String result = userhome + path.substring(end);
        return result.isEmpty() ? "/" : result;
    }

    private static long currentUid() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return ((Number) uid).longValue();
        } catch (Exception e) {
            return -1;
        }
    }

    /** {@code os.path.dirname}. */
    static String dirname(String path) {
        int i = path.lastIndexOf('/') + 1;
        String head = path.substring(0, i);
        if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
            head = head.replaceAll("/+$", "");
        }
        return head;
    }

    /** {@code os.path.abspath} against a given current directory. */
    static String abspath(String path, Path cwd) {
        return normpath(path.startsWith("/") ? path : join(cwd.toString(), path));
    }

    /** {@code os.path.join} of two parts. */
    static String join(String a, String b) {
        if (b.startsWith("/")) {
            return b;
        }
        if (a.isEmpty() || a.endsWith("/")) {
            return a + b;
        }
        return a + "/" + b;
    }

    /** {@code os.path.normpath}: lexical clean-up, two leading slashes kept as POSIX allows. */
    static String normpath(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        int initial = path.startsWith("/") ? (path.startsWith("//") && !path.startsWith("///") ? 2 : 1) : 0;
        List<String> parts = new ArrayList<>();
        for (String comp : path.split("/")) {
            if (comp.isEmpty() || comp.equals(".")) {
                continue;
            }
            if (!comp.equals("..") || (initial == 0 && parts.isEmpty())
                    || (!parts.isEmpty() && parts.getLast().equals(".."))) {
                parts.add(comp);
            } else if (!parts.isEmpty()) {
                parts.removeLast();
            }
        }
        String joined = "/".repeat(initial) + String.join("/", parts);
        return joined.isEmpty() ? "." : joined;
    }

    /** supervisord's {@code normalize_path}: expanduser, abspath, normpath. */
    static String normalize(String path, Path cwd, String home) {
        return abspath(expandUser(path, home), cwd);
    }

    /** {@code os.path.isdir}, which answers False for a path holding a NUL (no file has one). */
    static boolean isDir(String path, Path cwd) {
        return !path.isEmpty() && !hasNul(path) && Files.isDirectory(cwd.resolve(path));
    }

    /** A NUL cannot be in a file name: Java refuses to make such a Path, Python's os.path checks say False. */
    static boolean hasNul(String path) {
        return path.indexOf('\0') >= 0;
    }
}
