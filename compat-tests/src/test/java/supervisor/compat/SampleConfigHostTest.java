package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import supervisor.testing.Command;
import supervisor.testing.Poll;

/**
 * {@code echo_supervisord_conf} (the distribution's bin/echo_supervisord_conf) prints a sample
 * both daemons load: as printed, started the way a user starts it (daemonized, then
 * supervisorctl), and with every commented setting of every section switched on.
 */
class SampleConfigHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern SECTION = Pattern.compile("^;?\\[([^\\]]+)\\]");
    /** A setting, live or commented: {@code ;key=value   ; note} */
    private static final Pattern SETTING = Pattern.compile("^;?([a-z_.]+)\\s*=\\s*(\\S+)");

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    private static String sample() {
        Command.Result r = Command.of(Implementation.repoRoot().resolve("dist/src/bin/echo_supervisord_conf").toString()).run();
        assertEquals(0, r.exitCode(), r.toString());
        return r.out();
    }

    @AgainstBoth
    void asPrintedItRunsAndSupervisorctlReachesIt(Implementation impl) throws Exception {
        impl.assumeAvailable();
        Path dir = Files.createTempDirectory(base(), "s");
        Path conf = dir.resolve("supervisord.conf");
        // the sample's /tmp paths made this test's own, nothing else changed
        Files.writeString(conf, sample().replace("/tmp/", dir + "/"));
        List<String> start = new ArrayList<>(impl.command(conf));
        start.remove("-n");  // nodaemon=false, as printed: the daemon forks into the background
        Command.Result started = Command.of(start).directory(dir).run();
        assertEquals(0, started.exitCode(), started.toString());
        Path pidfile = dir.resolve("supervisord.pid");
        try {
            Poll.until(DEADLINE, "supervisorctl status to answer", () -> Command.of("supervisorctl", "-c", conf.toString(), "status").run(),
                    r -> r.exitCode() == 0);
            assertEquals("Shut down\n", Command.of("supervisorctl", "-c", conf.toString(), "shutdown").run().out());
            Poll.until(DEADLINE, "the daemon to remove its pidfile", () -> !Files.exists(pidfile));
        } finally {
            if (Files.exists(pidfile)) {
                Command.of("kill", "-KILL", Files.readString(pidfile).strip()).run();
            }
        }
    }

    @AgainstBoth
    void everySettingSwitchedOnLoads(Implementation impl) throws Exception {
        impl.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base());
        Path envFile = conf.dir().resolve("env");
        Files.writeString(envFile, "FROM_FILE=1\n");
        String section = null;
        int settings = 0;
        for (String line : sample().lines().toList()) {
            Matcher s = SECTION.matcher(line);
            if (s.find()) {
                section = s.group(1);
                continue;
            }
            Matcher m = SETTING.matcher(line);
            if (section == null || !m.find() || harnessOwns(section)) {
                continue;
            }
            String key = m.group(1);
            String value = m.group(2).equals("/tmp") ? conf.dir().toString() : m.group(2).replace("/tmp/", conf.dir() + "/");
            switch (key) {
                // the harness writes these: the daemon stays in the foreground, as this test's user
                case "nodaemon", "user", "logfile", "pidfile" -> {
                    if (!section.equals("supervisord")) conf.section(section, key + "=" + value);
                    continue;
                }
                case "environment_file" -> value = envFile.toString();
                case "programs" -> value = "theprogramname";
                default -> { }
            }
            conf.section(section, key + "=" + value);
            settings++;
        }
        assertTrue(settings >= 70, "every setting of the sample was switched on: " + settings);
        try (Supervisord d = Supervisord.start(impl, conf, Map.of())) {
            // the group took the program; the listener and the fcgi program are there under their names
            for (String name : List.of("thegroupname:theprogramname", "theeventlistenername", "thefcgiprogramname:thefcgiprogramname_00")) {
                Poll.until(DEADLINE, name + " known to the daemon", () -> d.probe().statename(name), st -> st != null);
            }
        }
    }

    /** The sections the test harness writes itself (its socket, port and client settings). */
    private static boolean harnessOwns(String section) {
        return section.equals("unix_http_server") || section.equals("inet_http_server") || section.equals("supervisorctl")
                || section.startsWith("rpcinterface:");
    }
}
