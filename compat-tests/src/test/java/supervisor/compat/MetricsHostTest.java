package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import supervisor.testing.Command;
import supervisor.testing.Poll;
import supervisor.testing.ReferencePython;

/**
 * {@code GET /metrics} (beyond.md, Observability) of our daemon as users start it, scraped with
 * Python's urllib as a Prometheus client would (basic auth), and checked with
 * {@code promtool check metrics} where promtool is installed (on CI it must be). OURS alone:
 * 4.2.5 has no such path.
 */
class MetricsHostTest extends CompatSuite {
    /**
     * Prints the body of GET /metrics on argv[1] with the credentials argv[2] and argv[3] ("-":
     * none), or "HTTP <code>"; then the Content-Type, the size in bytes and the seconds it took.
     */
    private static final String SCRAPE = """
            import sys, time, urllib.request, urllib.error
            url, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
            handlers = []
            if user != '-':
                auth = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                auth.add_password(None, url, user, password)
                handlers.append(urllib.request.HTTPBasicAuthHandler(auth))
            opener = urllib.request.build_opener(*handlers)
            start = time.monotonic()
            try:
                with opener.open(url, timeout=60) as r:
                    body = r.read()
                    took = time.monotonic() - start
                    sys.stdout.write(body.decode('utf-8'))
                    sys.stderr.write('%s\\n%d\\n%.3f\\n' % (r.headers['Content-Type'], len(body), took))
            except urllib.error.HTTPError as e:
                print('HTTP %d' % e.code)
            """;

    /** Reads /metrics over a unix socket with http.client, as a scraper behind a socket proxy would. */
    private static final String SCRAPE_UNIX = """
            import base64, http.client, socket, sys
            class Unix(http.client.HTTPConnection):
                def connect(self):
                    self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    self.sock.connect(sys.argv[1])
            c = Unix('localhost')
            headers = {}
            if sys.argv[2] != '-':
                headers['Authorization'] = 'Basic ' + base64.b64encode(
                    (sys.argv[2] + ':' + sys.argv[3]).encode()).decode()
            c.request('GET', '/metrics', headers=headers)
            r = c.getresponse()
            body = r.read().decode('utf-8')
            print(body if r.status == 200 else 'HTTP %d' % r.status, end='')
            """;

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    private record Scrape(String body, String contentType, long bytes, double seconds) {
    }

    private static Scrape scrape(SupervisorConf conf, String user, String password) {
        Command.Result r = ReferencePython.command(SCRAPE, conf.inetUrl() + "/metrics", user, password)
                .timeout(Duration.ofSeconds(120)).run().assertSuccess();
        List<String> info = r.err().lines().toList();
        return info.size() < 3 ? new Scrape(r.out(), null, 0, 0)
                : new Scrape(r.out(), info.get(0), Long.parseLong(info.get(1)), Double.parseDouble(info.get(2)));
    }

    /** Sample lines by "name{labels}"; comments apart. */
    private static Map<String, String> samples(String text) {
        Map<String, String> s = new LinkedHashMap<>();
        for (String line : text.split("\n"))
            if (!line.isEmpty() && !line.startsWith("#"))
                s.put(line.substring(0, line.lastIndexOf(' ')), line.substring(line.lastIndexOf(' ') + 1));
        return s;
    }

    private static String p(String family, String name) {
        return "supervisord_process_" + family + "{group=\"" + name + "\",name=\"" + name + "\"}";
    }

