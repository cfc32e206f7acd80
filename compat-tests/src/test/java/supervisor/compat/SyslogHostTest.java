package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import supervisor.testing.Poll;

/**
 * {@code logfile=syslog} and {@code stdout_syslog}/{@code stderr_syslog}: what reaches the local
 * syslog socket, from both daemons alike. Each daemon runs in a mount namespace whose
 * {@code /dev/log} is a test's socket ({@code with_dev_log.sh}; needs root, as the mount tests do).
 */
class SyslogHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** glibc's datagram: priority user.info, "Mmm dd hh:mm:ss", the ident Python opens syslog with. */
    private static final String HEADER = "<14>[A-Z][a-z]{2} [ 1-3][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} supervisord: ";
    private static final Pattern CHILD_LINE = Pattern.compile(HEADER + "(talker .*)", Pattern.DOTALL);
    private static final Pattern SPAWNED = Pattern.compile(HEADER
            + "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2},[0-9]{3} INFO spawned: 'talker' with pid [0-9]+\n");

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    /**
     * The activity log's lines, in its own format with a line break, and the program's output
     * line by line, each as {@code NAME line}: one chunk written at once is split at its line
     * breaks, an empty line included, the last line without its break.
     */
    @AgainstBoth
    void theActivityLogAndProgramOutputGoToSyslogLineByLine(Implementation impl) {
        impl.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base()).supervisord("logfile=syslog", "loglevel=info");
        conf.program("talker", "/bin/sh -c 'printf \"one\\ntwo\\n\\nthree\\n\"; printf \"oops\\n\" >&2; exec sleep 1000'",
                "stdout_syslog=true", "stderr_syslog=true");
        Path wrapper = CompatSuite.installResource(conf.dir(), "with_dev_log.sh");
        try (DatagramSink sink = DatagramSink.in(conf.dir(), "devlog");
             Supervisord d = Supervisord.start(impl, conf, List.of("/bin/sh", wrapper.toString(), sink.socket().toString()),
                     Map.of())) {
            d.awaitState("talker", "RUNNING", DEADLINE);
            Poll.until(DEADLINE, "talker's four lines and its stderr line", () -> childLines(sink),
                    lines -> lines.size() >= 5);
            List<String> lines = childLines(sink);
            assertEquals(List.of("talker one", "talker two", "talker ", "talker three"),
                    lines.stream().filter(l -> !l.equals("talker oops")).toList(), sink.texts().toString());
            assertTrue(lines.contains("talker oops"), lines.toString());
            assertTrue(sink.texts().stream().anyMatch(t -> SPAWNED.matcher(t).matches()),
                    "the activity log's 'spawned:' line, as supervisord formats it: " + sink.texts());
        }
    }

    private static List<String> childLines(DatagramSink sink) {
        return sink.texts().stream().map(CHILD_LINE::matcher).filter(java.util.regex.Matcher::matches)
                .map(m -> m.group(1)).toList();
    }
}
