package supervisor.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import supervisor.python.PyStr;

/**
 * The ini reader supervisord uses: Python 3's {@code RawConfigParser} with
 * {@code inline_comment_prefixes=(';', '#')} and {@code strict=False}, ported line for line so
 * that every file reads the same. Several sources may be read into one parser (includes):
 * sections merge, later keys win. Keys are lower-cased, section names keep their case,
 * {@code [DEFAULT]} is inherited by every section, values are never interpolated.
 *
 * <p>Not thread-safe; one parser per load.
 */
public final class IniParser {
    private static final String DEFAULT_SECTION = "DEFAULT";
    private static final Pattern SECTION = Pattern.compile("\\[(.+)\\]", Pattern.DOTALL);
    private static final Pattern OPTION = Pattern.compile("(.*?)\\s*([=:])\\s*(.*)",
            Pattern.DOTALL | Pattern.UNICODE_CHARACTER_CLASS);

    /** Values are a String once joined, or a List of pieces while their source is being read. */
    private final Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    private final Map<String, Object> defaults = new LinkedHashMap<>();
    private final Map<String, String> sectionToFile = new LinkedHashMap<>();

    /**
     * Reads one source. {@code source} names it in error messages, as Python's {@code fpname}.
     * A source that adds sections is recorded as their file ({@link #fileOf}) when {@code recordFile}.
     *
     * @throws ConfigException with Python's {@code MissingSectionHeaderError} or
     *                         {@code ParsingError} text
     */
    public void read(String text, String source, boolean recordFile) throws ConfigException {
        List<String> before = new ArrayList<>(sections.keySet());
        Map<String, Object> cursect = null;
        String optname = null;
        int indentLevel = 0;
        StringBuilder errors = null;
        List<String> lines = splitLines(text);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            int lineno = n + 1;
            int commentStart = commentStart(line);
            String value = PyStr.strip(commentStart < 0 ? line : line.substring(0, commentStart));
            if (value.isEmpty()) {
                // a blank line inside a value is kept, unless it held a comment
                if (commentStart < 0 && cursect != null && optname != null && !optname.isEmpty()
                        && cursect.get(optname) instanceof List<?> pieces) {
                    @SuppressWarnings("unchecked")
                    List<String> p = (List<String>) pieces;
                    p.add("");
                }
                continue;
            }
            int curIndent = firstNonSpace(line);
            if (cursect != null && optname != null && !optname.isEmpty() && curIndent > indentLevel) {
                appendPiece(cursect, optname, value);
                continue;
            }
            indentLevel = curIndent;
            Matcher header = SECTION.matcher(value);
            if (header.lookingAt()) {
                String name = header.group(1);
                if (sections.containsKey(name)) {
                    cursect = sections.get(name);
                } else if (name.equals(DEFAULT_SECTION)) {
                    cursect = defaults;
                } else {
                    cursect = new LinkedHashMap<>();
                    sections.put(name, cursect);
                }
                optname = null;
            } else if (cursect == null) {
                throw new ConfigException("File contains no section headers.\nfile: " + PyStr.repr(source)
                        + ", line: " + lineno + "\n" + PyStr.repr(line));
            } else {
                Matcher option = OPTION.matcher(value);
                if (option.matches()) {
                    String name = option.group(1);
                    if (name.isEmpty()) {
                        errors = parsingError(errors, source, lineno, line);
                    }
                    optname = PyStr.rstrip(name).toLowerCase(java.util.Locale.ROOT);
                    List<String> pieces = new ArrayList<>();
                    pieces.add(PyStr.strip(option.group(3)));
                    cursect.put(optname, pieces);
                } else {
                    errors = parsingError(errors, source, lineno, line);
                }
            }
        }
        joinValues();
        if (errors != null) {
            throw new ConfigException(errors.toString());
        }
        if (recordFile) {
            for (String name : sections.keySet()) {
                if (!before.contains(name)) {
                    sectionToFile.put(name, source);
                }
            }
        }
    }

    /** The section names in order of first appearance, without {@code DEFAULT}. */
    public List<String> sections() {
        return new ArrayList<>(sections.keySet());
    }

    public boolean hasSection(String section) {
        return sections.containsKey(section);
    }

    /** The value of a key in a section or in {@code [DEFAULT]}; null when neither has it. */
    public String get(String section, String key) {
        Map<String, Object> s = sections.get(section);
        if (s != null && s.containsKey(key)) {
            return (String) s.get(key);
        }
        return (String) defaults.get(key);
    }

    /** The keys of a section: its own, then the inherited ones (Python's {@code options()}). */
    public List<String> options(String section) {
        Map<String, Object> merged = new LinkedHashMap<>(sections.get(section));
        merged.putAll(defaults);
        return new ArrayList<>(merged.keySet());
    }

    /** Key/value pairs of a section with defaults first (Python's {@code items(section)}). */
    public Map<String, String> items(String section) {
        Map<String, String> merged = new LinkedHashMap<>();
        defaults.forEach((k, v) -> merged.put(k, (String) v));
        sections.get(section).forEach((k, v) -> merged.put(k, (String) v));
        return merged;
    }

    public void set(String section, String key, String value) {
        sections.get(section).put(key, value);
    }

    /** The file that first defined a section in a recorded read, or null (the main file). */
    public String fileOf(String section) {
        return sectionToFile.get(section);
    }

    /** A section's own values, without inherited ones. */
    Map<String, String> ownItems(String section) {
        Map<String, String> copy = new LinkedHashMap<>();
        sections.get(section).forEach((k, v) -> copy.put(k, (String) v));
        return copy;
    }

    /** The values of {@code [DEFAULT]}, for dumping. */
    public Map<String, String> defaults() {
        Map<String, String> copy = new LinkedHashMap<>();
        defaults.forEach((k, v) -> copy.put(k, (String) v));
        return copy;
    }

    /**
     * Where an inline comment starts: the earliest {@code ;} or {@code #} at column 0 or after
     * whitespace, searched as Python does (one occurrence of each prefix per round); 0 for a
     * full-line comment; -1 for none.
     */
    private static int commentStart(String line) {
        int start = Integer.MAX_VALUE;
        Map<Character, Integer> prefixes = new LinkedHashMap<>();
        prefixes.put(';', -1);
        prefixes.put('#', -1);
        while (start == Integer.MAX_VALUE && !prefixes.isEmpty()) {
            Map<Character, Integer> next = new LinkedHashMap<>();
            for (Map.Entry<Character, Integer> p : prefixes.entrySet()) {
                int index = line.indexOf(p.getKey(), p.getValue() + 1);
                if (index == -1) {
                    continue;
                }
                next.put(p.getKey(), index);
                if (index == 0 || PyStr.isSpace(line.charAt(index - 1))) {
                    start = Math.min(start, index);
                }
            }
            prefixes = next;
        }
        String stripped = PyStr.strip(line);
        if (stripped.startsWith("#") || stripped.startsWith(";")) {
            start = 0;
        }
        return start == Integer.MAX_VALUE ? -1 : start;
    }

    private static int firstNonSpace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!PyStr.isSpace(line.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void appendPiece(Map<String, Object> section, String key, String piece) {
        ((List<String>) section.get(key)).add(piece);
    }

    private static StringBuilder parsingError(StringBuilder errors, String source, int lineno, String line) {
        if (errors == null) {
            errors = new StringBuilder("Source contains parsing errors: ").append(PyStr.repr(source));
        }
        return errors.append(String.format("\n\t[line %2d]: %s", lineno, PyStr.repr(line)));
    }

    private void joinValues() {
        List<Map<String, Object>> all = new ArrayList<>();
        all.add(defaults);
        all.addAll(sections.values());
        for (Map<String, Object> section : all) {
            section.replaceAll((k, v) -> v instanceof List<?> pieces
                    ? PyStr.rstrip(String.join("\n", pieces.stream().map(String.class::cast).toList()))
                    : v);
        }
    }

    /** Lines as Python's text mode yields them: universal newlines, each ending with {@code \n}. */
    private static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i) + "\n");
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