    @Test
    void runningStoppedAndFatalProgramsThroughUrllibWithBasicAuth() {
        deviation(conf -> {
            conf.auth("scraper", "s3cret");
            conf.program("run", "sleep 1000");
            conf.program("idle", "sleep 1000", "autostart=false");
            conf.program("broken", "/bin/false", "startsecs=1", "startretries=0");
            conf.program("talk", "sh -c 'printf hello; printf oops >&2; exec sleep 1000'");
        }, s -> {
            s.awaitState("run", "RUNNING");
            s.awaitState("broken", "FATAL");
            SupervisorConf conf = s.conf();
            assertEquals("HTTP 401", scrape(conf, "-", "-").body().strip());
            assertEquals("HTTP 401", scrape(conf, "scraper", "wrong").body().strip());
            Scrape ok = scrape(conf, "scraper", "s3cret");
            assertEquals("text/plain; version=0.0.4; charset=utf-8", ok.contentType());
            Map<String, String> m = samples(ok.body());
            long pid = (Long) s.rpcUnrecorded(Endpoint.unix(conf), "supervisor.getProcessInfo", "run").struct()
                    .get("pid");
            long start = (Long) s.rpcUnrecorded(Endpoint.unix(conf), "supervisor.getProcessInfo", "run").struct()
                    .get("start");
            assertTrue(pid > 0);
            assertEquals("1", m.get(p("up", "run")), ok::body);
            assertEquals("20", m.get(p("state", "run")));
            assertEquals(Long.toString(start), m.get(p("start_time_seconds", "run")));
            assertEquals("0", m.get(p("restarts_total", "run")));
            assertTrue(Long.parseLong(m.get(p("resident_memory_bytes", "run"))) > 0, ok::body);
            assertTrue(Long.parseLong(m.get(p("open_fds", "run"))) >= 3, ok::body);
            assertTrue(Double.parseDouble(m.get(p("cpu_seconds_total", "run"))) >= 0, ok::body);

            assertEquals("0", m.get(p("up", "idle")));
            assertEquals("0", m.get(p("state", "idle")));
            assertEquals("0", m.get(p("start_time_seconds", "idle")));
            assertEquals("0", m.get(p("resident_memory_bytes", "idle")));

            assertEquals("0", m.get(p("up", "broken")));
            assertEquals("200", m.get(p("state", "broken")));
            assertEquals("1", m.get("supervisord_process_state_info{group=\"broken\",name=\"broken\",state=\"FATAL\"}"));
            assertEquals("2", m.get("supervisord_processes{state=\"RUNNING\"}"));
            assertEquals("1", m.get("supervisord_processes{state=\"STOPPED\"}"));
            assertEquals("1", m.get("supervisord_processes{state=\"FATAL\"}"));
            assertTrue(m.keySet().stream().noneMatch(k -> k.startsWith("supervisord_process_ready")), ok::body);
            // calls counted by the RPC handler that answered them (a method the harness never calls)
            assertTrue(m.keySet().stream().noneMatch(k -> k.contains("supervisor_ext.getProcessStats")), ok::body);
            s.rpcUnrecorded(Endpoint.inet(conf), "supervisor_ext.getProcessStats", "run");
            s.rpcUnrecorded(Endpoint.inet(conf), "supervisor_ext.getProcessStats", "nosuch");
            Map<String, String> after = samples(scrape(conf, "scraper", "s3cret").body());
            assertEquals("2", after.get("supervisord_rpc_calls_total{method=\"supervisor_ext.getProcessStats\"}"));
            assertEquals("1", after.get("supervisord_rpc_faults_total{method=\"supervisor_ext.getProcessStats\","
                    + "fault=\"BAD_NAME\"}"));

            // what the child logs received, by channel
            Map<String, String> logged = Poll.until(Duration.ofSeconds(30), "talk's output in its logs",
                    () -> samples(scrape(conf, "scraper", "s3cret").body()),
                    x -> "4".equals(x.get("supervisord_process_log_bytes_total{group=\"talk\",name=\"talk\","
                            + "channel=\"stderr\"}")));
            assertEquals("5", logged.get("supervisord_process_log_bytes_total{group=\"talk\",name=\"talk\","
                    + "channel=\"stdout\"}"));
            assertEquals("0", logged.get("supervisord_process_log_bytes_total{group=\"idle\",name=\"idle\","
                    + "channel=\"stdout\"}"));

            // a restart is a spawn after the first
            s.rpcUnrecorded(Endpoint.unix(conf), "supervisor.stopProcess", "run");
            s.rpcUnrecorded(Endpoint.unix(conf), "supervisor.startProcess", "run");
            assertEquals("1", samples(scrape(conf, "scraper", "s3cret").body()).get(p("restarts_total", "run")));

            // the unix socket's server: the same credentials, the same families
            String unix = ReferencePython.run(SCRAPE_UNIX, "", conf.socket().toString(), "-", "-");
            assertEquals("HTTP 401", unix);
            String unixOk = ReferencePython.run(SCRAPE_UNIX, "", conf.socket().toString(), "scraper", "s3cret");
            assertEquals("20", samples(unixOk).get(p("state", "run")), unixOk);
            if (promtool() != null) // required by the next test, not by this one
                promtoolAccepts(conf.dir(), ok.body());
        });
    }

    /**
     * The issue's acceptance: promtool check metrics accepts the scrape of a daemon running 1000
     * programs. Size and time of the scrape are printed (informational, not asserted).
     */
    @Test
    void promtoolAcceptsTheScrapeOfAThousandRunningPrograms() {
        requirePromtool();
        int programs = 1000;
        deviation(conf -> {
            conf.auth("scraper", "s3cret");
            for (int i = 0; i < programs; i++)
                conf.program(String.format("p%04d", i), "sleep 100000", "autostart=true",
                        "stdout_logfile=NONE", "stderr_logfile=NONE");
        }, s -> {
            SupervisorConf conf = s.conf();
            Scrape all = Poll.until(Duration.ofSeconds(300), programs + " programs RUNNING",
                    () -> scrape(conf, "scraper", "s3cret"),
                    sc -> ("" + programs).equals(samples(sc.body()).get("supervisord_processes{state=\"RUNNING\"}")));
            Scrape timed = scrape(conf, "scraper", "s3cret");
            System.out.printf("/metrics with %d running programs: %d bytes in %.3f s%n", programs, timed.bytes(),
                    timed.seconds());
            Map<String, String> m = samples(timed.body());
            assertEquals(programs, m.keySet().stream().filter(k -> k.startsWith("supervisord_process_up{")).count());
            assertEquals("1", m.get(p("up", "p0999")));
            promtoolAccepts(conf.dir(), all.body());
            promtoolAccepts(conf.dir(), timed.body());
        });
    }

    /** Fails (never skips) on CI without promtool: the acceptance test must run there. */
    private static void requirePromtool() {
        RequiredTools.require("promtool", "prometheus");
    }

    private static Path promtool() {
        return RequiredTools.find("promtool");
    }

    /** promtool check metrics reads the exposition on stdin; exit 0 means no error and no lint problem. */
    private static void promtoolAccepts(Path dir, String body) {
        Command.Result r = Command.of(promtool().toString(), "check", "metrics").directory(dir).stdin(body).run();
        assertEquals(0, r.exitCode(), () -> "promtool check metrics: " + r.out() + r.err());
    }
}
