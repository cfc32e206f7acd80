package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;

/**
 * {@code [supervisord] restart_parallelism=2} (beyond.md): supervisor_ext.restartProcesses
 * through Python's xmlrpc.client, and the stock supervisorctl's {@code update} under
 * update_scope=process, restart six programs in waves. How many are down at once is read from
 * the PROCESS_STATE events a listener records, in the order the daemon sent them: every one
 * after a STOPPING and before its RUNNING is down.
 */
class RestartParallelismHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final List<String> SIX = IntStream.range(0, 6).mapToObj(i -> "p" + i).toList();
    private static final String LISTENER = """
            import sys
            from supervisor import childutils
            while True:
                headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
                fields = dict(x.split(':', 1) for x in payload.split('\\n', 1)[0].split())
                with open(sys.argv[1], 'a') as f:
                    f.write(fields['processname'] + ' ' + headers['eventname'][len('PROCESS_STATE_'):] + '\\n')
                childutils.listener.ok(sys.stdout)
            """;

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    /** Six programs in group g that take a moment to stop (0.3 s) and to be RUNNING (startsecs=1). */
    private static SupervisorConf conf() {
        SupervisorConf conf = SupervisorConf.in(base()).supervisord("restart_parallelism=2", "update_scope=process");
        SIX.forEach(n -> conf.program(n, slowToStop(n), "startsecs=1"));
        conf.section("group:g", "programs=" + String.join(",", SIX));
        Path script = conf.dir().resolve("listener.py");
        write(script, LISTENER);
        conf.section("eventlistener:states", "command=/usr/bin/python3 " + script + " " + events(conf),
                "events=PROCESS_STATE", "buffer_size=1000", "priority=1");
        return conf;
    }

    private static String slowToStop(String name) {
        return "/bin/sh -c 'trap \"sleep 0.3; exit 0\" TERM; echo " + name + "; while true; do sleep 0.1; done'";
    }

    private static Path events(SupervisorConf conf) {
        return conf.dir().resolve("states.log");
    }

    private static List<String> recorded(SupervisorConf conf) {
        try {
            return Files.exists(events(conf)) ? Files.readAllLines(events(conf)) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long count(SupervisorConf conf, String state) {
        return recorded(conf).stream().filter(l -> l.startsWith("p") && l.endsWith(" " + state)).count();
    }

    /** The most programs down at once over these events. */
    private static int mostDown(List<String> lines) {
        Set<String> down = new HashSet<>();
        int most = 0;
        for (String l : lines) {
            String[] f = l.split(" ");
            if (!f[0].startsWith("p")) {
                continue;
            }
            if (f[1].equals("RUNNING")) {
                down.remove(f[0]);
            } else {
                down.add(f[0]);
            }
            most = Math.max(most, down.size());
        }
        return most;
    }

    private static Map<String, Long> pids(Supervisord d) {
        Map<String, Long> pids = new LinkedHashMap<>();
        SIX.forEach(n -> pids.put(n, Poll.until(DEADLINE, n + " RUNNING", () -> "RUNNING".equals(
                d.probe().statename("g:" + n)) ? d.probe().pid("g:" + n) : 0L, pid -> pid > 0)));
        return pids;
    }

    /** What a test does once the six are RUNNING: {@code before} their pids, {@code start} the events recorded by then. */
    private interface SixRunning {
        void steps(Session s, Map<String, Long> before, int start);
    }

    /** Starts ours on conf() and runs the steps once the six are RUNNING and the listener has seen them so. */
    private void withSixRunning(SixRunning test) {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = conf();
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            Session s = new Session(d, runner());
            Map<String, Long> before = pids(d);
            Poll.until(DEADLINE, "the listener to have seen the six RUNNING", () -> count(conf, "RUNNING") == 6);
            test.steps(s, before, recorded(conf).size());
        }
    }

    @Test
    void restartProcessesNeverHasMoreThanTwoDown() {
        withSixRunning((s, before, start) -> {
            SupervisorConf conf = s.conf();
            RpcReply reply = s.rpcUnrecorded(Endpoint.unix(conf), "supervisor_ext.restartProcesses", List.of("g:*"));
            assertTrue(reply.isResult(), reply.toString());
            List<Object> results = reply.array();
            assertEquals(6, results.size(), results.toString());
            for (Object r : results) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) r;
                assertEquals(List.of("name", "group", "status", "description"), List.copyOf(m.keySet()));
                assertEquals("g", m.get("group"));
                assertEquals(80L, ((Number) m.get("status")).longValue(), m.toString());
                assertEquals("OK", m.get("description"));
            }
            Map<String, Long> after = pids(s.daemon());
            SIX.forEach(n -> assertNotEquals(before.get(n), after.get(n), n + " was restarted"));

            Poll.until(DEADLINE, "the listener to have seen the six RUNNING again", () -> count(conf, "RUNNING") == 12);
            List<String> restart = recorded(conf).subList(start, recorded(conf).size());
            int most = mostDown(restart);
            System.out.println("restart_parallelism=2, restartProcesses of 6: at most " + most + " down at once");
            assertTrue(most <= 2, "more than two down at once:\n" + String.join("\n", restart));
            assertEquals(6, restart.stream().filter(l -> l.endsWith(" STOPPING")).count(), restart.toString());

            RpcReply bad = s.rpcUnrecorded(Endpoint.unix(conf), "supervisor_ext.restartProcesses", List.of("nope"));
            assertEquals(10, bad.faultCode(), bad.toString());
        });
    }

    /**
     * Our supervisorctl's {@code restart} makes the rolling call where the server offers it, and
     * prints what Python's two calls print; Python's own restart, run next, has all six down at once.
     */
    @Test
    void ourSupervisorctlsRestartRollsAndPrintsWhatPythonsPrints() {
        withSixRunning((s, before, start) -> {
            SupervisorConf conf = s.conf();
            List<String> stopped = SIX.stream().map(n -> "g:" + n + ": stopped").toList();
            List<String> started = SIX.stream().map(n -> "g:" + n + ": started").toList();

            ExecResult ours = OurSupervisorctl.INSTANCE.run(DEADLINE, List.of(OurSupervisorctl.INSTANCE.supervisorctl(),
                    "-c", conf.file().toString(), "restart", "g:*"));
            assertEquals(0, ours.exitCode(), ours.toString());
            List<String> expected = new java.util.ArrayList<>(stopped);
            expected.addAll(started);
            assertEquals(expected, ours.lines(), "the stop lines, then the start lines, in the group's order");
            Map<String, Long> after = pids(s.daemon());
            SIX.forEach(n -> assertNotEquals(before.get(n), after.get(n), n + " was restarted"));
            Poll.until(DEADLINE, "the listener to have seen the six RUNNING again", () -> count(conf, "RUNNING") == 12);
            List<String> rolled = recorded(conf).subList(start, recorded(conf).size());
            System.out.println("restart_parallelism=2, our supervisorctl's restart g:*: at most " + mostDown(rolled)
                    + " down at once");
            assertTrue(mostDown(rolled) <= 2, "more than two down at once:\n" + String.join("\n", rolled));

            int second = recorded(conf).size();
            ExecResult python = s.ctl("restart", "g:*");
            assertEquals(0, python.exitCode(), python.toString());
            assertEquals(stopped, python.lines().subList(0, 6).stream().sorted().toList());
            assertEquals(started, python.lines().subList(6, 12).stream().sorted().toList());
            Poll.until(DEADLINE, "the listener to have seen the six RUNNING a third time", () -> count(conf, "RUNNING") == 18);
            assertEquals(6, mostDown(recorded(conf).subList(second, recorded(conf).size())),
                    "Python's restart: a stop call, then a start call");
        });
    }

    /** The web page's Restart All rolls too, and redirects once every restart has ended. */
    @Test
    void theWebPagesRestartAllRolls() {
        withSixRunning((s, before, start) -> {
            SupervisorConf conf = s.conf();
            java.net.http.HttpResponse<String> page;
            try {
                page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(conf.inetUrl() + "/index.html?action=restartall")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
            assertEquals(301, page.statusCode(), page.toString());
            assertTrue(page.headers().firstValue("Location").orElse("").contains("All%20restarted%20at"), page.headers().toString());
            Map<String, Long> after = pids(s.daemon());
            SIX.forEach(n -> assertNotEquals(before.get(n), after.get(n), n + " was restarted"));
            Poll.until(DEADLINE, "the listener to have seen the six RUNNING again", () -> count(conf, "RUNNING") == 12);
            List<String> rolled = recorded(conf).subList(start, recorded(conf).size());
            System.out.println("restart_parallelism=2, the web page's Restart All: at most " + mostDown(rolled) + " down at once");
            assertTrue(mostDown(rolled) <= 2, "more than two down at once:\n" + String.join("\n", rolled));
        });
    }

    @Test
    void anUpdateRollsTheChangedMembersAndKeepsTheOthers() {
        withSixRunning((s, before, start) -> {
            SupervisorConf conf = s.conf();
            List<String> changed = List.of("p0", "p2", "p3", "p5");
            changed.forEach(n -> conf.program(n, slowToStop(n + " again"), "startsecs=1"));
            conf.write();
            assertEquals(List.of("g: changed"), s.ctl("reread").lines());
            assertEquals(List.of("g: stopped", "g: updated process group"), s.ctl("update").lines());
            Map<String, Long> after = pids(s.daemon());
            for (String n : SIX) {
                if (changed.contains(n)) {
                    assertNotEquals(before.get(n), after.get(n), n + " changed: restarted");
                } else {
                    assertEquals(before.get(n), after.get(n), n + " unchanged: kept");
                }
            }
            Poll.until(DEADLINE, "the listener to have seen the four RUNNING again", () -> count(conf, "RUNNING") == 10);
            List<String> update = recorded(conf).subList(start, recorded(conf).size());
            int most = mostDown(update);
            System.out.println("restart_parallelism=2, update of 4 changed of 6: at most " + most + " down at once");
            assertTrue(most <= 2, "more than two down at once:\n" + String.join("\n", update));
        });
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
