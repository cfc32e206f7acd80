package supervisor.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import supervisor.python.PyStr;
import supervisor.python.Shlex;

/**
 * What to exec for a program's {@code command=}: the file found on PATH and the argv, or why it
 * cannot be run. Used before every spawn and by startProcess to refuse a hopeless command early
 * with NO_FILE or NOT_EXECUTABLE.
 *
 * @param path the file to execute: argv[0] itself when it contains a slash, else the first PATH
 *             entry where it exists
 * @param argv the words of the command, argv[0] as written
 */
public record ExecArgs(String path, List<String> argv) {

    /** PATH when neither the program nor supervisord has one. */
    static final String DEFAULT_PATH = "/bin:/usr/bin:/usr/local/bin";

    public ExecArgs {
        argv = List.copyOf(argv);
    }

    /** A command that cannot be run, with supervisord's message and the fault class it maps to. */
    public static final class Failure extends Exception {
        public enum Kind { NO_FILE, NOT_EXECUTABLE }

        private final Kind kind;

        public Failure(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    /** Resolves against supervisord's own {@code $PATH}. */
    public static ExecArgs resolve(String command, Map<String, String> programEnvironment)
            throws Failure {
        return resolve(command, programEnvironment, System.getenv("PATH"));
    }

    /**
     * @param programEnvironment the program's {@code environment=} pairs (null for none); its
     *                           PATH, even an empty one, replaces supervisord's
     * @param daemonPath         supervisord's {@code $PATH}; null or empty means the default
     */
    static ExecArgs resolve(String command, Map<String, String> programEnvironment, String daemonPath)
            throws Failure {
        List<String> argv;
        try {
            argv = Shlex.split(command);
        } catch (Shlex.ParseError e) {
            throw notExecutable("can't parse command " + PyStr.repr(command) + ": " + e.getMessage());
        }
        if (argv.isEmpty()) {
            throw notExecutable("command is empty");
        }
        String program = argv.getFirst();
        String file = program;
        PosixFileAttributes found = null;
        if (program.contains("/")) {
            found = stat(program);
        } else {
            for (String dir : searchPath(programEnvironment, daemonPath).split(":", -1)) {
                String candidate = join(dir, program);
                found = stat(candidate);
                if (found != null) {
                    file = candidate;
                    break;
                }
            }
        }
        check(file, found);
        return new ExecArgs(file, argv);
    }

    private static String searchPath(Map<String, String> programEnvironment, String daemonPath) {
        if (programEnvironment != null && programEnvironment.get("PATH") != null) {
            return programEnvironment.get("PATH");
        }
        return daemonPath == null || daemonPath.isEmpty() ? DEFAULT_PATH : daemonPath;
    }

    /** Python's os.path.join for a relative name: an empty directory means the current one. */
    private static String join(String dir, String name) {
        if (dir.isEmpty() || dir.endsWith("/")) {
            return dir + name;
        }
        return dir + "/" + name;
    }

    /** stat(2), following links; null when it fails for any reason. */
    private static PosixFileAttributes stat(String file) {
        try {
            return Files.readAttributes(Path.of(file), PosixFileAttributes.class);
        } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static void check(String file, PosixFileAttributes st) throws Failure {
        String shown = PyStr.repr(file);
        if (st == null) {
            throw new Failure(Failure.Kind.NO_FILE, "can't find command " + shown);
        }
        if (st.isDirectory()) {
            throw notExecutable("command at " + shown + " is a directory");
        }
        Set<PosixFilePermission> mode = st.permissions();
        if (!mode.contains(PosixFilePermission.OWNER_EXECUTE)
                && !mode.contains(PosixFilePermission.GROUP_EXECUTE)
                && !mode.contains(PosixFilePermission.OTHERS_EXECUTE)) {
            throw notExecutable("command at " + shown + " is not executable");
        }
        // access(2) with X_OK: our own user's right to run it
        if (!Files.isExecutable(Path.of(file))) {
            throw notExecutable("no permission to run command " + shown);
        }
    }

    private static Failure notExecutable(String message) {
        return new Failure(Failure.Kind.NOT_EXECUTABLE, message);
    }
}
