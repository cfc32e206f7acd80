package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;
import supervisor.testing.Sockets;

/**
 * depends_on (beyond.md) with real programs, driven by the real supervisorctl: db opens its port
 * a second late and is ready (ready_check tcp) only then; app depends on db and web on app; solo
 * on nothing. The start order shows in the activity log, {@code supervisorctl start web} after a
 * {@code stop all} starts db and app first, a {@code reread} of a file with a cycle is refused
 * and the old config kept, a file naming an unknown process does not start (exit 2), and
 * xmlrpc.client reads supervisor_ext.getDependencyGraph. A last
 * test measures 50 programs in five levels, each ready 200 ms after its spawn.
 */
class DependsOnHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }


    private static SupervisorConf chainConf() throws IOException {
        SupervisorConf conf = SupervisorConf.in(base());
        int port = Sockets.freePort();
        Path listen = conf.dir().resolve("listen.py");
        Files.writeString(listen, """
                import socket, sys, time
                time.sleep(1)
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", int(sys.argv[1])))
                s.listen()
                time.sleep(1000)
                """);
        return conf
                .program("db", "/usr/bin/python3 " + listen + " " + port, "startsecs=0",
                        "ready_check=tcp:127.0.0.1:" + port, "ready_timeout=60")
                .program("app", "sleep 1000", "startsecs=1", "depends_on=db")
                .program("web", "sleep 1000", "startsecs=0", "depends_on=app")
                .program("solo", "sleep 1000", "startsecs=0");
    }

    private static String activityLog(SupervisorConf conf) throws IOException {
        return Files.readString(conf.dir().resolve("supervisord.log"));
    }

    private static ExecResult ctl(SupervisorConf conf, String... args) {
        List<String> argv = new ArrayList<>(List.of(HostRunner.INSTANCE.supervisorctl(), "-c", conf.file().toString()));
        argv.addAll(List.of(args));
        return HostRunner.INSTANCE.run(DEADLINE, argv);
    }

    /** Where in the log a line containing {@code text} first appears after {@code from}; fails when it does not. */
    private static int at(String log, String text, int from) {
        int i = log.indexOf(text, from);
        assertTrue(i >= 0, "no '" + text + "' after offset " + from + " in\n" + log);
        return i;
    }

    @Test
    void startsInDependencyOrderAndStartOfADependentStartsItsDependencies() throws Exception {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = chainConf();
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            d.awaitState("web", "RUNNING", DEADLINE);
            String log = activityLog(conf);
            int dbReady = at(log, "success: db entered RUNNING state", 0);
            int appSpawned = at(log, "spawned: 'app'", 0);
            assertTrue(appSpawned > dbReady, "app spawned once db is ready:\n" + log);
            assertTrue(at(log, "spawned: 'web'", 0) > at(log, "success: app entered RUNNING state", 0), log);
            assertTrue(at(log, "spawned: 'solo'", 0) < dbReady, "solo waits for nothing:\n" + log);

            // what tools read: Python's xmlrpc.client over the inet server
            ExecResult graph = HostRunner.INSTANCE.run(DEADLINE, List.of("/usr/bin/python3", "-c",
                    "import sys, json, xmlrpc.client\n"
                    + "g = xmlrpc.client.ServerProxy(sys.argv[1]).supervisor_ext.getDependencyGraph()\n"
                    + "print(json.dumps(g, sort_keys=True))", conf.inetUrl() + "/RPC2"));
            assertEquals("[{\"dependents\": [\"web:web\"], \"depends_on\": [\"db:db\"], \"group\": \"app\", "
                    + "\"name\": \"app\"}, {\"dependents\": [\"app:app\"], \"depends_on\": [], \"group\": \"db\", "
                    + "\"name\": \"db\"}, {\"dependents\": [], \"depends_on\": [], \"group\": \"solo\", "
                    + "\"name\": \"solo\"}, {\"dependents\": [], \"depends_on\": [\"app:app\"], \"group\": "
                    + "\"web\", \"name\": \"web\"}]\n", graph.stdout(), graph.toString());

            // what people see: the web UI's status page names each program's dependencies
            String page = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(conf.inetUrl() + "/index.html")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(page.contains("<th class=\"depends\">Depends on</th>"), page);
            assertTrue(page.matches("(?s).*>app</a></td>.*?<td class=\"depends\">db</td>.*"), page);
            assertTrue(page.matches("(?s).*>web</a></td>.*?<td class=\"depends\">app</td>.*"), page);

            ExecResult stop = ctl(conf, "stop", "all");
            assertEquals(0, stop.exitCode(), stop.toString());
            String afterStop = activityLog(conf);
            int from = log.length();
            // dependents first: web, then app, then db
            int webStopped = at(afterStop, "stopped: web", from);
            int appStopped = at(afterStop, "stopped: app", from);
            int dbStopped = at(afterStop, "stopped: db", from);
            assertTrue(webStopped < appStopped && appStopped < dbStopped, afterStop.substring(from));

            int mark = afterStop.length();
            ExecResult start = ctl(conf, "start", "web");
            assertEquals("web: started\n", start.stdout(), start.toString());
            assertEquals("RUNNING", d.probe().statename("db"), "the start answered once the whole chain was RUNNING");
            assertEquals("RUNNING", d.probe().statename("app"));
            assertEquals("STOPPED", d.probe().statename("solo"));
            String restarted = activityLog(conf);
            int db = at(restarted, "spawned: 'db'", mark);
            int app = at(restarted, "spawned: 'app'", mark);
            int web = at(restarted, "spawned: 'web'", mark);
            assertTrue(db < app && app < web, restarted.substring(mark));
            assertTrue(app > at(restarted, "success: db entered RUNNING state", mark), restarted.substring(mark));
        }
    }

    /**
     * Our supervisorctl's restart all is one rolling restart (supervisor_ext.restartProcesses):
     * all four down at once, dependents stopped first, each spawned once its dependency is
     * RUNNING again, and 4.2.5's lines printed.
     */
    @Test
    void ourSupervisorctlsRestartAllKeepsTheDependencyOrder() throws Exception {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = chainConf();
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            d.awaitState("web", "RUNNING", DEADLINE);
            int mark = activityLog(conf).length();
            ExecResult restart = OurSupervisorctl.INSTANCE.run(DEADLINE, List.of(OurSupervisorctl.INSTANCE.supervisorctl(),
                    "-c", conf.file().toString(), "restart", "all"));
            assertEquals(0, restart.exitCode(), restart.toString());
            assertEquals(List.of("app: stopped", "db: stopped", "solo: stopped", "web: stopped",
                    "app: started", "db: started", "solo: started", "web: started"), restart.lines());
            for (String name : List.of("db", "app", "web", "solo")) {
                assertEquals("RUNNING", d.probe().statename(name), name + ": the restart answered once all were RUNNING");
            }
            String log = activityLog(conf);
            String since = log.substring(mark);
            assertTrue(at(log, "stopped: web", mark) < at(log, "stopped: app", mark)
                    && at(log, "stopped: app", mark) < at(log, "stopped: db", mark), "dependents stopped first:\n" + since);
            assertTrue(at(log, "success: db entered RUNNING state", mark) < at(log, "spawned: 'app'", mark), since);
            assertTrue(at(log, "success: app entered RUNNING state", mark) < at(log, "spawned: 'web'", mark), since);
            assertTrue(at(log, "spawned: 'solo'", mark) < at(log, "success: db entered RUNNING state", mark),
                    "solo waits for nothing:\n" + since);
        }
    }

    @Test
    void aRereadWithACycleIsRefusedAndTheRunningConfigKept() throws Exception {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = chainConf();
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            d.awaitState("web", "RUNNING", DEADLINE);
            long webPid = d.probe().pid("web");
            conf.section("program:db", "depends_on=web").write();
            ExecResult reread = ctl(conf, "reread");
            // the cycle as met walking the groups in their (priority, name) order: app first
            assertEquals("ERROR: CANT_REREAD: depends_on makes a cycle: app -> db -> web -> app in section "
                    + "'program:app' (file: '" + conf.file() + "')\n", reread.stdout(), reread.toString());
            ExecResult update = ctl(conf, "update");
            // 4.2.5's supervisorctl update shows a CANT_REREAD fault raw, whatever its text
            assertTrue(update.stdout().contains("CANT_REREAD: depends_on makes a cycle: app -> db -> web -> app"),
                    update.toString());
            assertEquals(webPid, d.probe().pid("web"), "nothing restarted");
            ExecResult avail = ctl(conf, "avail");
            assertFalse(avail.stdout().contains("changed"), avail.toString());
            for (String name : List.of("db", "app", "web", "solo")) {
                assertEquals("RUNNING", d.probe().statename(name), name);
            }
        }
    }

    @Test
    void anUnknownNameFailsTheStartWithExitStatus2() throws Exception {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base());
        Path marker = conf.dir().resolve("started");
        conf.program("a", "/usr/bin/touch " + marker).program("b", "sleep 1000", "depends_on=a, nope");
        ExecResult r = Supervisord.runToExit(Implementation.OURS, conf, Supervisord.START_DEADLINE);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.toString().contains("Error: depends_on names unknown process or group nope in section "
                + "'program:b' (file: '" + conf.file() + "')"), r.toString());
        assertFalse(Files.exists(marker), "a program was started");
    }

    /** supervisord 4.2.5 ignores the key: everything starts at once, and a file naming nothing loads. */
    @Test
    void theRealSupervisordRunsTheFileAsIfTheKeyWereAbsent() throws Exception {
        Implementation.REAL.assumeAvailable();
        SupervisorConf conf = chainConf();
        conf.section("program:solo", "depends_on=nope");
        try (Supervisord d = Supervisord.start(Implementation.REAL, conf)) {
            d.awaitState("web", "RUNNING", DEADLINE);
            d.awaitState("solo", "RUNNING", DEADLINE);
            String log = activityLog(conf);
            assertTrue(at(log, "spawned: 'web'", 0) < at(log, "success: db entered RUNNING state", 0), log);
        }
    }

    /**
     * 50 programs in five levels of ten, each depending on one or two of the level above, each
     * ready (ready_check log) 200 ms after its spawn: the critical path is five readinesses, about
     * one second. Asserts the order only, and prints, by the activity log's clock, the time from
     * the daemon's exec to the last RUNNING and from its first spawn to the last RUNNING; then the
     * same for the same programs without depends_on (all ready at once, the floor).
     */
    @Test
    void fiftyProgramsInFiveLevelsStartLevelByLevel() throws Exception {
        Implementation.OURS.assumeAvailable();
        long[] graph = fiftyPrograms(true);
        long[] flat = fiftyPrograms(false);
        System.out.println("depends_on, 50 programs in 5 levels of 10, each ready 200 ms after its spawn (critical "
                + "path 1000 ms): exec to all RUNNING " + graph[0] + " ms, first spawn to last RUNNING " + graph[1]
                + " ms; without depends_on " + flat[0] + " ms and " + flat[1] + " ms");
    }

    /** Runs the 50 programs, with or without their depends_on; answers {exec to last RUNNING, first spawn to last RUNNING}. */
    private long[] fiftyPrograms(boolean dependsOn) throws Exception {
        SupervisorConf conf = SupervisorConf.in(base());
        for (int level = 0; level < 5; level++) {
            for (int i = 0; i < 10; i++) {
                List<String> options = new ArrayList<>(List.of("startsecs=0", "ready_check=log:^ready$",
                        "ready_timeout=60"));
                if (level > 0 && dependsOn) {
                    String above = "p" + (level - 1) + "_" + i;
                    options.add("depends_on=" + (i % 2 == 0 ? above : above + ",p" + (level - 1) + "_" + (i + 1) % 10));
                }
                conf.program("p" + level + "_" + i, "/bin/sh -c 'sleep 0.2; echo ready; exec sleep 1000'",
                        options.toArray(String[]::new));
            }
        }
        long exec = System.currentTimeMillis();
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            Poll.until(DEADLINE, "all 50 RUNNING", () -> activityLog(conf),
                    log -> log.split("entered RUNNING state", -1).length - 1 == 50);
            String log = activityLog(conf);
            if (dependsOn) {
                for (int level = 1; level < 5; level++) {
                    for (int i = 0; i < 10; i++) {
                        int spawned = at(log, "spawned: 'p" + level + "_" + i + "'", 0);
                        int above = at(log, "success: p" + (level - 1) + "_" + i + " entered RUNNING", 0);
                        assertTrue(spawned > above, "p" + level + "_" + i + " spawned before p" + (level - 1) + "_"
                                + i + " was ready:\n" + log);
                    }
                }
            }
            long firstSpawn = Long.MAX_VALUE;
            long lastRunning = 0;
            Matcher m = Pattern.compile("(?m)^(\\S+ \\S+) \\S+ (spawned: |success: )").matcher(log);
            while (m.find()) {
                long t = LocalDateTime.parse(m.group(1), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant()
                        .toEpochMilli();
                if (m.group(2).startsWith("spawned")) {
                    firstSpawn = Math.min(firstSpawn, t);
                } else {
                    lastRunning = Math.max(lastRunning, t);
                }
            }
            return new long[] {lastRunning - exec, lastRunning - firstSpawn};
        }
    }
}
