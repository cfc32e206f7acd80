package supervisor.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import supervisor.python.PyStr;

/**
 * The {@code [supervisord]} settings: the section's values with the command line's laid over
 * them. The command-line values are converted and checked when the reader is made, before the
 * file is read, as supervisord checks option arguments first; the user is looked up last, once
 * every other section has been read, where supervisord looks it up.
 */
final class SupervisordReader {
    /** The {@code [supervisord]} values as the file gives them, before the command line. */
    record Section(int minfds, int minprocs, String directory, String user, int umask, String logfile,
                   long logfileMaxbytes, int logfileBackups, LogLevel loglevel, String pidfile, String identifier,
                   boolean nodaemon, boolean silent, String childlogdir, boolean nocleanup, boolean stripAnsi,
                   Map<String, String> environment, Boolean subreaper, boolean logfileJson,
                   ReloadSettings reload) {
    }

    private final ParseState st;
    private final Overrides o;
    // the command-line values converted, each null when the option was not given
    private final Integer umask;
    private final String directory;
    private final String logfile;
    private final Long logfileMaxbytes;
    private final Integer logfileBackups;
    private final LogLevel loglevel;
    private final String pidfile;
    private final String childlogdir;
    private final Integer minfds;
    private final Integer minprocs;

    SupervisordReader(ParseState st, Overrides o) throws ConfigException {
        this.st = st;
        this.o = o;
        umask = o.umask() == null ? null : Datatypes.octal(o.umask());
        directory = o.directory() == null ? null : st.existingDirectory(o.directory());
        logfile = o.logfile() == null ? null : st.existingDirpath(o.logfile());
        logfileMaxbytes = o.logfileMaxbytes() == null ? null : Datatypes.byteSize(o.logfileMaxbytes());
        logfileBackups = o.logfileBackups() == null ? null : Datatypes.integer(o.logfileBackups());
        loglevel = o.loglevel() == null ? null : Datatypes.logLevel(o.loglevel());
        pidfile = o.pidfile() == null ? null : st.existingDirpath(o.pidfile());
        childlogdir = o.childlogdir() == null ? null : st.existingDirectory(o.childlogdir());
        minfds = o.minfds() == null ? null : Datatypes.integer(o.minfds());
        minprocs = o.minprocs() == null ? null : Datatypes.integer(o.minprocs());
    }

    /**
     * The section as the file gives it. Its {@code environment=} adds {@code ENV_*} names that
     * the sections read after it can expand.
     */
    Section read() throws ConfigException {
        if (!st.parser.hasSection("supervisord")) {
            throw new ConfigException(".ini file does not include supervisord section");
        }
        Map<String, Object> here = st.hereOnly();
        String s = "supervisord";
        int minfds = Datatypes.integer(st.get(s, "minfds", "1024", here));
        int minprocs = Datatypes.integer(st.get(s, "minprocs", "200", here));
        String directory = st.get(s, "directory", null, here);
        if (directory != null) {
            directory = st.existingDirectory(directory);
        }
        String user = st.get(s, "user", null, here);
        int umask = Datatypes.octal(st.get(s, "umask", "022", here));
        String logfile = st.existingDirpath(st.get(s, "logfile", "supervisord.log", here));
        long logfileMaxbytes = Datatypes.byteSize(st.get(s, "logfile_maxbytes", "50MB", here));
        int logfileBackups = Datatypes.integer(st.get(s, "logfile_backups", "10", here));
        LogLevel loglevel = Datatypes.logLevel(st.get(s, "loglevel", "info", here));
        String pidfile = st.existingDirpath(st.get(s, "pidfile", "supervisord.pid", here));
        String identifier = st.get(s, "identifier", "supervisor", here);
        boolean nodaemon = Datatypes.bool(st.get(s, "nodaemon", "false", here));
        boolean silent = Datatypes.bool(st.get(s, "silent", "false", here));
        String childlogdir = st.existingDirectory(st.get(s, "childlogdir", tempDir(), here));
        boolean nocleanup = Datatypes.bool(st.get(s, "nocleanup", "false", here));
        boolean stripAnsi = Datatypes.bool(st.get(s, "strip_ansi", "false", here));
        // expanded twice, the second time with host_node_name too: supervisord does exactly this
        String environ = st.get(s, "environment", "", here);
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("here", st.here);
        second.put("host_node_name", st.nodeName);
        second.putAll(st.environExpansions);
        environ = Expansion.expand(environ, second, "environment");
        Map<String, String> environment = KeyValuePairs.parse(environ);
        environment.forEach((k, v) -> st.environExpansions.put("ENV_" + k, v));
        // an extension that supervisord 4.2.5 ignores (beyond.md)
        String subreaperValue = st.get(s, "subreaper", null, here);
        Boolean subreaper = subreaperValue == null ? null : Datatypes.bool(subreaperValue);
        environment = withEnvironmentFile(environment, st.get(s, "environment_file", null, here));
        boolean logfileJson = logfileFormat(st.get(s, "logfile_format", "plain", here));
        ReloadSettings reload = reloadSettings(here);
        return new Section(minfds, minprocs, directory, user, umask, logfile, logfileMaxbytes, logfileBackups,
                loglevel, pidfile, identifier, nodaemon, silent, childlogdir, nocleanup, stripAnsi, environment,
                subreaper, logfileJson, reload);
    }

