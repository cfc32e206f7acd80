package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import supervisor.testing.Poll;

/**
 * superlance's six plugins (memmon, httpok, crashmail, crashmailbatch, fatalmailbatch, crashsms)
 * as event listeners of the daemon under test. Each listener is `docker exec -i` into the client
 * container, so the plugin runs there while its stdin/stdout are the daemon's listener pipes; it
 * reaches the daemon back through SUPERVISOR_SERVER_URL (the bind-mounted unix socket). Needs an
 * image with superlance (scripts/client-image.sh --rich); Debian has no superlance package.
 */
class SuperlanceContainerTest extends CompatSuite {

    @RegisterExtension
    static final ContainerClients CLIENTS = new ContainerClients();
    private static String docker;

    @BeforeAll
    static void requireSuperlance() {
        ClientContainer container = CLIENTS.container();
        Assumptions.assumeTrue(container.hasSuperlance(), "image " + container.imageName()
                + " has no superlance (build the rich one with scripts/client-image.sh --rich)");
        docker = List.of("/usr/bin/docker", "/usr/local/bin/docker").stream().filter(p -> Files.isExecutable(Path.of(p)))
                .findFirst().orElse(null);
        Assumptions.assumeTrue(docker != null, "no docker client on this host to exec the listeners with");
    }

    @Override
    protected CommandRunner runner() {
        return CLIENTS.container();
    }

    /** An [eventlistener:name] running {@code plugin args} inside the container. */
    private static void listener(SupervisorConf conf, String name, String events, String pluginAndArgs) {
        String dockerHost = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        conf.section("eventlistener:" + name,
                "command=" + docker + " exec -i -e SUPERVISOR_SERVER_URL -e SUPERVISOR_USERNAME -e SUPERVISOR_PASSWORD "
                        + CLIENTS.container().containerId() + " " + pluginAndArgs,
                "events=" + events,
                "environment=DOCKER_HOST=\"" + dockerHost + "\"",
                "stderr_logfile=" + conf.dir().resolve(name + ".err"),
                "startsecs=0",
                "autorestart=true");
    }

    @AgainstBoth
    void pluginsAsEventListeners(Implementation impl) throws IOException {
        try (SmtpSink smtp = new SmtpSink()) {
            String smtpHost = "127.0.0.1:" + smtp.port();
            scenario(impl, conf -> {
                Path crashmailOut = conf.dir().resolve("crashmail.txt");
                conf.program("victim", "sleep 1000", "autorestart=false")
                        .program("doomed", "/bin/false", "startsecs=5", "startretries=0")
                        .program("hog", "python3 -c \"b = bytearray(64 << 20); import time; time.sleep(1000)\"",
                                "autorestart=true")
                        .program("web", "sleep 1000", "autorestart=true");
                listener(conf, "memmon", "TICK_5", "memmon -p hog=16MB");
                listener(conf, "httpok", "TICK_5", "httpok -p web -t 2 http://127.0.0.1:9/");
                listener(conf, "crashmail", "PROCESS_STATE_EXITED",
                        "crashmail -p victim -m ops@example.com -s \"sh -c 'cat >> " + crashmailOut + "'\"");
                listener(conf, "crashmailbatch", "PROCESS_STATE,TICK_5", "crashmailbatch -t ops@example.com"
                        + " -f sv@example.com -s crashmailbatch-report -e TICK_5 -i 0.01 -H " + smtpHost);
                listener(conf, "fatalmailbatch", "PROCESS_STATE,TICK_5", "fatalmailbatch -t ops@example.com"
                        + " -f sv@example.com -s fatalmailbatch-report -e TICK_5 -i 0.01 -H " + smtpHost);
                listener(conf, "crashsms", "PROCESS_STATE,TICK_5", "crashsms -t 5550100@sms.example.com"
                        + " -f sv@example.com -s crashsms-report -e TICK_5 -i 0.01 -H " + smtpHost);
            }, s -> {
                for (String l : List.of("memmon", "httpok", "crashmail", "crashmailbatch", "fatalmailbatch", "crashsms")) {
                    s.awaitState(l, "RUNNING");
                }
                s.awaitState("victim", "RUNNING");
                s.awaitState("hog", "RUNNING");
                s.awaitState("web", "RUNNING");
                long hogPid = pid(s, "hog");
                long webPid = pid(s, "web");
                // An unexpected death: crashmail, crashmailbatch and crashsms report it.
                ProcessHandle.of(pid(s, "victim")).orElseThrow().destroyForcibly();
                s.awaitState("victim", "EXITED");
                s.awaitState("doomed", "FATAL");
                Duration deadline = Duration.ofSeconds(60);
                Poll.until(deadline, "memmon to restart hog (over 16MB)", () -> pidOrZero(s, "hog"),
                        pid -> !List.of(0L, hogPid).contains(pid));
                Poll.until(deadline, "httpok to restart web (its URL refuses)", () -> pidOrZero(s, "web"),
                        pid -> !List.of(0L, webPid).contains(pid));
                Path crashmailOut = s.conf().dir().resolve("crashmail.txt");
                Poll.until(deadline, "crashmail to pipe a mail about victim", () -> read(crashmailOut).contains("victim"));
                for (String subject : List.of("crashmailbatch-report", "crashsms-report")) {
                    Poll.until(deadline, subject + " mail about victim", () -> smtp.messages().stream()
                            .anyMatch(m -> m.contains("Subject: " + subject) && m.contains("victim")));
                }
                Poll.until(deadline, "fatalmailbatch mail about doomed", () -> smtp.messages().stream()
                        .anyMatch(m -> m.contains("Subject: fatalmailbatch-report") && m.contains("doomed")));
                s.note("plugins acted: memmon, httpok, crashmail, crashmailbatch, crashsms, fatalmailbatch");
                assertNotEquals(0, smtp.messages().size());
            });
        }
    }

    private static long pid(Session s, String name) {
        long pid = pidOrZero(s, name);
        assertNotEquals(0L, pid, name + " has a pid");
        return pid;
    }

    private static long pidOrZero(Session s, String name) {
        try {
            var m = java.util.regex.Pattern.compile("<name>pid</name>\\s*<value>\\s*<int>(\\d+)")
                    .matcher(s.daemon().probe().call("supervisor.getProcessInfo", name).body());
            return m.find() ? Long.parseLong(m.group(1)) : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
