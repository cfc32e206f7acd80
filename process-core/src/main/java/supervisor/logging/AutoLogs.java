package supervisor.logging;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import supervisor.python.PyStr;

/**
 * {@code stdout_logfile=AUTO}: the per-run log files supervisord creates in {@code childlogdir},
 * named {@code <procname>-<channel>---<identifier>-<8 random chars>.log}, and their removal at
 * the next start.
 */
public final class AutoLogs {

    /** The alphabet of Python's temporary file names. */
    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_";
    /** How many names to try before giving up, as Python's tempfile does. */
    private static final int ATTEMPTS = 10_000;

    private AutoLogs() {
    }

    /**
     * Creates a new empty log file (mode 0600, never an existing file) for one channel of a
     * process and returns its absolute path.
     *
     * @param channel {@code stdout} or {@code stderr}
     */
    public static Path create(Path childlogdir, String procName, String channel, String identifier)
            throws IOException {
        String prefix = procName + "-" + channel + "---" + identifier + "-";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Path candidate = childlogdir.resolve(prefix + randomChars(8) + ".log");
            try {
                Files.createFile(candidate,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                return candidate.toAbsolutePath();
            } catch (FileAlreadyExistsException taken) {
                // another file has this name: draw again
            }
        }
        throw new FileAlreadyExistsException(childlogdir.resolve(prefix + "XXXXXXXX.log").toString(),
                null, "no usable temporary name found");
    }

    /**
     * Deletes the AUTO logs (current and rotated) of earlier runs with this identifier, i.e. the
     * entries whose name matches supervisord's pattern {@code .+?---<identifier>-\S+\.log}
     * (matched at the start of the name only). The identifier goes into the pattern unescaped,
     * as in supervisord, so that the same files are selected.
     *
     * @return warnings to log at WARN, in supervisord's words (empty when all went well)
     */
    public static List<String> cleanup(Path childlogdir, String identifier) {
        Pattern names = pattern(identifier);
        List<String> warnings = new ArrayList<>();
        List<Path> doomed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(childlogdir)) {
            for (Path entry : entries) {
                if (names.matcher(entry.getFileName().toString()).lookingAt()) {
                    doomed.add(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            warnings.add("Could not clear childlog dir");
            return warnings;
        }
        for (Path entry : doomed) {
            try {
                // unlink only: a directory with a matching name is left alone (and reported)
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("is a directory");
                }
                Files.delete(entry);
            } catch (IOException e) {
                warnings.add("Failed to clean up " + PyStr.repr(entry.toString()));
            }
        }
        return warnings;
    }

    /** The file-name pattern of {@link #cleanup}; exposed for tests. */
    static Pattern pattern(String identifier) {
        String tail = "-\\S+\\.log\\.{0,1}\\d{0,4}";
        int flags = Pattern.UNICODE_CHARACTER_CLASS;
        try {
            return Pattern.compile(".+?---" + identifier + tail, flags);
        } catch (PatternSyntaxException e) {
            // an identifier Java's regex syntax rejects is taken literally
            return Pattern.compile(".+?---" + Pattern.quote(identifier) + tail, flags);
        }
    }

    private static String randomChars(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            // Python's tempfile names are not secret either: creating with O_EXCL is what makes them safe
            s.append(NAME_CHARS.charAt(ThreadLocalRandom.current().nextInt(NAME_CHARS.length())));
        }
        return s.toString();
    }
}
