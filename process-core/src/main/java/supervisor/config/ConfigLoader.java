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
 * supervisord would report, with its message. Finding the file and reading it and its
 * includes happen here; each kind of section has its reader, called in supervisord's order.
 * Stateless; each load is independent.
 */
public final class ConfigLoader {
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
        // the command line is checked before the file is read, as supervisord checks option arguments first
        SupervisordReader supervisordReader = new SupervisordReader(st, overrides);
        readMainFile(st, fileName);
        readIncludes(st);
        SupervisordReader.Section section = supervisordReader.read();
        boolean standardRpc = new RpcInterfacesReader(st).read();
        List<GroupConfig> groups = new GroupsReader(st).read();
        List<HttpServerConfig> servers = new HttpServersReader(st).read();
        new DependsOnCheck(st).check(groups);
        SupervisordConfig supervisord = supervisordReader.settings(section);

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
}
