package supervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import supervisor.testing.Poll;

/**
 * Process behaviour a supervisorctl or XML-RPC user notices beyond the common command replies:
 * what the daemon's own log (read back with {@code maintail}) says while it waits for processes,
 * and config details reported by getAllConfigInfo.
 */
class BehaviourHostTest extends CompatSuite {

    /** Exits a second after SIGTERM, so every stop of it has to be waited for. */
    private static final String SLOW_TO_STOP = "/bin/sh -c 'trap \"sleep 1; exit 0\" TERM; while true; do sleep 0.1; done'";

    @Override
    protected CommandRunner runner() {
        return HostRunner.INSTANCE;
    }

    /**
     * A waited-for stop is reported at once ("waiting for b to stop"), not two seconds later, and
     * so is a restart that waits for the rest ("waiting for a to die"), not three seconds later.
     * Both processes stop within a second, so each wait is reported exactly once; a second stop
     * of b, less than two seconds after the first report, is reported again.
     */
    @AgainstBoth
    void waitingReportsComeAtOnce(Implementation impl) {
        scenario(impl, conf -> conf.program("a", SLOW_TO_STOP, "startsecs=1").program("b", SLOW_TO_STOP), s -> {
            s.awaitState("a", "RUNNING");
            s.awaitState("b", "RUNNING");
            SupervisorctlSuite.expect(s.ctl("stop", "b"), 0, "b: stopped");
            SupervisorctlSuite.expect(s.ctl("start", "b"), 0, "b: started");
            SupervisorctlSuite.expect(s.ctl("stop", "b"), 0, "b: stopped");
            SupervisorctlSuite.expect(s.ctl("reload"), 0, "Restarted supervisord");
            s.awaitState("a", "RUNNING");
            List<String> waiting = s.ctlUnrecorded("maintail", "-20000").lines().stream()
                    .filter(l -> l.contains(" waiting for "))
                    .map(l -> l.replaceFirst("^\\S+ \\S+ ", ""))
                    .toList();
            s.note("waiting reports: " + waiting);
            assertEquals(List.of("INFO waiting for b to stop", "INFO waiting for b to stop", "INFO waiting for a to die"), waiting);
        });
    }

    /**
     * A program's environment is the daemon's plus the four SUPERVISOR_* variables, nothing more:
     * what the launcher sets for the JVM alone (its JDK, its signal settings) or for the
     * daemonized child does not reach the programs.
     */
    @AgainstBoth
    void programsSeeTheDaemonsEnvironmentAndSupervisorsVariables(Implementation impl) {
        scenario(impl, conf -> conf.program("e", "/usr/bin/python3 -c \"import os, time; "
                + "print(' '.join(sorted(os.environ)), flush=True); time.sleep(1000)\""), s -> {
            s.awaitState("e", "RUNNING");
            String names = Poll.until(Duration.ofSeconds(30), "e to print its environment", () -> {
                Object log = s.rpcUnrecorded(Endpoint.unix(s.conf()), "supervisor.readProcessStdoutLog", "e", 0, 0).result();
                return log instanceof String text && text.endsWith("\n") ? text.strip() : null;
            }, Objects::nonNull);
            Set<String> added = new TreeSet<>(List.of(names.split(" ")));
            added.removeAll(System.getenv().keySet());
            assertEquals(Set.of("SUPERVISOR_ENABLED", "SUPERVISOR_GROUP_NAME", "SUPERVISOR_PROCESS_NAME",
                    "SUPERVISOR_SERVER_URL"), added);
        });
    }

