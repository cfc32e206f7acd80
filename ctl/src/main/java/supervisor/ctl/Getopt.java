package supervisor.ctl;

import java.util.List;

/**
 * Python's getopt.getopt for supervisorctl's options: short options may be bundled ({@code -ic
 * FILE}), long ones may be abbreviated to a unique prefix, and the first argument that is not an
 * option ends the options (the command and its arguments follow, as given).
 */
final class Getopt {
    private static final String SHORT_FLAGS = "hi?";
    private static final String SHORT_WITH_VALUE = "csupr";
    private static final List<String> LONG = List.of("help", "interactive", "configuration=", "serverurl=",
            "username=", "password=", "history_file=");

    private Getopt() {
    }

    static void parse(String[] argv, ClientOptions options) throws UsageException {
        int k = 0;
        while (k < argv.length) {
            String arg = argv[k];
            if (arg.equals("--")) {
                k++;
                break;
            }
            if (arg.startsWith("--")) {
                k = parseLong(argv, k, options);
            } else if (arg.startsWith("-") && !arg.equals("-")) {
                k = parseShort(argv, k, options);
            } else {
                break;
            }
        }
        for (; k < argv.length; k++) {
            options.args.add(argv[k]);
        }
    }

    private static int parseLong(String[] argv, int k, ClientOptions options) throws UsageException {
        String body = argv[k].substring(2);
        int eq = body.indexOf('=');
        String name = eq < 0 ? body : body.substring(0, eq);
        String value = eq < 0 ? null : body.substring(eq + 1);
        String match = null;
        for (String candidate : LONG) {
            String bare = candidate.endsWith("=") ? candidate.substring(0, candidate.length() - 1) : candidate;
            if (bare.equals(name)) {
                match = candidate;
                break;
            }
            if (bare.startsWith(name)) {
                if (match != null) {
                    throw new UsageException("option --" + name + " not a unique prefix");
                }
                match = candidate;
            }
        }
        if (match == null) {
            throw new UsageException("option --" + name + " not recognized");
        }
        boolean takesValue = match.endsWith("=");
        String option = "--" + (takesValue ? match.substring(0, match.length() - 1) : match);
        if (takesValue) {
            if (value == null) {
                if (k + 1 >= argv.length) {
                    throw new UsageException("option " + option + " requires argument");
                }
                value = argv[++k];
            }
        } else if (value != null) {
            throw new UsageException("option " + option + " must not have an argument");
        }
        options.set(option, value);
        return k + 1;
    }

    private static int parseShort(String[] argv, int k, ClientOptions options) throws UsageException {
        String letters = argv[k].substring(1);
        for (int i = 0; i < letters.length(); i++) {
            char c = letters.charAt(i);
            String option = "-" + c;
            if (SHORT_FLAGS.indexOf(c) >= 0) {
                options.set(option, null);
            } else if (SHORT_WITH_VALUE.indexOf(c) >= 0) {
                String value = letters.substring(i + 1);
                if (value.isEmpty()) {
                    if (k + 1 >= argv.length) {
                        throw new UsageException("option " + option + " requires argument");
                    }
                    value = argv[++k];
                }
                options.set(option, value);
                return k + 1;
            } else {
                throw new UsageException("option " + option + " not recognized");
            }
        }
        return k + 1;
    }
}
