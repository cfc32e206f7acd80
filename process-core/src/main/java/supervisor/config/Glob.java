package supervisor.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Python's {@code glob.glob(pattern)} (not recursive): {@code *}, {@code ?} and {@code [...]}
 * per path component, hidden names only matched by patterns starting with a dot. Results are
 * spelled as Python spells them (not normalised), unsorted.
 */
final class Glob {
    private Glob() {
    }

    /**
     * @throws ConfigException {@code embedded null byte} when a folder to be listed has a NUL in
     *     its name, as Python's {@code os.scandir} raises (a literal name with one matches nothing)
     */
    static List<String> glob(String pattern) throws ConfigException {
        String dirname = PyPath.dirname(pattern);
        String basename = pattern.substring(pattern.lastIndexOf('/') + 1);
        List<String> results = new ArrayList<>();
        if (!hasMagic(pattern)) {
            if (PyPath.hasNul(pattern)) {
                return results;
            }
            if (basename.isEmpty() ? Files.isDirectory(Path.of(dirname.isEmpty() ? "." : dirname))
                    : Files.exists(Path.of(pattern), LinkOption.NOFOLLOW_LINKS)) {
                results.add(pattern);
            }
            return results;
        }
        if (dirname.isEmpty()) {
            results.addAll(globIn("", basename));
            return results;
        }
        List<String> dirs = !dirname.equals(pattern) && hasMagic(dirname) ? glob(dirname) : List.of(dirname);
        for (String dir : dirs) {
            for (String name : hasMagic(basename) ? globIn(dir, basename) : literalIn(dir, basename)) {
                results.add(PyPath.join(dir, name));
            }
        }
        return results;
    }

    private static List<String> literalIn(String dir, String basename) {
        if (PyPath.hasNul(dir) || PyPath.hasNul(basename)) {
            return List.of();
        }
        if (basename.isEmpty()) {
            return Files.isDirectory(Path.of(dir)) ? List.of(basename) : List.of();
        }
        return Files.exists(Path.of(dir, basename), LinkOption.NOFOLLOW_LINKS) ? List.of(basename) : List.of();
    }

    private static List<String> globIn(String dir, String pattern) throws ConfigException {
        if (PyPath.hasNul(dir)) {
            throw new ConfigException("embedded null byte");
        }
        List<String> names = new ArrayList<>();
        Path where = Path.of(dir.isEmpty() ? "." : dir);
        if (!Files.isDirectory(where)) {
            return names;
        }
        Pattern regex = translate(pattern);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(where)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") && !pattern.startsWith(".")) {
                    continue;
                }
                if (regex.matcher(name).matches()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            // an unreadable directory matches nothing, as in Python
        }
        return names;
    }

    static boolean hasMagic(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** {@code fnmatch.translate}: a shell pattern as a regex, case-sensitive. */
    static Pattern translate(String pat) {
        StringBuilder re = new StringBuilder();
        int i = 0, n = pat.length();
        while (i < n) {
            char c = pat.charAt(i++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && pat.charAt(j) == '!') {
                    j++;
                }
                if (j < n && pat.charAt(j) == ']') {
                    j++;
                }
                while (j < n && pat.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String stuff = pat.substring(i, j);
                    i = j + 1;
                    boolean negate = stuff.startsWith("!");
                    if (negate) {
                        stuff = stuff.substring(1);
                    }
                    StringBuilder set = new StringBuilder();
                    for (char s : stuff.toCharArray()) {
                        set.append(s == '-' ? "-" : escapeInSet(s));
                    }
                    if (set.isEmpty()) {
                        re.append(negate ? "." : "(?!)");
                    } else {
                        re.append('[').append(negate ? "^" : "").append(set).append(']');
                    }
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        } catch (java.util.regex.PatternSyntaxException e) {
            return Pattern.compile("(?!)"); // e.g. a reversed range, which matches nothing
        }
    }

    private static String escapeInSet(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }
}
