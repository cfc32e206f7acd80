package supervisor.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import supervisor.posix.Posix;
import supervisor.python.PyStr;

/**
 * {@code environment_file=} (an extension): a file of {@code KEY=VALUE} lines read as systemd
 * reads an {@code EnvironmentFile=} (its {@code parse_env_file_internal} and the clean-up before
 * exec), so that a file written for a unit works here unchanged:
 * <ul>
 * <li>blank lines, lines without {@code =}, and lines whose first non-blank character is
 *     {@code #} or {@code ;} are skipped; a comment ends at its line's end, backslash or not;</li>
 * <li>blanks around the key and before the value are dropped; an unquoted value keeps its inner
 *     blanks, loses its trailing ones, takes {@code \}x as x and joins a line ending in {@code \}
 *     to the next; quotes inside an unquoted value are kept as they are;</li>
 * <li>{@code 'single quotes'} keep everything verbatim, newlines included;
 *     {@code "double quotes"} may span lines, take {@code \"}, {@code \\}, {@code \`} and
 *     {@code \$} as the character, drop {@code \}newline, and keep any other backslash; quoted
 *     and unquoted parts that follow each other are joined ({@code A="x"'y'z} is {@code xyz});</li>
 * <li>nothing is expanded: no {@code $VAR}, no {@code %(name)s};</li>
 * <li>a key given twice keeps its last value; an assignment whose name is not a shell name
 *     ({@code [A-Za-z_][A-Za-z0-9_]*}, so also {@code export A=1}) is ignored with a warning;
 *     invalid UTF-8 in a key or value fails the whole file; the text ends at a NUL byte.</li>
 * </ul>
 * CR ends a line as LF does, so CRLF files read as expected.
 */
