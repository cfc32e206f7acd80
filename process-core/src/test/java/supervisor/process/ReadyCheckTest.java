package supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import supervisor.check.Readiness;
import supervisor.config.Config;
import supervisor.config.LogLevel;
import supervisor.events.EventType;
import supervisor.logging.ActivityLog;
import supervisor.posix.Signals;
import supervisor.posix.WaitStatus;

/**
 * ready_check and ready_timeout (beyond.md) on virtual time: STARTING until both startsecs and
 * the check have passed, a check not passed in time is a failed start (BACKOFF, retries, FATAL,
 * described as "not ready"), and a stop ends the wait. The test decides each attempt's outcome.
 */
class ReadyCheckTest {
    private final ManualLoop loop = new ManualLoop();
    private final ScriptedHost host = new ScriptedHost();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final List<String> entered = new ArrayList<>();

    private Subprocess start(Check check, int timeout, Consumer<Programs.Edit> change) {
        Config config = Programs.config(Programs.supervisord("supervisor"), List.of(group("p", 999,
                program("p", p -> edit(p, e -> {
                    e.ready = new Readiness(check, timeout);
                    change.accept(e);
                })))));
        Supervisor s = new Supervisor(config, ActivityLog.console(LogLevel.DEBUG, logBytes), loop, loop, host);
        s.events().subscribe(EventType.PROCESS_STATE,
                e -> entered.add(e.type().name().substring("PROCESS_STATE_".length())));
        loop.execute(s::start);
        loop.runReady();
        return s.group("p").process("p");
    }

    private static final Check TCP = new Check.Tcp("127.0.0.1", 8080);

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /** Fails every attempt asked for so far that is still open. */
    private void failOpenProbes() {
        host.probes.forEach(p -> p.answer().complete(false));
        loop.runReady();
    }

    @Test
    void staysStartingAfterStartsecsUntilTheCheckPasses() {
        Subprocess p = start(TCP, 60, e -> e.startsecs = 1);
        assertEquals(ProcessState.STARTING, p.state());
        assertEquals(TCP, host.lastProbe().check());
        failOpenProbes();
        loop.advance(5_000); // startsecs long past; the attempts go on
        failOpenProbes();
        loop.advance(1_000);
        assertEquals(ProcessState.STARTING, p.state());
        assertTrue(host.probes.size() > 2, "attempted again: " + host.probes.size());
        host.lastProbe().answer().complete(true);
        loop.runReady();
        assertEquals(ProcessState.RUNNING, p.state());
        assertEquals(List.of("STARTING", "RUNNING"), entered);
    }

    @Test
    void aCheckPassingBeforeStartsecsStillWaitsForStartsecs() {
        Subprocess p = start(TCP, 60, e -> e.startsecs = 3);
        host.lastProbe().answer().complete(true);
        loop.runReady();
        loop.advance(2_000);
        assertEquals(ProcessState.STARTING, p.state());
        loop.advance(1_000);
        assertEquals(ProcessState.RUNNING, p.state());
        assertEquals(1, host.probes.size(), "no attempt after the check passed");
    }

    @Test
    void notReadyInTimeIsAFailedStartThenFatalAfterStartretries() {
        Subprocess p = start(TCP, 5, e -> {
            e.startsecs = 1;
            e.startretries = 1;
        });
        int first = p.pid();
        loop.advance(4_000);
        failOpenProbes();
        loop.advance(1_000); // ready_timeout: the stop signal, still STARTING
        assertEquals(ProcessState.STARTING, p.state());
        assertTrue(host.kills.contains(new ScriptedHost.Kill(first, Signals.SIGTERM)), host.kills.toString());
        assertTrue(log().contains("not ready: p was not ready in time (ready_check tcp:127.0.0.1:8080 did not pass "
                + "within 5 seconds)"), log());
        host.exit(first, WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(ProcessState.BACKOFF, p.state());
        assertEquals("not ready within 5 seconds (ready_check tcp:127.0.0.1:8080)", p.spawnerr());

        loop.advance(1_000); // the retry
        assertEquals(ProcessState.STARTING, p.state());
        int second = p.pid();
        loop.advance(5_000);
        failOpenProbes();
        loop.advance(10_000); // a child that ignores the stop signal gets SIGKILL after stopwaitsecs
        assertTrue(host.kills.contains(new ScriptedHost.Kill(second, Signals.SIGKILL)), host.kills.toString());
        host.exit(second, WaitStatus.killed(Signals.SIGKILL));
        loop.runReady();
        assertEquals(ProcessState.FATAL, p.state());
        assertEquals("not ready within 5 seconds (ready_check tcp:127.0.0.1:8080)", p.spawnerr());
        assertEquals(List.of("STARTING", "BACKOFF", "STARTING", "BACKOFF", "FATAL"), entered);
    }

    @Test
    void aHangingAttemptIsAbandonedAtTheTimeout() {
        Subprocess p = start(new Check.Exec("sleep 1000"), 3, e -> e.startsecs = 0);
        ScriptedHost.Probe hung = host.lastProbe();
        assertEquals(3_000, hung.boundMillis(), "bounded by the time left");
        loop.advance(3_000);
        assertTrue(hung.answer().isCancelled());
        assertEquals(1, host.probes.size());
        host.exit(p.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(ProcessState.BACKOFF, p.state());
    }

    @Test
    void aStopWhileWaitingCancelsTheCheck() {
        Subprocess p = start(TCP, 60, e -> e.startsecs = 1);
        ScriptedHost.Probe open = host.lastProbe();
        loop.advance(2_000);
        p.stop();
        loop.runReady();
        assertTrue(open.answer().isCancelled());
        host.exit(p.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(ProcessState.STOPPED, p.state());
        loop.advance(120_000);
        assertEquals(1, host.probes.size(), "no attempt after the stop");
        assertEquals(ProcessState.STOPPED, p.state());
        assertFalse(log().contains("not ready"), log());
    }

    @Test
    void aLogCheckPassesOnAMatchingLineOfEitherChannel() {
        Subprocess p = start(new Check.Log(java.util.regex.Pattern.compile("^listening on \\d+$")), 60,
                e -> e.startsecs = 0);
        host.stdout(p.pid(), "starting\nlisten");
        loop.advance(1_000);
        assertEquals(ProcessState.STARTING, p.state());
        host.stdout(p.pid(), "ing on 80");
        loop.runReady();
        assertEquals(ProcessState.STARTING, p.state(), "not a whole line yet");
        host.stdout(p.pid(), "80\n");
        loop.runReady();
        assertEquals(ProcessState.RUNNING, p.state());
        assertTrue(host.probes.isEmpty(), "a log check is not attempted");
    }

    @Test
    void anExitBeforeTheCheckPassedIsAFailedStart() {
        Subprocess p = start(TCP, 60, e -> e.startsecs = 1);
        loop.advance(3_000);
        host.exit(p.pid(), WaitStatus.exited(0));
        loop.runReady();
        assertEquals(ProcessState.BACKOFF, p.state());
        assertEquals(List.of("STARTING", "BACKOFF"), entered);
    }
}
