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

    /**
     * {@code fnmatch.translate} of Python 3.11: a shell pattern as a regex, case-sensitive. As
     * there, runs of {@code *} count as one and each {@code *} followed by more pattern matches
     * as little as it can without ever backtracking (an atomic group), so a pattern of many stars
     * takes time in proportion to the name, not exponential in the stars.
     */
    static Pattern translate(String pat) {
        List<String> pieces = new ArrayList<>(); // null stands for a star
        int i = 0, n = pat.length();
        while (i < n) {
            char c = pat.charAt(i++);
            if (c == '*') {
                if (pieces.isEmpty() || pieces.getLast() != null) {
                    pieces.add(null);
                }
            } else if (c == '?') {
                pieces.add(".");
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
                    pieces.add("\\[");
                } else {
                    pieces.add(set(pat, i, j));
                    i = j + 1;
                }
            } else {
                pieces.add(Pattern.quote(String.valueOf(c)));
            }
        }
        StringBuilder re = new StringBuilder();
        int k = 0;
        while (k < pieces.size() && pieces.get(k) != null) {
            re.append(pieces.get(k++));
        }
        while (k < pieces.size()) {
            k++; // the star
            StringBuilder fixed = new StringBuilder();
            while (k < pieces.size() && pieces.get(k) != null) {
                fixed.append(pieces.get(k++));
            }
            if (k == pieces.size()) {
                re.append(".*").append(fixed);
            } else {
                re.append("(?>.*?").append(fixed).append(')');
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /**
     * The bracket expression {@code pat[i..j)} (between {@code [} and {@code ]}) as Python 3.11
     * reads it: the hyphens that make ranges split it into chunks, a range whose ends are reversed
     * is dropped (its ends with it), every other character is itself; a leading {@code !} negates.
     */
    private static String set(String pat, int i, int j) {
        List<String> chunks = new ArrayList<>();
        if (pat.substring(i, j).indexOf('-') < 0) {
            chunks.add(pat.substring(i, j));
        } else {
            int k = pat.charAt(i) == '!' ? i + 2 : i + 1;
            while (true) {
                k = k < j ? pat.indexOf('-', k) : -1;
                if (k < 0 || k >= j) {
                    break;
                }
                chunks.add(pat.substring(i, k));
                i = k + 1;
                k = k + 3;
            }
            String chunk = pat.substring(i, j);
            if (!chunk.isEmpty()) {
                chunks.add(chunk);
            } else {
                chunks.set(chunks.size() - 1, chunks.getLast() + "-");
            }
            for (int m = chunks.size() - 1; m > 0; m--) {
                String left = chunks.get(m - 1);
                String right = chunks.get(m);
                if (!left.isEmpty() && !right.isEmpty()
                        && left.codePointBefore(left.length()) > right.codePointAt(0)) {
                    chunks.set(m - 1, left.substring(0, left.offsetByCodePoints(left.length(), -1))
                            + right.substring(right.offsetByCodePoints(0, 1)));
                    chunks.remove(m);
                }
            }
        }
        String stuff = String.join("-", chunks);
        if (stuff.isEmpty()) {
            return "(?!)"; // an empty set never matches
        }
        if (stuff.equals("!")) {
            return "."; // a negated empty set matches any character
        }
        boolean negate = stuff.startsWith("!");
        if (negate) {
            chunks.set(0, chunks.getFirst().substring(1));
        }
        StringBuilder set = new StringBuilder("[").append(negate ? "^" : "");
        for (int c = 0; c < chunks.size(); c++) {
            if (c > 0) {
                set.append('-');
            }
            chunks.get(c).codePoints().forEach(cp -> set.append(literalInSet(cp)));
        }
        return set.append(']').toString();
    }

    /** A character that means itself inside a regex set, whatever it is. */
    private static String literalInSet(int cp) {
        return Character.isLetterOrDigit(cp) ? Character.toString(cp) : "\\x{" + Integer.toHexString(cp) + "}";
    }
}
