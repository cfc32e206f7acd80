package supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static supervisor.process.Programs.edit;
import static supervisor.process.Programs.group;
import static supervisor.process.Programs.program;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import supervisor.check.Check;
import supervisor.check.Liveness;
import supervisor.check.Readiness;
import supervisor.config.Config;
import supervisor.config.LogLevel;
import supervisor.events.EventType;
import supervisor.logging.ActivityLog;
import supervisor.posix.Signals;
import supervisor.posix.WaitStatus;

/**
 * health_check, health_interval and health_failures (beyond.md) on virtual time: while RUNNING
 * one attempt every interval, health_failures failures in a row restart the process through a
 * stop and a start (the usual events, a WARN line), a pass resets the count, and nothing is
 * attempted outside RUNNING. The test decides each attempt's outcome.
 */
class HealthCheckTest {
    private static final Check TCP = new Check.Tcp("127.0.0.1", 8080);
    private static final String WARN_LINE =
            "WARN p failed its health check 3 times in a row (health_check tcp:127.0.0.1:8080): restarting";

    private final ManualLoop loop = new ManualLoop();
    private final ScriptedHost host = new ScriptedHost();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final List<String> entered = new ArrayList<>();
    private Supervisor supervisor;

    /** {@code p} with health_check TCP every 10 s, 3 failures; startsecs 1; RUNNING on return. */
    private Subprocess running(Consumer<Programs.Edit> change) {
        Config config = Programs.config(Programs.supervisord("supervisor"), List.of(group("p", 999,
                program("p", p -> edit(p, e -> {
                    e.startsecs = 1;
                    e.health = new Liveness(TCP, 10, 3);
                    change.accept(e);
                })))));
        Supervisor s = new Supervisor(config, ActivityLog.console(LogLevel.DEBUG, logBytes), loop, loop, host);
        supervisor = s;
        s.events().subscribe(EventType.PROCESS_STATE,
                e -> entered.add(e.type().name().substring("PROCESS_STATE_".length())));
        loop.execute(s::start);
        loop.runReady();
        return s.group("p").process("p");
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /** One interval on, then the attempt it started answered. */
    private void nextAttempt(boolean passes) {
        int before = host.probes.size();
        loop.advance(10_000);
        assertEquals(before + 1, host.probes.size(), "one attempt per interval");
        host.lastProbe().answer().complete(passes);
        loop.runReady();
    }

    @Test
    void threeFailuresInARowRestartTheProcess() {
        Subprocess p = running(e -> { });
        loop.advance(1_000);
        assertEquals(ProcessState.RUNNING, p.state());
        assertTrue(host.probes.isEmpty(), "the first attempt is one interval after RUNNING");
        int first = p.pid();
        nextAttempt(false);
        nextAttempt(false);
        assertEquals(ProcessState.RUNNING, p.state());
        assertFalse(log().contains("health check"), log());
        nextAttempt(false);
        assertTrue(log().contains(WARN_LINE), log());
        assertEquals(ProcessState.STOPPING, p.state());
        assertTrue(host.kills.contains(new ScriptedHost.Kill(first, Signals.SIGTERM)), host.kills.toString());
        host.exit(first, WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(ProcessState.STARTING, p.state());
        assertNotEquals(first, p.pid());
        assertEquals(2, host.spawned.size());
        loop.advance(1_000);
        assertEquals(ProcessState.RUNNING, p.state());
        assertEquals(List.of("STARTING", "RUNNING", "STOPPING", "STOPPED", "STARTING", "RUNNING"), entered);
    }

    @Test
    void theWatchStartsAgainAfterTheRestart() {
        Subprocess p = running(e -> { });
        loop.advance(1_000);
        nextAttempt(false);
        nextAttempt(false);
        nextAttempt(false);
        host.exit(p.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        loop.advance(1_000);
        int second = p.pid();
        nextAttempt(false);
        nextAttempt(false);
        assertEquals(ProcessState.RUNNING, p.state(), "the count began again at the restart");
        nextAttempt(false);
        assertTrue(host.kills.contains(new ScriptedHost.Kill(second, Signals.SIGTERM)), host.kills.toString());
    }

    @Test
    void aPassInBetweenResetsTheCount() {
        Subprocess p = running(e -> { });
        loop.advance(1_000);
        nextAttempt(false);
        nextAttempt(false);
        nextAttempt(true);
        nextAttempt(false);
        nextAttempt(false);
        assertEquals(ProcessState.RUNNING, p.state());
        assertTrue(host.kills.isEmpty(), host.kills.toString());
        nextAttempt(false);
        assertEquals(ProcessState.STOPPING, p.state());
    }

    @Test
    void anAttemptIsBoundedByTheIntervalWhenThatIsShorter() {
        running(e -> e.health = new Liveness(TCP, 2, 3));
        loop.advance(1_000 + 2_000);
        assertEquals(1, host.probes.size());
        assertEquals(2_000, host.lastProbe().boundMillis());
    }

    @Test
    void anAttemptIsBoundedByFiveSeconds() {
        running(e -> e.health = new Liveness(TCP, 60, 3));
        loop.advance(1_000 + 60_000);
        assertEquals(1, host.probes.size());
        assertEquals(ReadyWait.ATTEMPT_MILLIS, host.lastProbe().boundMillis());
    }

    @Test
    void nothingIsAttemptedWhileNotRunning() {
        Subprocess p = running(e -> e.startsecs = 30);
        loop.advance(29_000);
        assertEquals(ProcessState.STARTING, p.state());
        assertTrue(host.probes.isEmpty(), "not while STARTING");
        loop.advance(1_000);
        assertEquals(ProcessState.RUNNING, p.state());
        p.stop();
        host.exit(p.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(ProcessState.STOPPED, p.state());
        loop.advance(120_000);
        assertTrue(host.probes.isEmpty(), "not while STOPPED");
        assertEquals(List.of("STARTING", "RUNNING", "STOPPING", "STOPPED"), entered, "a stop is no restart");
    }

    @Test
    void aStopDuringAnAttemptCancelsIt() {
        Subprocess p = running(e -> { });
        loop.advance(1_000 + 10_000);
        ScriptedHost.Probe open = host.lastProbe();
        p.stop();
        loop.runReady();
        assertTrue(open.answer().isCancelled());
        host.exit(p.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        loop.advance(120_000);
        assertEquals(1, host.probes.size(), "no attempt after the stop");
        assertEquals(ProcessState.STOPPED, p.state());
    }

    @Test
    void anExitWhileRunningEndsTheWatchAndAutorestartStartsANewOne() {
        Subprocess p = running(e -> { });
        loop.advance(1_000 + 10_000);
        ScriptedHost.Probe open = host.lastProbe();
        host.exit(p.pid(), WaitStatus.exited(1));
        loop.runReady();
        assertTrue(open.answer().isCancelled());
        assertEquals(ProcessState.STARTING, p.state(), "autorestart (unexpected exit)");
        loop.advance(1_000);
        assertEquals(ProcessState.RUNNING, p.state());
        assertEquals(1, host.probes.size());
        nextAttempt(true);
    }

    @Test
    void theRestartIsANormalStartWithItsReadyCheck() {
        Subprocess p = running(e -> e.ready = new Readiness(new Check.Exec("ready"), 60));
        host.lastProbe().answer().complete(true); // the ready_check of the first spawn
        loop.runReady();
        loop.advance(1_000);
        assertEquals(ProcessState.RUNNING, p.state());
        nextAttempt(false);
        nextAttempt(false);
        nextAttempt(false);
        host.exit(p.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(ProcessState.STARTING, p.state());
        assertEquals(new Check.Exec("ready"), host.lastProbe().check(), "the new spawn waits for ready_check");
        loop.advance(5_000);
        assertEquals(ProcessState.STARTING, p.state(), "startsecs passed, the ready_check has not");
        host.lastProbe().answer().complete(true);
        loop.runReady();
        assertEquals(ProcessState.RUNNING, p.state());
    }

    @Test
    void aRestartedProcessThatExitsTooQuicklyBacksOffAsAnyStart() {
        Subprocess p = running(e -> { });
        loop.advance(1_000);
        nextAttempt(false);
        nextAttempt(false);
        nextAttempt(false);
        host.exit(p.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        host.exit(p.pid(), WaitStatus.exited(1));
        loop.runReady();
        assertEquals(ProcessState.BACKOFF, p.state(), "startsecs counts for the restart");
    }

    @Test
    void aStopAskedForDuringTheRestartsStopIsAStop() {
        Subprocess p = running(e -> { });
        loop.advance(1_000);
        nextAttempt(false);
        nextAttempt(false);
        nextAttempt(false);
        assertEquals(ProcessState.STOPPING, p.state());
        // e.g. a shutdown's stop, while the restart's stop is under way
        p.stop();
        host.exit(p.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(ProcessState.STOPPED, p.state());
        assertEquals(1, host.spawned.size());
    }

    @Test
    void aShutdownDuringTheRestartsStopStartsNothing() {
        Subprocess p = running(e -> { });
        loop.advance(1_000);
        nextAttempt(false);
        nextAttempt(false);
        nextAttempt(false);
        assertEquals(ProcessState.STOPPING, p.state());
        supervisor.shutdown();
        loop.runReady();
        host.exit(p.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(ProcessState.STOPPED, p.state());
        assertEquals(1, host.spawned.size());
        assertTrue(supervisor.stopped().isDone());
    }
}
