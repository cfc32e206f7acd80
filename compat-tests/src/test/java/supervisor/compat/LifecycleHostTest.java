package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;

/**
 * The opt-in keys {@code essential}, {@code retry_forever} and {@code backoff_max} (beyond.md)
 * with real processes, our daemon started as users start it: in the foreground and
 * daemonized. The same file under the real supervisord 4.2.5 runs as if the keys were absent.
 */
class LifecycleHostTest extends CompatSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    /**
     * {@code main} (essential) exits 3 once the file {@code go} exists; {@code low} and
     * {@code high} write their name to {@code stopped} when they get SIGTERM; {@code r} never
     * stays up and retries forever, every second.
     */
    private static SupervisorConf lifecycleConf() {
        SupervisorConf conf = SupervisorConf.in(base());
        Path dir = conf.dir();
        return conf
                .program("low", trapsTerm("low", dir), "priority=10")
                .program("main", "/bin/sh -c 'while [ ! -e " + dir.resolve("go") + " ]; do sleep 0.1; done; exit 3'",
                        "priority=50", "essential=true")
                .program("high", trapsTerm("high", dir), "priority=90")
                .program("r", "/bin/sh -c 'exit 1'", "startsecs=1", "startretries=1", "retry_forever=true",
                        "backoff_max=1");
    }

    private static String trapsTerm(String name, Path dir) {
        return "/bin/sh -c 'trap \"echo " + name + " >> " + dir.resolve("stopped") + "; exit 0\" TERM; "
                + "while true; do sleep 0.1; done'";
    }

    private static void awaitUp(Probe probe) {
        for (String name : List.of("low", "main", "high")) {
            Poll.until(DEADLINE, name + " to be RUNNING", () -> probe.statename(name), "RUNNING"::equals);
        }
    }

    private static String activityLog(SupervisorConf conf) throws IOException {
        return Files.readString(conf.dir().resolve("supervisord.log"));
    }

    @Test
    void anEssentialExitStopsTheOthersInOrderAndTheDaemonExitsWithItsStatus() throws IOException {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = lifecycleConf();
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            awaitUp(d.probe());
            Files.createFile(conf.dir().resolve("go"));
            assertEquals(3, d.awaitExit(DEADLINE), d.output());
        }
        assertEquals("high\nlow\n", Files.readString(conf.dir().resolve("stopped")), "stopped in priority order");
        assertTrue(activityLog(conf).contains("WARN essential process main exited (exit status 3) and will not be "
                + "restarted: shutting down, exit status 3"), activityLog(conf));
    }

    @Test
    void anEssentialProgramThatCannotBeSpawnedMakesTheDaemonExitOne() throws IOException {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base())
                .program("other", "sleep 1000")
                .program("missing", "/nonexistent/program", "essential=true", "startretries=0");
        ExecResult r = Supervisord.runToExit(Implementation.OURS, conf, Supervisord.START_DEADLINE);
        assertEquals(1, r.exitCode(), r.toString());
        String log = activityLog(conf);
        assertTrue(log.contains("INFO spawnerr: can't find command '/nonexistent/program'"), log);
        assertTrue(log.contains("WARN essential process missing entered FATAL state: shutting down, exit status 1"),
                log);
        assertTrue(log.contains("stopped: other (terminated by SIGTERM)"), log);
    }

    /** Past startretries, never FATAL: the spawns go on (one a second with backoff_max=1). */
    @Test
    void retryForeverKeepsRetryingPastStartretries() throws IOException {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = lifecycleConf();
        try (Supervisord d = Supervisord.start(Implementation.OURS, conf)) {
            Poll.until(DEADLINE, "r spawned 5 times (startretries=1)", () -> {
                if ("FATAL".equals(d.probe().statename("r"))) {
                    throw new AssertionError("r went FATAL:\n" + activityLog(conf));
                }
                return activityLog(conf).split("spawned: 'r'", -1).length - 1;
            }, n -> n >= 5);
        }
        assertTrue(!activityLog(conf).contains("gave up: r"));
    }

    /**
     * Daemonized (no -n, nodaemon=false) the launcher returns 0 at once, as always; the daemon
     * itself, in the background, exits with the essential program's status. A subreaper adopts
     * it so that its status can be read.
     */
    @Test
    void theDaemonizedDaemonExitsWithTheEssentialStatus() throws Exception {
        Implementation.OURS.assumeAvailable();
        SupervisorConf conf = lifecycleConf();
        Path file = conf.write();
        Files.writeString(file, Files.readString(file).replace("nodaemon=true", "nodaemon=false"));
        Path reaper = conf.dir().resolve("reaper.py");
        Files.writeString(reaper, """
                import ctypes, os, subprocess, sys
                ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
                print('launcher', subprocess.run(sys.argv[1:]).returncode, flush=True)
                while True:
                    try:
                        pid, status = os.wait()
                    except ChildProcessError:
                        break
                    print('reaped', pid, os.waitstatus_to_exitcode(status), flush=True)
                """);
        Path out = conf.dir().resolve("reaper.out");
        Process p = new ProcessBuilder("/usr/bin/python3", reaper.toString(),
                Implementation.OURS.executable().toString(), "-c", file.toString())
                .directory(conf.dir().toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            String launched = Poll.until(Supervisord.START_DEADLINE, "the launcher to return", () -> {
                if (!p.isAlive()) {
                    throw new AssertionError("the subreaper ended early:\n" + Files.readString(out));
                }
                return Files.readString(out);
            }, text -> text.contains("launcher "));
            assertTrue(launched.startsWith("launcher 0\n"), launched);
            long daemon = Long.parseLong(Files.readString(conf.pidfile()).strip());
            awaitUp(new Probe(conf));
            Files.createFile(conf.dir().resolve("go"));
            assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the daemon and its children to end");
            String reaped = Files.readString(out);
            Matcher m = Pattern.compile("reaped " + daemon + " (-?\\d+)").matcher(reaped);
            assertTrue(m.find(), reaped);
            assertEquals("3", m.group(1), reaped);
            assertEquals("high\nlow\n", Files.readString(conf.dir().resolve("stopped")), "stopped in priority order");
            assertTrue(!Files.exists(conf.socket()) && !Files.exists(conf.pidfile()), "socket and pidfile removed");
        } finally {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    /**
     * The same file under the real supervisord 4.2.5: the keys are ignored, so the essential
     * program's exit ends nothing and the retrying one goes FATAL after startretries.
     */
    @Test
    void theRealSupervisordRunsTheFileAsIfTheKeysWereAbsent() throws IOException {
        Implementation.REAL.assumeAvailable();
        SupervisorConf conf = lifecycleConf();
        try (Supervisord d = Supervisord.start(Implementation.REAL, conf)) {
            awaitUp(d.probe());
            d.awaitState("r", "FATAL", DEADLINE);
            Files.createFile(conf.dir().resolve("go"));
            d.awaitState("main", "EXITED", DEADLINE);
            assertEquals("RUNNING", d.probe().statename("low"));
            assertEquals("RUNNING", d.probe().statename("high"));
            assertTrue(d.isAlive());
        }
        assertEquals("high\nlow\n", Files.readString(conf.dir().resolve("stopped")), "stopped by the shutdown");
    }
}
