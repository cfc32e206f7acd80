package supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static supervisor.process.Programs.edit;
import static supervisor.process.Programs.group;
import static supervisor.process.Programs.program;
import static supervisor.process.Programs.with;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import supervisor.config.AutoRestart;
import supervisor.config.Config;
import supervisor.config.GroupConfig;
import supervisor.config.LogLevel;
import supervisor.events.Event;
import supervisor.events.EventType;
import supervisor.logging.ActivityLog;
import supervisor.posix.Signals;
import supervisor.posix.WaitStatus;

/** The state machine of process-model.md, driven on virtual time. */
class SubprocessTest {
    private final ManualLoop loop = new ManualLoop();
    private final ScriptedHost host = new ScriptedHost();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final List<String> transitions = new ArrayList<>();

    private Supervisor supervisor(List<GroupConfig> groups) {
        Config config = Programs.config(Programs.supervisord("supervisor"), groups);
        ActivityLog log = ActivityLog.console(LogLevel.DEBUG, logBytes);
        Supervisor s = new Supervisor(config, log, loop, loop, host);
        s.events().subscribe(EventType.PROCESS_STATE, e -> transitions.add(transition(e)));
        loop.execute(s::start);
        loop.runReady();
        return s;
    }

    /** "name:FROM->TO" from a PROCESS_STATE event's type and payload. */
    private static String transition(Event e) {
        String payload = e.payload();
        String name = payload.substring("processname:".length(), payload.indexOf(' '));
        int from = payload.indexOf("from_state:") + "from_state:".length();
        int end = payload.indexOf(' ', from);
        return name + ":" + payload.substring(from, end < 0 ? payload.length() : end) + "->"
                + e.type().name().substring("PROCESS_STATE_".length());
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void autostartReachesRunningAfterStartsecs() {
        Supervisor s = supervisor(List.of(group("a", 999, program("a", p -> p))));
        Subprocess a = s.group("a").process("a");
        assertEquals(ProcessState.STARTING, a.state());
        assertTrue(log().contains("INFO spawned: 'a' with pid 1000"));
        loop.advance(999);
        assertEquals(ProcessState.STARTING, a.state(), "not RUNNING before startsecs");
        loop.advance(1);
        assertEquals(ProcessState.RUNNING, a.state());
        assertTrue(log().contains(
                "INFO success: a entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)"));
    }

    @Test
    void quickExitsBackOffOneTwoThreeSecondsThenFatal() {
        Supervisor s = supervisor(List.of(group("q", 999, program("q", p -> with(p, 1, 3, AutoRestart.UNEXPECTED,
                true, false)))));
        Subprocess q = s.group("q").process("q");
        List<Long> spawnTimes = new ArrayList<>();
        for (int attempt = 0; attempt < 4; attempt++) {
            spawnTimes.add(loop.monotonicMillis());
            int pid = q.pid();
            host.exit(pid, WaitStatus.exited(1));
            loop.runReady();
            assertEquals("Exited too quickly (process log may have details)", q.spawnerr());
            if (attempt < 3) {
                assertEquals(ProcessState.BACKOFF, q.state());
                loop.advance((attempt + 1) * 1000L - 1);
                assertEquals(ProcessState.BACKOFF, q.state(), "retry waits the full backoff");
                loop.advance(1);
                assertEquals(ProcessState.STARTING, q.state());
            }
        }
        assertEquals(ProcessState.FATAL, q.state(), "startretries=3 means 4 attempts");
        assertEquals(4, host.spawned.size());
        assertTrue(log().contains("WARN exited: q (exit status 1; not expected)"));
        assertTrue(log().contains("INFO gave up: q entered FATAL state, too many start retries too quickly"));
        assertEquals(0, q.pid());
    }

    @Test
    void crashAfterRunningIsRespawnedAtOnce() {
        Supervisor s = supervisor(List.of(group("c", 999, program("c", p -> with(p, 1, 3, AutoRestart.UNEXPECTED,
                true, false)))));
        Subprocess c = s.group("c").process("c");
        loop.advance(5000);
        assertEquals(ProcessState.RUNNING, c.state());
        long before = loop.monotonicMillis();
        host.exit(c.pid(), WaitStatus.killed(Signals.SIGKILL));
        loop.runReady();
        assertEquals(ProcessState.STARTING, c.state(), "respawned with no delay");
        assertEquals(before, loop.monotonicMillis());
        assertEquals(2, host.spawned.size());
        assertTrue(log().contains("WARN exited: c (terminated by SIGKILL; not expected)"));
        assertTrue(transitions.containsAll(List.of("c:RUNNING->EXITED", "c:EXITED->STARTING")));
    }

    @Test
    void expectedExitIsNotRestartedUnderUnexpectedPolicy() {
        Supervisor s = supervisor(List.of(group("e", 999, program("e", p -> p))));
        Subprocess e = s.group("e").process("e");
        loop.advance(2000);
        host.exit(e.pid(), WaitStatus.exited(0));
        loop.advance(10_000);
        assertEquals(ProcessState.EXITED, e.state());
        assertEquals(0, e.exitstatus());
        assertEquals(1, host.spawned.size());
        assertTrue(log().contains("INFO exited: e (exit status 0; expected)"));
    }

    @Test
    void autorestartFalseNeverRestartsAndUnexpectedExitSetsSpawnerr() {
        Supervisor s = supervisor(List.of(group("n", 999, program("n", p -> with(p, 1, 3, AutoRestart.NEVER,
                true, false)))));
        Subprocess n = s.group("n").process("n");
        loop.advance(2000);
        host.exit(n.pid(), WaitStatus.exited(3));
        loop.advance(10_000);
        assertEquals(ProcessState.EXITED, n.state());
        assertEquals("Bad exit code 3", n.spawnerr());
        assertEquals(1, host.spawned.size());
    }

    @Test
    void stopSendsStopsignalThenSigkillAfterStopwaitsecs() {
        Supervisor s = supervisor(List.of(group("k", 999, program("k", p -> p))));
        Subprocess k = s.group("k").process("k");
        loop.advance(2000);
        int pid = k.pid();
        assertNull(k.stop());
        assertEquals(ProcessState.STOPPING, k.state());
        assertEquals(new ScriptedHost.Kill(pid, Signals.SIGTERM), host.kills.getLast());
        loop.advance(9_999);
        assertEquals(1, host.kills.size(), "no SIGKILL before stopwaitsecs");
        loop.advance(1);
        assertEquals(new ScriptedHost.Kill(pid, Signals.SIGKILL), host.kills.getLast());
        assertTrue(log().contains("WARN killing 'k' (" + pid + ") with SIGKILL"));
        host.exit(pid, WaitStatus.killed(Signals.SIGKILL));
        loop.runReady();
        assertEquals(ProcessState.STOPPED, k.state());
        assertEquals(-1, k.exitstatus());
        assertTrue(log().contains("WARN stopped: k (terminated by SIGKILL)"));
        loop.advance(60_000);
        assertEquals(1, host.spawned.size(), "a stopped process stays stopped");
    }

    @Test
    void stopasgroupSignalsTheProcessGroup() {
        Supervisor s = supervisor(List.of(group("g", 999, program("g", p -> with(p, 1, 3, AutoRestart.UNEXPECTED,
                true, true)))));
        Subprocess g = s.group("g").process("g");
        int pid = g.pid();
        g.stop();
        assertEquals(new ScriptedHost.Kill(-pid, Signals.SIGTERM), host.kills.getLast());
        host.exit(pid, WaitStatus.exited(0));
        loop.runReady();
        assertEquals(ProcessState.STOPPED, g.state());
        assertTrue(log().contains("INFO stopped: g (exit status 0)"));
    }

    @Test
    void stopInBackoffGoesStraightToStopped() {
        Supervisor s = supervisor(List.of(group("b", 999, program("b", p -> p))));
        Subprocess b = s.group("b").process("b");
        host.exit(b.pid(), WaitStatus.exited(1));
        loop.runReady();
        assertEquals(ProcessState.BACKOFF, b.state());
        assertNull(b.stop());
        assertEquals(ProcessState.STOPPED, b.state());
        assertTrue(host.kills.isEmpty());
        loop.advance(60_000);
        assertEquals(ProcessState.STOPPED, b.state(), "no retry after a stop");
    }

    @Test
    void missingCommandBacksOffWithSpawnerrAndEndsFatal() {
        Supervisor s = supervisor(List.of(group("m", 999, program("m", p -> edit(p, e -> {
            e.command = "/nonexistent/prog";
            e.startretries = 1;
        })))));
        Subprocess m = s.group("m").process("m");
        assertEquals(ProcessState.BACKOFF, m.state());
        assertTrue(log().contains("INFO spawnerr: can't find command '/nonexistent/prog'"));
        loop.advance(10_000);
        assertEquals(ProcessState.FATAL, m.state());
        assertEquals(0, host.spawned.size());
    }

    @Test
    void startsecsZeroIsRunningAtOnce() {
        Supervisor s = supervisor(List.of(group("z", 999, program("z", p -> with(p, 0, 3, AutoRestart.UNEXPECTED,
                true, false)))));
        assertEquals(ProcessState.RUNNING, s.group("z").process("z").state());
    }

    @Test
    void shutdownStopsGroupsInDescendingPriorityOneGroupAtATime() {
        Supervisor s = supervisor(List.of(group("low", 10, program("low", p -> p)),
                group("high", 20, program("high", p -> p))));
        loop.advance(2000);
        Subprocess low = s.group("low").process("low");
        Subprocess high = s.group("high").process("high");
        s.shutdown();
        loop.runReady();
        assertEquals(ProcessState.STOPPING, high.state(), "highest priority first");
        assertEquals(ProcessState.RUNNING, low.state(), "the next group waits");
        host.exit(high.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(ProcessState.STOPPING, low.state());
        assertTrue(!s.stopped().isDone());
        host.exit(low.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(SupervisorState.SHUTDOWN, s.stopped().getNow(null));
        assertEquals(2, host.spawned.size(), "nothing restarted during shutdown");
    }

    /** A restart or shutdown asked for before the supervisor started (a signal at start-up) starts nothing. */
    @Test
    void aStopBeforeTheStartStartsNothing() {
        Config config = Programs.config(Programs.supervisord("supervisor"), List.of(group("a", 999, program("a", p -> p))));
        Supervisor s = new Supervisor(config, ActivityLog.console(LogLevel.DEBUG, logBytes), loop, loop, host);
        loop.execute(s::restart);
        loop.execute(s::start);
        loop.runReady();
        assertEquals(SupervisorState.RESTARTING, s.stopped().getNow(null));
        assertEquals(null, s.group("a"), "no group outlives its supervisor");
        loop.advance(2000);
        assertEquals(0, host.spawned.size());
    }

    @Test
    void exitedProcessesAreNotAutorestartedDuringShutdown() {
        Supervisor s = supervisor(List.of(group("r", 999, program("r", p -> with(p, 1, 3, AutoRestart.ALWAYS,
                true, false)))));
        loop.advance(2000);
        Subprocess r = s.group("r").process("r");
        s.shutdown();
        loop.runReady();
        host.exit(r.pid(), WaitStatus.exited(0));
        loop.advance(5000);
        assertEquals(ProcessState.STOPPED, r.state());
        assertEquals(1, host.spawned.size());
    }

    @Test
    void waiterSeesTheProcessSettle() {
        Supervisor s = supervisor(List.of(group("w", 999, program("w", p -> p))));
        Subprocess w = s.group("w").process("w");
        List<ProcessState> seen = new ArrayList<>();
        s.waiters().await(() -> {
            seen.add(w.state());
            return w.state() == ProcessState.RUNNING;
        });
        loop.advance(1000);
        assertEquals(ProcessState.RUNNING, seen.getLast());
    }

    @Test
    void aProgramThatKeepsDyingIsRestartedAtOnceButAtMostTenTimesASecond() {
        Supervisor s = supervisor(List.of(group("d", 999, program("d", p -> with(p, 0, 3, AutoRestart.ALWAYS,
                true, false)))));
        Subprocess d = s.group("d").process("d");
        long start = loop.monotonicMillis();
        for (int k = 0; k < 10; k++) {
            host.exit(d.pid(), WaitStatus.exited(1));
            loop.runReady();
        }
        assertEquals(11, host.spawned.size(), "ten crashes, ten immediate respawns");
        assertEquals(start, loop.monotonicMillis());
        host.exit(d.pid(), WaitStatus.exited(1));
        loop.runReady();
        assertEquals(ProcessState.EXITED, d.state(), "the eleventh within a second waits");
        loop.advance(999);
        assertEquals(11, host.spawned.size());
        loop.advance(1);
        assertEquals(12, host.spawned.size(), "restarted once the first of the burst is a second old");
        assertEquals(ProcessState.RUNNING, d.state());
    }
}
