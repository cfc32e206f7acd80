package supervisor.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import supervisor.python.PyStr;

/**
 * supervisord's arguments (its argv), parsed with the rules of Python's getopt as supervisord uses it:
 * clustered short flags ({@code -nc FILE}), attached values ({@code -cFILE}), long options with
 * {@code =} or a separate value, unique long-option prefixes, no positional arguments, and no
 * option given twice. Values are checked later against the config datatypes.
 */
public final class Arguments {

    /** Thrown with the text supervisord prints after {@code Error: }. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** One supervisord option: its short letter (or 0), long name, and whether it takes a value. */
    private record Option(char shortName, String longName, boolean takesValue) {
    }

    private static final List<Option> OPTIONS = List.of(
            new Option('c', "configuration", true),
            new Option('n', "nodaemon", false),
            new Option('s', "silent", false),
            new Option('h', "help", false),
            new Option('?', null, false),
            new Option('v', "version", false),
            new Option('u', "user", true),
            new Option('m', "umask", true),
            new Option('d', "directory", true),
            new Option('l', "logfile", true),
            new Option('y', "logfile_maxbytes", true),
            new Option('z', "logfile_backups", true),
            new Option('e', "loglevel", true),
            new Option('j', "pidfile", true),
            new Option('i', "identifier", true),
            new Option('q', "childlogdir", true),
            new Option('k', "nocleanup", false),
            new Option('a', "minfds", true),
            new Option('t', "strip_ansi", false),
            new Option((char) 0, "minprocs", true),
            new Option((char) 0, "profile_options", true));

    /** Long option name (help and ? both map to "help") -> value ("" for flags), in the order given. */
    private final Map<String, String> values = new LinkedHashMap<>();
    /** Long option name -> the spelling the user typed, for messages ("-e", "--loglevel"). */
    private final Map<String, String> spelled = new LinkedHashMap<>();

    private Arguments() {
    }

    public static Arguments parse(String[] args) throws UsageException {
        Arguments cl = new Arguments();
        List<String> positional = new ArrayList<>();
        int i = 0;
        while (i < args.length) {
            String a = args[i++];
            if (a.equals("--")) {
                while (i < args.length) {
                    positional.add(args[i++]);
                }
            } else if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                Option o = longOption(name);
                if (o.takesValue()) {
                    if (value == null) {
                        if (i >= args.length) {
                            throw new UsageException("option --" + o.longName() + " requires argument");
                        }
                        value = args[i++];
                    }
                } else if (value != null) {
                    throw new UsageException("option --" + o.longName() + " must not have an argument");
                }
                cl.put(o, "--" + o.longName(), value == null ? "" : value);
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int j = 1; j < a.length(); j++) {
                    Option o = shortOption(a.charAt(j));
                    if (o.takesValue()) {
                        String value;
                        if (j + 1 < a.length()) {
                            value = a.substring(j + 1);
                        } else if (i < args.length) {
                            value = args[i++];
                        } else {
                            throw new UsageException("option -" + o.shortName() + " requires argument");
                        }
                        cl.put(o, "-" + o.shortName(), value);
                        break;
                    }
                    cl.put(o, "-" + o.shortName(), "");
                }
            } else {
                // getopt stops at the first non-option; supervisord then refuses what is left.
                positional.add(a);
                while (i < args.length) {
                    positional.add(args[i++]);
                }
            }
        }
        if (!positional.isEmpty()) {
            throw new UsageException("positional arguments are not supported: " + pythonList(positional));
        }
        return cl;
    }

    private void put(Option o, String spelling, String value) throws UsageException {
        String key = o.longName() == null ? "help" : o.longName();
        // -h and -? are the one option supervisord lets through twice: they print usage.
        if (values.containsKey(key) && !key.equals("help")) {
            throw new UsageException("conflicting command line option '" + spelling + "'");
        }
        values.put(key, value);
        spelled.put(key, spelling);
    }

    private static Option longOption(String name) throws UsageException {
        Option exact = null;
        List<Option> prefixed = new ArrayList<>();
        for (Option o : OPTIONS) {
            if (o.longName() == null) {
                continue;
            }
            if (o.longName().equals(name)) {
                exact = o;
            } else if (o.longName().startsWith(name)) {
                prefixed.add(o);
            }
        }
        if (exact != null) {
            return exact;
        }
        if (prefixed.size() == 1 && !name.isEmpty()) {
            return prefixed.getFirst();
        }
        if (prefixed.size() > 1) {
            throw new UsageException("option --" + name + " not a unique prefix");
        }
        throw new UsageException("option --" + name + " not recognized");
    }

    private static Option shortOption(char c) throws UsageException {
        for (Option o : OPTIONS) {
            if (o.shortName() == c && c != 0) {
                return o;
            }
        }
        throw new UsageException("option -" + c + " not recognized");
    }

    /** Python's repr of a list of strings, as supervisord shows positional arguments. */
    private static String pythonList(List<String> items) {
        return "[" + String.join(", ", items.stream().map(PyStr::repr).toList()) + "]";
    }

    public boolean has(String longName) {
        return values.containsKey(longName);
    }

    /** The value given for an option, or null when absent ("" for a flag). */
    public String value(String longName) {
        return values.get(longName);
    }

    /** How the user spelled the option, for "invalid value for -e ..." messages. */
    public String spelling(String longName) {
        return spelled.get(longName);
    }

    /** The options that were given, by long name, in order. */
    public Map<String, String> given() {
        return values;
    }

    public static final String USAGE = """
            supervisord -- run a set of applications as daemons.

            Usage: %s [options]

            Options:
            -c/--configuration FILENAME -- configuration file path (searches if not given)
            -n/--nodaemon -- run in the foreground (same as 'nodaemon=true' in config file)
            -s/--silent -- no logs to stdout (maps to 'silent=true' in config file)
            -h/--help -- print this usage message and exit
            -v/--version -- print supervisord version number and exit
            -u/--user USER -- run supervisord as this user (or numeric uid)
            -m/--umask UMASK -- use this umask for daemon subprocess (default is 022)
            -d/--directory DIRECTORY -- directory to chdir to when daemonized
            -l/--logfile FILENAME -- use FILENAME as logfile path
            -y/--logfile_maxbytes BYTES -- use BYTES to limit the max size of logfile
            -z/--logfile_backups NUM -- number of backups to keep when max bytes reached
            -e/--loglevel LEVEL -- use LEVEL as log level (debug,info,warn,error,critical)
            -j/--pidfile FILENAME -- write a pid file for the daemon process to FILENAME
            -i/--identifier STR -- identifier used for this instance of supervisord
            -q/--childlogdir DIRECTORY -- the log directory for child process logs
            -k/--nocleanup --  prevent the process from performing cleanup (removal of
                               old automatic child log files) at startup.
            -a/--minfds NUM -- the minimum number of file descriptors for start success
            -t/--strip_ansi -- strip ansi escape codes from process output
            --minprocs NUM  -- the minimum number of processes available for start success
            --profile_options OPTIONS -- accepted for compatibility; there is no Python
                                         profiler to run (the value is ignored)
            """;
}
