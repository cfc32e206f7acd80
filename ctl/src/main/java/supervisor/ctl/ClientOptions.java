package supervisor.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import supervisor.config.ConfigException;
import supervisor.config.Expansion;
import supervisor.config.IniParser;

/**
 * What supervisorctl is told by its command line, then by the {@code [supervisorctl]} section of
 * the config file, then by its defaults, in that order of precedence (4.2.5's ClientOptions).
 */
final class ClientOptions {
    static final String DEFAULT_SERVERURL = "http://localhost:9001";
    private static final Pattern URL_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.+", Pattern.DOTALL);

    /** The name the program was started by, for the usage messages (Python's sys.argv[0]). */
    final String progname;
    String configfile;
    boolean interactive;
    String serverurl;
    String username;
    String password;
    String prompt = "supervisor";
    String historyFile;
    boolean help;
    final List<String> args = new ArrayList<>();

    private ClientOptions(String progname) {
        this.progname = progname;
    }

    /** Reads the command line and the config file it names (or the first found in the usual places). */
    static ClientOptions realize(String progname, String[] argv) throws UsageException {
        ClientOptions o = new ClientOptions(progname);
        Getopt.parse(argv, o);
        if (o.help) {
            return o;
        }
        if (o.configfile == null) {
            o.configfile = o.searchConfig();
        }
        if (o.configfile != null) {
            o.readConfig(o.configfile);
        }
        if (o.serverurl == null) {
            o.serverurl = DEFAULT_SERVERURL;
        }
        if (o.args.isEmpty()) {
            o.interactive = true;
        }
        return o;
    }

    /** Sets an option given on the command line, each at most once. */
    void set(String option, String value) throws UsageException {
        switch (option) {
            case "-h", "-?", "--help" -> help = true;
            case "-i", "--interactive" -> interactive = true;
            case "-c", "--configuration" -> configfile = once(option, configfile, value);
            case "-s", "--serverurl" -> {
                if (!URL_SCHEME.matcher(value).matches()) {
                    throw new UsageException("invalid value for " + option + " " + supervisor.python.PyStr.repr(value)
                            + ": value " + supervisor.python.PyStr.repr(value) + " is not a URL");
                }
                serverurl = once(option, serverurl, value);
            }
            case "-u", "--username" -> username = once(option, username, value);
            case "-p", "--password" -> password = once(option, password, value);
            case "-r", "--history_file" -> historyFile = once(option, historyFile, value);
            default -> throw new IllegalArgumentException(option);
        }
    }

    private static String once(String option, String current, String value) throws UsageException {
        if (current != null) {
            throw new UsageException("conflicting command line option " + supervisor.python.PyStr.repr(option));
        }
        return value;
    }

    private String searchConfig() {
        Path here = Path.of(progname).toAbsolutePath().getParent();
        here = here == null ? Path.of("/") : here.getParent() == null ? here : here.getParent();
        List<Path> paths = List.of(here.resolve("etc/supervisord.conf"), here.resolve("supervisord.conf"),
                Path.of("supervisord.conf"), Path.of("etc/supervisord.conf"),
                Path.of("/etc/supervisord.conf"), Path.of("/etc/supervisor/supervisord.conf"));
        for (Path p : paths) {
            if (Files.exists(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** The [supervisorctl] section: what the command line left unset. */
    private void readConfig(String file) throws UsageException {
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            throw new UsageException("could not find config file " + file);
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("could not read config file " + file);
        }
        String here = normalizePath(file);
        here = here.substring(0, Math.max(1, here.lastIndexOf('/')));
        IniParser parser = new IniParser();
        try {
            parser.read(text, file, false);
            if (!parser.hasSection("supervisorctl")) {
                throw new UsageException(".ini file does not include supervisorctl section");
            }
            Map<String, String> environ = new HashMap<>();
            System.getenv().forEach((k, v) -> environ.put("ENV_" + k, v));
            Map<String, String> withHere = new HashMap<>(environ);
            withHere.put("here", here);

            String url = Expansion.expand(valueOr(parser, "serverurl", DEFAULT_SERVERURL), withHere, "serverurl");
            if (url.startsWith("unix://")) {
                url = "unix://" + normalizePath(url.substring("unix://".length()));
            }
            if (serverurl == null) {
                serverurl = url;
            }
            String configPrompt = Expansion.expand(valueOr(parser, "prompt", prompt), environ, "prompt");
            prompt = configPrompt;
            String user = valueOr(parser, "username", null);
            if (username == null && user != null) {
                username = Expansion.expand(user, environ, "username");
            }
            String pass = valueOr(parser, "password", null);
            if (password == null && pass != null) {
                password = Expansion.expand(pass, environ, "password");
            }
            String history = valueOr(parser, "history_file", null);
            if (history != null) {
                history = Expansion.expand(history, withHere, "history_file");
            }
            if (historyFile == null && history != null && !history.isEmpty()) {
                historyFile = normalizePath(history);
            }
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String valueOr(IniParser parser, String key, String otherwise) {
        String value = parser.get("supervisorctl", key);
        return value == null ? otherwise : value;
    }

    /** supervisord's normalize_path: ~ expanded, made absolute, . and .. folded. */
    static String normalizePath(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        String normal = Path.of(path).toAbsolutePath().normalize().toString();
        return normal;
    }
}