    /**
     * A daemon killed with SIGKILL leaves its stale socket and pidfile behind and its children
     * running: a new daemon with the same configuration starts anyway (as supervisord does), and
     * ours names the children the dead one left, which nothing supervises any more.
     */
    @AgainstBoth
    void aDaemonStartedAfterAKilledOneNamesWhatItLeftRunning(Implementation impl) throws IOException {
        impl.assumeAvailable();
        SupervisorConf conf = SupervisorConf.in(base());
        conf.program("left", "sleep 1000");
        // not closed: killed, it leaves its socket and pidfile behind
        Supervisord first = Supervisord.start(impl, conf);
        first.awaitState("left", "RUNNING", Duration.ofSeconds(30));
        long orphan = first.probe().pid("left");
        ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
        first.awaitExit(Duration.ofSeconds(30));
        try (Supervisord second = Supervisord.start(impl, conf)) {
            second.awaitState("left", "RUNNING", Duration.ofSeconds(30));
            assertEquals(true, ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false),
                    "the killed daemon's child is still running");
            if (impl == Implementation.OURS) {
                Path log = conf.dir().resolve("supervisord.log");
                Poll.until(Duration.ofSeconds(30), "the leftover named in the activity log", () -> Files.readString(log),
                        text -> text.contains("WARN left (pid " + orphan + ") left running by an earlier supervisord"
                                + " is still running; it is not supervised"));
            }
        } finally {
            ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * With redirect_stderr=true there is no stderr log file ("none"), but getAllConfigInfo still
     * reports the stderr settings as configured: backups, maxbytes, capture size, events.
     */
    @AgainstBoth
    void redirectedStderrKeepsItsConfiguredSettings(Implementation impl) {
        scenario(impl, conf -> conf.program("r", "sleep 1000", "redirect_stderr=true", "stderr_logfile_maxbytes=1MB",
                "stderr_logfile_backups=3", "stderr_capture_maxbytes=2KB", "stderr_events_enabled=true"), s -> {
            s.awaitState("r", "RUNNING");
            Map<?, ?> info = (Map<?, ?>) s.rpc(Endpoint.unix(s.conf()), "supervisor.getAllConfigInfo").array().getFirst();
            assertEquals("none", info.get("stderr_logfile"));
            assertEquals(3L, info.get("stderr_logfile_backups"));
            assertEquals(1048576L, info.get("stderr_logfile_maxbytes"));
            assertEquals(2048L, info.get("stderr_capture_maxbytes"));
            assertEquals(true, info.get("stderr_events_enabled"));
        });
    }

    /**
     * startsecs=0 programs started together all spawn before any of them is RUNNING (what
     * maintail and event listeners see in that order); one started by a client is RUNNING
     * before its reply.
     */
    @AgainstBoth
    void startsecsZeroProgramsSpawnTogetherThenRun(Implementation impl) {
        scenario(impl, conf -> conf.program("a", "sleep 1000").program("b", "sleep 1000")
                .program("c", "sleep 1000", "autostart=false"), s -> {
            s.awaitState("a", "RUNNING");
            s.awaitState("b", "RUNNING");
            Endpoint e = Endpoint.unix(s.conf());
            assertEquals(true, s.rpc(e, "supervisor.startProcess", "c", false).result());
            assertEquals("RUNNING", s.rpc(e, "supervisor.getProcessInfo", "c").struct().get("statename"));
            List<String> order = s.ctlUnrecorded("maintail", "-20000").lines().stream()
                    .filter(l -> l.contains(" spawned: ") || l.contains(" success: "))
                    .map(l -> l.replaceFirst("^\\S+ \\S+ ", "").replaceFirst(" with pid \\d+", "")
                            .replaceFirst(" entered RUNNING state.*", ""))
                    .toList();
            s.note("start order: " + order);
            assertEquals(List.of("INFO spawned: 'a'", "INFO spawned: 'b'", "INFO success: a", "INFO success: b",
                    "INFO spawned: 'c'", "INFO success: c"), order);
        });
    }

    /**
     * signalProcess takes what Python's int() takes (a boolean, a double, "+1") and accepts only
     * the signal numbers Python's signal module names: 0 (an existence check) and SIGRTMIN are
     * signals, 35 is not.
     */
    @AgainstBoth
    void signalProcessAcceptsWhatSupervisordAccepts(Implementation impl) {
        scenario(impl, conf -> conf.program("a", "/bin/sh -c 'trap \"\" HUP; while true; do sleep 0.1; done'"), s -> {
            s.awaitState("a", "RUNNING");
            Endpoint e = Endpoint.unix(s.conf());
            for (Object signal : List.<Object>of("0", 0, "_DFL", "+1", true, 1.5, " hup ")) {
                assertEquals(true, s.rpc(e, "supervisor.signalProcess", "a", signal).result(), () -> "signal " + signal);
            }
            for (Object signal : List.<Object>of("35", 63, "1.0", "SIG", "RTMIN+1")) {
                XmlRpcSuite.expectFault(s.rpc(e, "supervisor.signalProcess", "a", signal), 11, "BAD_SIGNAL: " + signal);
            }
            assertEquals("RUNNING", s.rpc(e, "supervisor.getProcessInfo", "a").struct().get("statename"));
        });
    }
}
