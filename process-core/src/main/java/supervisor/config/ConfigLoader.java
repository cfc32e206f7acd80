package supervisor.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import supervisor.python.PyStr;

/**
 * Reads supervisord.conf (and its {@code [include]} files) into a {@link Config}, checking
 * everything supervisord checks, in the same order, so the first error reported is the one
 * supervisord would report, with its message. Stateless; each load is independent.
 */
public final class ConfigLoader {
    private static final String STANDARD_RPC_FACTORY = "supervisor.rpcinterface:make_main_rpcinterface";

    private final Map<String, String> environ;
    private final Path cwd;
    private final String nodeName;

    /** A loader for a given process environment, current directory and node name (tests). */
    ConfigLoader(Map<String, String> environ, Path cwd, String nodeName) {
        this.environ = environ;
        this.cwd = cwd;
        this.nodeName = nodeName;
    }

    private static ConfigLoader forThisProcess() {
        return new ConfigLoader(System.getenv(), Path.of("").toAbsolutePath(), nodeName());
    }

    /**
     * Loads and validates the whole configuration.
     *
     * @param configFile the main file, as given on the command line or found by search
     * @param overrides  command-line values for {@code [supervisord]} keys
     * @throws ConfigException with supervisord's message for any error
     */
    public static Config load(Path configFile, Overrides overrides) throws ConfigException {
        return forThisProcess().read(configFile, overrides);
    }

    /**
     * The default config file search of supervisord (used when {@code -c} is not given).
     *
     * @param executableDir the directory holding the supervisord executable
     * @param cwd           the current directory, against which relative candidates are checked
     * @return the first existing candidate, spelled as in the search list
     * @throws ConfigException {@code No config file found at default paths (...)...}
     */
    public static Path locate(Path executableDir, Path cwd) throws ConfigException {
        Path parent = executableDir.getParent();
        String prefix = parent == null ? (executableDir.isAbsolute() ? "/" : "") : parent.toString();
        List<String> candidates = List.of(
                PyPath.join(PyPath.join(prefix, "etc"), "supervisord.conf"),
                PyPath.join(prefix, "supervisord.conf"),
                "supervisord.conf",
                "etc/supervisord.conf",
                "/etc/supervisord.conf",
                "/etc/supervisor/supervisord.conf");
        for (String candidate : candidates) {
            if (Files.exists(cwd.resolve(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new ConfigException("No config file found at default paths (" + String.join(", ", candidates)
                + "); use the -c option to specify a config file at a different path");
    }

    /** The machine's node name, as {@code uname -n} prints it. */
    static String nodeName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e2) {
                return "localhost";
            }
        }
    }

    Config read(Path configFile, Overrides overrides) throws ConfigException {
        String fileName = configFile.toString();
        ParseState st = new ParseState(environ, cwd, nodeName, fileName);
        CommandLine cli = new CommandLine(overrides, st);
        readMainFile(st, fileName);
        readIncludes(st);
        if (!st.parser.hasSection("supervisord")) {
            throw new ConfigException(".ini file does not include supervisord section");
        }
        SupervisordSection section = readSupervisord(st);
        boolean standardRpc = readRpcInterfaces(st);
        List<GroupConfig> groups = new GroupsReader(st).read();
        List<HttpServerConfig> servers = readServers(st);
        SupervisordConfig supervisord = cli.apply(section);

        List<Config.ConfigMessage> messages = new ArrayList<>();
        st.warnings.forEach(m -> messages.add(new Config.ConfigMessage(LogLevel.WARN, m)));
        st.infos.forEach(m -> messages.add(new Config.ConfigMessage(LogLevel.INFO, m)));
        return new Config(fileName, supervisord, List.copyOf(servers), List.copyOf(groups), standardRpc,
                List.copyOf(messages));
    }

    private void readMainFile(ParseState st, String fileName) throws ConfigException {
        Path path = cwd.resolve(fileName);
        if (!Files.exists(path)) {
            throw new ConfigException("could not find config file " + fileName);
        }
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new ConfigException("could not read config file " + fileName);
        }
        st.parser.read(text, fileName, false);
    }

    private void readIncludes(ParseState st) throws ConfigException {
        IniParser parser = st.parser;
        if (!parser.hasSection("include")) {
            return;
        }
        expandHere(parser, st.here);
        String files = parser.get("include", "files");
        if (files == null) {
            throw new ConfigException(".ini file has [include] section, but no files setting");
        }
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("here", st.here);
        names.put("host_node_name", st.nodeName);
        names.putAll(st.environExpansions);
        files = Expansion.expand(files, names, "include.files");
        String base = PyPath.dirname(PyPath.abspath(st.configFile, cwd));
        for (String word : PyStr.split(files)) {
            String pattern = PyPath.join(base, word);
            List<String> matches = new ArrayList<>(Glob.glob(pattern));
            if (matches.isEmpty()) {
                st.warnings.add("No file matches via include \"" + pattern + "\"");
                continue;
            }
            matches.sort(null);
            for (String file : matches) {
                st.infos.add("Included extra file \"" + file + "\" during parsing");
                String text;
                try {
                    text = Files.readString(cwd.resolve(file));
                } catch (IOException e) {
                    continue; // Python's read() skips files it cannot open
                }
                parser.read(text, file, true);
                expandHere(parser, PyPath.abspath(PyPath.dirname(file), cwd));
            }
        }
    }

