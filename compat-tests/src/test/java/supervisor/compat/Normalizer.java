package supervisor.compat;

import java.util.regex.Pattern;

/**
 * Masks what legitimately differs between two runs of the same scenario (pids, uptimes, dates,
 * the temp folder, the port, the daemon's path) so that what remains can be compared as text.
 */
public final class Normalizer {

    private static final Pattern PID = Pattern.compile("\\bpid \\d+");
    private static final Pattern BARE_NUMBER_LINE = Pattern.compile("(?m)^\\d+$");
    private static final Pattern UPTIME = Pattern.compile("\\buptime (\\d+ days?, )?\\d+:\\d{2}:\\d{2}");
    private static final Pattern DATE = Pattern.compile("\\b[A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2} [AP]M\\b");
    /** AUTO child log names end in a random part chosen by the daemon (like Python's mkstemp). */
    private static final Pattern AUTO_LOG = Pattern.compile("(-std(?:out|err)---[^/\"\\s]*?-)[A-Za-z0-9_]+(\\.log)");
    private static final Pattern NUMERIC_TIME = Pattern.compile("\"(start|stop|now|pid)\": \\d+");

    private Normalizer() {
    }

    /** Text as a shell would quote it for printf, newlines as \\n: one transcript line for a whole input. */
    static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("\n", "\\n").replace("'", "'\\''") + "'";
    }

    public static String normalize(String text, SupervisorConf conf) {
        String t = text.replace(conf.dir().toString(), "<tmp>")
                .replace(":" + conf.port(), ":<port>");
        // supervisorctl names itself in its usage messages: the Python one or ours
        t = t.replace(OurSupervisorctl.PATH.toString(), "<supervisorctl>")
                .replace(supervisor.testing.ReferencePython.SUPERVISORCTL.toString(), "<supervisorctl>");
        for (Implementation impl : Implementation.values()) {
            t = t.replace(impl.executable().toString(), "<supervisord>");
        }
        t = PID.matcher(t).replaceAll("pid <pid>");
        t = UPTIME.matcher(t).replaceAll("uptime <uptime>");
        t = DATE.matcher(t).replaceAll("<date>");
        t = AUTO_LOG.matcher(t).replaceAll("$1<auto>$2");
        t = NUMERIC_TIME.matcher(t).replaceAll("\"$1\": <n>");
        return BARE_NUMBER_LINE.matcher(t).replaceAll("<n>");
    }
}