final class EnvironmentFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** What a file holds: the valid assignments in order, and the ones ignored (line and text). */
    record Parsed(Map<String, String> pairs, List<String> ignored) {
    }

    private enum State {
        PRE_KEY, KEY, PRE_VALUE, VALUE, VALUE_ESCAPE, SINGLE_QUOTE_VALUE, DOUBLE_QUOTE_VALUE,
        DOUBLE_QUOTE_VALUE_ESCAPE, COMMENT
    }

    private EnvironmentFile() {
    }

    /**
     * Reads the file named by a section's {@code environment_file} value (already expanded).
     * A leading {@code -} means, as in systemd, that a missing file is no error and adds nothing.
     *
     * @param warnings where the ignored assignments are reported, as supervisord's deferred warnings
     * @throws ConfigException the file cannot be read, or holds invalid UTF-8
     */
    static Map<String, String> read(String value, ParseState st, String section, List<String> warnings)
            throws ConfigException {
        boolean optional = value.startsWith("-");
        String path = st.normalize(optional ? value.substring(1) : value);
        byte[] contents;
        try {
            contents = Files.readAllBytes(Path.of(path));
        } catch (NoSuchFileException e) {
            if (optional) {
                return Map.of();
            }
            throw unreadable(2, path);
        } catch (AccessDeniedException e) {
            throw unreadable(13, path);
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? "" : e.getReason();
            throw reason.equals("Is a directory") ? unreadable(21, path)
                    : new ConfigException("could not read environment_file: " + e.getMessage());
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().equals("Is a directory") ? unreadable(21, path)
                    : new ConfigException("could not read environment_file: " + e.getMessage() + ": "
                            + PyStr.repr(path));
        }
        Parsed parsed;
        try {
            parsed = parse(contents);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " of environment_file " + PyStr.repr(path));
        }
        for (String ignored : parsed.ignored()) {
            warnings.add("For [" + section + "], environment_file " + PyStr.repr(path) + " " + ignored);
        }
        return parsed.pairs();
    }

    /** Python's OSError text: {@code [Errno 2] No such file or directory: '/x'}. */
    private static ConfigException unreadable(int errno, String path) {
        return new ConfigException("could not read environment_file: [Errno " + errno + "] " + Posix.strerror(errno)
                + ": " + PyStr.repr(path));
    }

    /** systemd's parser over the file's bytes; then its clean-up of invalid names. */
    static Parsed parse(byte[] contents) throws ConfigException {
        Map<String, String> pairs = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        // where trailing blanks of the key or of an unquoted value begin, -1 when there are none
        int keyBlank = -1, valueBlank = -1;
        int line = 1, keyLine = 1;
        State state = State.PRE_KEY;
        for (byte b : contents) {
            char c = (char) (b & 0xff);
            if (c == 0) {
                break; // systemd reads a C string
            }
            boolean newline = c == '\n' || c == '\r';
            boolean blank = c == ' ' || c == '\t' || newline;
            switch (state) {
                case PRE_KEY -> {
                    if (c == '#' || c == ';') {
                        state = State.COMMENT;
                    } else if (!blank) {
                        state = State.KEY;
                        keyBlank = -1;
                        keyLine = line;
                        key.write(b);
                    }
                }
                case KEY -> {
                    if (newline) {
                        state = State.PRE_KEY; // no '=': not an assignment
                        key.reset();
                    } else if (c == '=') {
                        state = State.PRE_VALUE;
                        valueBlank = -1;
                    } else {
                        if (!blank) {
                            keyBlank = -1;
                        } else if (keyBlank < 0) {
                            keyBlank = key.size();
                        }
                        key.write(b);
                    }
                }
                case PRE_VALUE -> {
                    if (newline) {
                        state = State.PRE_KEY;
                        push(pairs, ignored, key, keyBlank, value, -1, keyLine);
                    } else if (c == '\'') {
                        state = State.SINGLE_QUOTE_VALUE;
                    } else if (c == '"') {
                        state = State.DOUBLE_QUOTE_VALUE;
                    } else if (c == '\\') {
                        state = State.VALUE_ESCAPE;
                    } else if (!blank) {
                        state = State.VALUE;
                        value.write(b);
                    }
                }
                case VALUE -> {
                    if (newline) {
                        state = State.PRE_KEY;
                        push(pairs, ignored, key, keyBlank, value, valueBlank, keyLine);
                    } else if (c == '\\') {
                        state = State.VALUE_ESCAPE;
                        valueBlank = -1;
                    } else {
                        if (!blank) {
                            valueBlank = -1;
                        } else if (valueBlank < 0) {
                            valueBlank = value.size();
                        }
                        value.write(b);
                    }
                }
                case VALUE_ESCAPE -> {
                    state = State.VALUE;
                    if (!newline) { // an escaped newline joins the lines
                        value.write(b);
                    }
                }
                case SINGLE_QUOTE_VALUE -> {
                    if (c == '\'') {
                        state = State.PRE_VALUE;
                    } else {
                        value.write(b);
                    }
                }
                case DOUBLE_QUOTE_VALUE -> {
                    if (c == '"') {
                        state = State.PRE_VALUE;
                    } else if (c == '\\') {
                        state = State.DOUBLE_QUOTE_VALUE_ESCAPE;
                    } else {
                        value.write(b);
                    }
                }
                case DOUBLE_QUOTE_VALUE_ESCAPE -> {
                    state = State.DOUBLE_QUOTE_VALUE;
                    if ("\"\\`$".indexOf(c) >= 0) {
                        value.write(b);
                    } else if (c != '\n') { // as a shell does, the backslash stays before other characters
                        value.write('\\');
                        value.write(b);
                    }
                }
                case COMMENT -> {
                    if (newline) {
                        state = State.PRE_KEY;
                    }
                }
            }
            if (newline) {
                line++;
            }
        }
        switch (state) {
            case PRE_VALUE, VALUE_ESCAPE, SINGLE_QUOTE_VALUE, DOUBLE_QUOTE_VALUE, DOUBLE_QUOTE_VALUE_ESCAPE ->
                    push(pairs, ignored, key, keyBlank, value, -1, keyLine);
            case VALUE -> push(pairs, ignored, key, keyBlank, value, valueBlank, keyLine);
            default -> {
                // a last line without '=' (or a comment) adds nothing
            }
        }
        return new Parsed(pairs, ignored);
    }

    /** One assignment found: checked for UTF-8 (else the file fails) and for a valid name (else ignored). */
    private static void push(Map<String, String> pairs, List<String> ignored, ByteArrayOutputStream key, int keyBlank,
                             ByteArrayOutputStream value, int valueBlank, int line) throws ConfigException {
        byte[] k = key.toByteArray();
        byte[] v = value.toByteArray();
        key.reset();
        value.reset();
        String name = utf8(k, keyBlank < 0 ? k.length : keyBlank, line, "a key");
        String text = utf8(v, valueBlank < 0 ? v.length : valueBlank, line, "the value of " + name);
        if (!NAME.matcher(name).matches()) {
            ignored.add("line " + line + ": ignoring invalid environment assignment " + PyStr.repr(name + "=" + text));
            return;
        }
        pairs.put(name, text); // a repeated key keeps its first place and takes the later value, as in systemd
    }

    private static String utf8(byte[] bytes, int length, int line, String what) throws ConfigException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException("invalid UTF-8 in " + what + " on line " + line);
        }
    }
}