    /** Replaces the literal {@code %(here)s} in every value, as supervisord does around includes. */
    private static void expandHere(IniParser parser, String here) {
        for (String section : parser.sections()) {
            for (Map.Entry<String, String> e : parser.items(section).entrySet()) {
                if (e.getValue().contains("%(here)s")) {
                    parser.set(section, e.getKey(), e.getValue().replace("%(here)s", here));
                }
            }
        }
    }

    /** The {@code [supervisord]} values as the file gives them, before the command line. */
    record SupervisordSection(int minfds, int minprocs, String directory, String user, int umask, String logfile,
                              long logfileMaxbytes, int logfileBackups, LogLevel loglevel, String pidfile,
                              String identifier, boolean nodaemon, boolean silent, String childlogdir,
                              boolean nocleanup, boolean stripAnsi, Map<String, String> environment) {
    }

    private SupervisordSection readSupervisord(ParseState st) throws ConfigException {
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
        return new SupervisordSection(minfds, minprocs, directory, user, umask, logfile, logfileMaxbytes,
                logfileBackups, loglevel, pidfile, identifier, nodaemon, silent, childlogdir, nocleanup, stripAnsi,
                environment);
    }

    /** Python's {@code tempfile.gettempdir()}: the first usable of TMPDIR, TEMP, TMP, /tmp, ... */
    private String tempDir() {
        List<String> candidates = new ArrayList<>();
        for (String var : List.of("TMPDIR", "TEMP", "TMP")) {
            String dir = environ.get(var);
            if (dir != null && !dir.isEmpty()) {
                candidates.add(dir);
            }
        }
        candidates.addAll(List.of("/tmp", "/var/tmp", "/usr/tmp", cwd.toString()));
        for (String dir : candidates) {
            Path p = cwd.resolve(dir);
            if (Files.isDirectory(p) && Files.isWritable(p)) {
                return PyPath.abspath(dir, cwd);
            }
        }
        return "/tmp";
    }

    /**
     * The {@code [rpcinterface:x]} sections. Only the standard factory can be honoured here; any
     * other is reported as a warning and its namespace is absent.
     */
    private boolean readRpcInterfaces(ParseState st) throws ConfigException {
        String factoryKey = "supervisor.rpcinterface_factory";
        boolean standard = false;
        for (String section : st.parser.sections()) {
            if (!section.startsWith("rpcinterface:")) {
                continue;
            }
            String factory = st.get(section, factoryKey, null, Map.of());
            if (factory == null) {
                throw new ConfigException("section [" + section + "] does not specify a " + factoryKey);
            }
            for (String key : st.parser.options(section)) {
                if (!key.equals(factoryKey)) {
                    st.get(section, key, null, Map.of());
                }
            }
            if (factory.replaceAll("\\s+", "").equals(STANDARD_RPC_FACTORY)) {
                standard = true;
            } else {
                st.warnings.add("rpcinterface factory " + factory + " of [" + section
                        + "] is not supported; its namespace is not available");
            }
        }
        return standard;
    }

    private List<HttpServerConfig> readServers(ParseState st) throws ConfigException {
        List<HttpServerConfig> inet = new ArrayList<>();
        List<HttpServerConfig> unix = new ArrayList<>();
        for (String section : st.parser.sections()) {
            if (!section.startsWith("inet_http_server")) {
                continue;
            }
            String[] auth = credentials(st, section);
            String port = st.get(section, "port", null, Map.of());
            if (port == null) {
                throw new ConfigException("section [" + section + "] has no port value");
            }
            Datatypes.InetAddress address = Datatypes.inetAddress(port);
            inet.add(new HttpServerConfig(section, HttpServerConfig.Family.INET, null, 0, -1, -1,
                    address.host(), address.port(), auth[0], auth[1]));
        }
        for (String section : st.parser.sections()) {
            if (!section.startsWith("unix_http_server")) {
                continue;
            }
            String file = st.get(section, "file", null, st.hereOnly());
            if (file == null) {
                throw new ConfigException("section [" + section + "] has no file value");
            }
            file = st.normalize(PyStr.strip(file));
            String[] auth = credentials(st, section);
            int[] chown = {-1, -1};
            String chownValue = st.get(section, "chown", null, Map.of());
            if (chownValue != null) {
                try {
                    chown = ParseState.userGroup(chownValue);
                } catch (ConfigException e) {
                    throw new ConfigException("Invalid sockchown value " + chownValue);
                }
            }
            int chmod = 0700;
            String chmodValue = st.get(section, "chmod", null, Map.of());
            if (chmodValue != null) {
                try {
                    chmod = Datatypes.octal(chmodValue);
                } catch (ConfigException e) {
                    throw new ConfigException("Invalid chmod value " + chmodValue);
                }
            }
            unix.add(new HttpServerConfig(section, HttpServerConfig.Family.UNIX, file, chmod, chown[0], chown[1],
                    null, 0, auth[0], auth[1]));
        }
        List<HttpServerConfig> all = new ArrayList<>(unix);
        all.addAll(inet);
        return all;
    }

    private static String[] credentials(ParseState st, String section) throws ConfigException {
        String username = st.get(section, "username", null, Map.of());
        String password = st.get(section, "password", null, Map.of());
        if ((username == null) != (password == null)) {
            throw new ConfigException("Section [" + section + "] contains incomplete authentication: If a "
                    + "username or a password is specified, both the username and password must be specified");
        }
        return new String[] {username, password};
    }
}