    /**
     * {@code update_scope}, {@code remember_state} and {@code restart_parallelism} (extensions).
     * A bad value names the section and file, as a bad program value does.
     */
    private ReloadSettings reloadSettings(Map<String, Object> here) throws ConfigException {
        String s = "supervisord";
        String scope = st.get(s, "update_scope", null, here);
        String remember = st.get(s, "remember_state", null, here);
        String parallelism = st.get(s, "restart_parallelism", null, here);
        if (scope == null && remember == null && parallelism == null) {
            return ReloadSettings.DEFAULT;
        }
        try {
            return new ReloadSettings(
                    scope == null ? ReloadSettings.UpdateScope.GROUP : updateScope(scope),
                    remember == null ? null : rememberState(remember),
                    parallelism == null ? 0 : restartParallelism(parallelism));
        } catch (ConfigException e) {
            throw inSection(e);
        }
    }

    private static ReloadSettings.UpdateScope updateScope(String value) throws ConfigException {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "group" -> ReloadSettings.UpdateScope.GROUP;
            case "process" -> ReloadSettings.UpdateScope.PROCESS;
            default -> throw new ConfigException("invalid update_scope value " + PyStr.repr(value)
                    + " (must be group or process)");
        };
    }

    /** A file in a directory that exists, as pidfile= is checked; made absolute. */
    private String rememberState(String value) throws ConfigException {
        if (value.isBlank()) {
            throw new ConfigException("invalid remember_state value " + PyStr.repr(value) + " (must be a file path)");
        }
        return st.normalize(st.existingDirpath(value.strip()));
    }

    private static int restartParallelism(String value) throws ConfigException {
        int n;
        try {
            n = Datatypes.integer(value);
        } catch (ConfigException e) {
            n = 0;
        }
        if (n < 1) {
            throw new ConfigException("invalid restart_parallelism value " + PyStr.repr(value)
                    + " (must be an integer of at least 1)");
        }
        return n;
    }

    private ConfigException inSection(ConfigException e) {
        String file = st.parser.fileOf("supervisord");
        return new ConfigException(e.getMessage() + " in section 'supervisord' (file: "
                + PyStr.repr(file == null ? st.configFile : file) + ")");
    }

    /** {@code logfile_format} (an extension): {@code plain} (supervisord's lines) or {@code json}. */
    private static boolean logfileFormat(String value) throws ConfigException {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "plain" -> false;
            case "json" -> true;
            default -> throw new ConfigException("invalid logfile_format value " + PyStr.repr(value)
                    + " (must be plain or json)");
        };
    }

    /**
     * {@code environment_file} (an extension): the file's pairs under {@code environment=}'s, for
     * every child; not {@code %(ENV_x)s} names. Errors name the section, as a program's do.
     */
    private Map<String, String> withEnvironmentFile(Map<String, String> environment, String value)
            throws ConfigException {
        if (value == null) {
            return environment;
        }
        Map<String, String> merged;
        try {
            merged = new LinkedHashMap<>(EnvironmentFile.read(value, st, "supervisord", st.warnings));
        } catch (ConfigException e) {
            throw inSection(e);
        }
        merged.putAll(environment);
        return merged;
    }

    /** Python's {@code tempfile.gettempdir()}: the first usable of TMPDIR, TEMP, TMP, /tmp, ... */
    private String tempDir() {
        List<String> candidates = new ArrayList<>();
        for (String var : List.of("TMPDIR", "TEMP", "TMP")) {
            String dir = st.environ.get(var);
            if (dir != null && !dir.isEmpty()) {
                candidates.add(dir);
            }
        }
        candidates.addAll(List.of("/tmp", "/var/tmp", "/usr/tmp", st.cwd.toString()));
        for (String dir : candidates) {
            Path p = st.cwd.resolve(dir);
            if (Files.isDirectory(p) && Files.isWritable(p)) {
                return PyPath.abspath(dir, st.cwd);
            }
        }
        return "/tmp";
    }

    /** The settings: each command-line value where one was given, else the file's. */
    SupervisordConfig settings(Section f) throws ConfigException {
        String user = pick(o.user(), f.user());
        if (user != null) {
            UserDb.uidOf(user);
        }
        String log = pick(logfile, f.logfile());
        if (!log.equals("syslog")) {
            log = st.normalize(log);
        }
        String pid = st.normalize(pick(pidfile, f.pidfile()));
        return new SupervisordConfig(
                log,
                pick(logfileMaxbytes, f.logfileMaxbytes()),
                pick(logfileBackups, f.logfileBackups()),
                pick(loglevel, f.loglevel()),
                pid,
                pick(umask, f.umask()),
                pick(o.nodaemon(), f.nodaemon()),
                pick(o.silent(), f.silent()),
                pick(minfds, f.minfds()),
                pick(minprocs, f.minprocs()),
                pick(o.nocleanup(), f.nocleanup()),
                pick(childlogdir, f.childlogdir()),
                user,
                pick(directory, f.directory()),
                pick(o.stripAnsi(), f.stripAnsi()),
                f.environment(),
                pick(o.identifier(), f.identifier()),
                f.subreaper(),
                f.logfileJson(),
                f.reload());
    }

    private static <T> T pick(T commandLine, T file) {
        return commandLine != null ? commandLine : file;
    }
}
