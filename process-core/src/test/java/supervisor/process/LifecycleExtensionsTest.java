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

import supervisor.config.AutoRestart;
import supervisor.config.Config;
import supervisor.config.GroupConfig;
import supervisor.config.LogLevel;
import supervisor.events.EventType;
import supervisor.logging.ActivityLog;
import supervisor.posix.Signals;
import supervisor.posix.WaitStatus;

/**
 * The opt-in keys of beyond.md that change the state machine, on virtual time: backoff_max
 * (doubling back-off delays up to a cap), retry_forever (never FATAL) and essential (the
 * daemon shuts down with the status of a process that ended for good).
 */
class LifecycleExtensionsTest {
    private final ManualLoop loop = new ManualLoop();
    private final ScriptedHost host = new ScriptedHost();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    /** Virtual times of every entry into BACKOFF and STARTING, and every state a process entered. */
    private final List<Long> backoffTimes = new ArrayList<>();
    private final List<Long> startingTimes = new ArrayList<>();
    private final List<String> entered = new ArrayList<>();

    private Supervisor supervisor(List<GroupConfig> groups) {
        Config config = Programs.config(Programs.supervisord("supervisor"), groups);
        Supervisor s = new Supervisor(config, ActivityLog.console(LogLevel.DEBUG, logBytes), loop, loop, host);
        s.events().subscribe(EventType.PROCESS_STATE, e -> {
            String state = e.type().name().substring("PROCESS_STATE_".length());
            String name = e.payload().substring("processname:".length(), e.payload().indexOf(' '));
            entered.add(name + ":" + state);
            if (state.equals("BACKOFF")) {
                backoffTimes.add(loop.monotonicMillis());
            } else if (state.equals("STARTING")) {
                startingTimes.add(loop.monotonicMillis());
            }
        });
        loop.execute(s::start);
        loop.runReady();
        return s;
    }

    private Supervisor one(Consumer<Programs.Edit> change) {
        return supervisor(List.of(group("p", 999, program("p", p -> edit(p, change)))));
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /** Each failed start's wait in BACKOFF: the time from entering BACKOFF to the next STARTING, in seconds. */
    private List<Long> delays() {
        List<Long> d = new ArrayList<>();
        for (int i = 0; i < backoffTimes.size() && i + 1 < startingTimes.size(); i++) {
            d.add((startingTimes.get(i + 1) - backoffTimes.get(i)) / 1000);
        }
        return d;
    }

    /** Lets the process fail to start {@code times} times in a row: each child exits at once, before startsecs. */
    private void failStarts(Subprocess p, int times) {
        for (int i = 0; i < times; i++) {
            assertEquals(ProcessState.STARTING, p.state(), "attempt " + (i + 1) + " started");
            host.exit(p.pid(), WaitStatus.exited(1));
            loop.runReady();
            // longer than any wait below, shorter than startsecs: the next attempt is STARTING, not RUNNING
            loop.advance(60_000);
        }
    }

    // --- backoff_max and retry_forever ---------------------------------------------------

    @Test
    void backoffMaxDoublesTheWaitUpToTheCapThenGivesUpAfterStartretries() {
        Subprocess p = one(e -> {
            e.startsecs = 100;
            e.startretries = 6;
            e.backoffMax = 5;
        }).group("p").process("p");
        failStarts(p, 6);
        assertEquals(List.of(1L, 2L, 4L, 5L, 5L, 5L), delays());
        host.exit(p.pid(), WaitStatus.exited(1));
        loop.runReady();
        assertEquals(ProcessState.FATAL, p.state(), "backoff_max alone keeps startretries");
        assertEquals(7, host.spawned.size());
    }

    @Test
    void retryForeverKeepsTryingPastStartretriesWithCappedDoubling() {
        Subprocess p = one(e -> {
            e.startsecs = 100;
            e.startretries = 3;
            e.retryForever = true;
            e.backoffMax = 8;
        }).group("p").process("p");
        failStarts(p, 12);
        assertEquals(List.of(1L, 2L, 4L, 8L, 8L, 8L, 8L, 8L, 8L, 8L, 8L, 8L), delays());
        assertEquals(13, host.spawned.size());
        assertFalse(entered.contains("p:FATAL"));
        assertFalse(log().contains("gave up"));
        assertEquals(12, p.backoff(), "the events' tries count on");
    }

    @Test
    void retryForeverAloneKeepsSupervisordsDelays() {
        Subprocess p = one(e -> {
            e.startsecs = 100;
            e.startretries = 1;
            e.retryForever = true;
        }).group("p").process("p");
        failStarts(p, 6);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), delays());
        assertEquals(ProcessState.STARTING, p.state());
    }

    /** A command that cannot be spawned fails each start without any child: the same back-off applies. */
    @Test
    void retryForeverRetriesSpawnErrorsWithoutEnd() {
        Subprocess p = one(e -> {
            e.command = "/nonexistent/prog";
            e.startretries = 0;
            e.retryForever = true;
            e.backoffMax = 4;
        }).group("p").process("p");
        loop.advance(3_600_000);
        assertEquals(ProcessState.BACKOFF, p.state());
        assertFalse(entered.contains("p:FATAL"));
        List<Long> d = delays();
        assertEquals(List.of(1L, 2L, 4L, 4L, 4L), d.subList(0, 5));
        assertEquals(Math.toIntExact(3 + (3_600_000 - 7_000) / 4_000), d.size(), "one attempt every 4 s");
    }

    /** Shutdown makes a BACKOFF process give up (FATAL); one with retry_forever is stopped instead. */
    @Test
    void shutdownStopsARetryForeverProcessInBackoffWithoutFatal() {
        Supervisor s = one(e -> {
            e.startsecs = 100;
            e.retryForever = true;
        });
        Subprocess p = s.group("p").process("p");
        host.exit(p.pid(), WaitStatus.exited(1));
        loop.runReady();
        assertEquals(ProcessState.BACKOFF, p.state());
        s.shutdown();
        loop.runReady();
        assertEquals(ProcessState.STOPPED, p.state());
        assertFalse(entered.contains("p:FATAL"));
        assertEquals(SupervisorState.SHUTDOWN, s.stopped().getNow(null));
    }

    // --- essential -----------------------------------------------------------------------

    /**
     * An essential program that exits and is not restarted stops the others in supervisord's
     * shutdown order (highest priority first), and the daemon's status is its exit code.
     */
    @Test
    void anEssentialExitStopsEverythingInOrderWithItsStatus() {
        Supervisor s = supervisor(List.of(
                group("low", 10, program("low", p -> p)),
                group("main", 50, program("main", p -> edit(p, e -> {
                    e.essential = true;
                    e.autorestart = AutoRestart.NEVER;
                }))),
                group("high", 90, program("high", p -> p))));
        loop.advance(2000);
        Subprocess low = s.group("low").process("low");
        Subprocess high = s.group("high").process("high");
        host.exit(s.group("main").process("main").pid(), WaitStatus.exited(3));
        loop.runReady();
        assertEquals(ProcessState.STOPPING, high.state(), "highest priority first");
        assertEquals(ProcessState.RUNNING, low.state(), "the next group waits");
        assertEquals(SupervisorState.SHUTDOWN, s.state());
        host.exit(high.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(ProcessState.STOPPING, low.state());
        host.exit(low.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(SupervisorState.SHUTDOWN, s.stopped().getNow(null));
        assertEquals(3, s.exitStatus());
        assertTrue(log().contains("WARN essential process main exited (exit status 3) and will not be restarted: "
                + "shutting down, exit status 3"), log());
        assertTrue(log().indexOf("WARN exited: main (exit status 3; not expected)")
                < log().indexOf("essential process main"), "the exit is logged first");
    }

    /** An expected exit under autorestart=unexpected is also for good: status 0. */
    @Test
    void anEssentialExpectedExitEndsTheDaemonWithZero() {
        Supervisor s = one(e -> e.essential = true);
        loop.advance(2000);
        host.exit(s.group("p").process("p").pid(), WaitStatus.exited(0));
        loop.runReady();
        assertEquals(SupervisorState.SHUTDOWN, s.stopped().getNow(null));
        assertEquals(0, s.exitStatus());
    }

    @Test
    void anEssentialProgramKilledBySignalGivesTheShellsStatus() {
        Supervisor s = one(e -> {
            e.essential = true;
            e.autorestart = AutoRestart.NEVER;
        });
        loop.advance(2000);
        host.exit(s.group("p").process("p").pid(), WaitStatus.killed(Signals.SIGKILL));
        loop.runReady();
        assertEquals(128 + Signals.SIGKILL, s.exitStatus());
        assertTrue(log().contains("essential process p exited (terminated by SIGKILL) and will not be restarted"));
    }

    /** FATAL from spawn errors: it never ran, so the status is 1. */
    @Test
    void anEssentialProgramThatCannotBeSpawnedEndsTheDaemonWithOne() {
        Supervisor s = supervisor(List.of(
                group("p", 999, program("p", p -> edit(p, e -> {
                    e.essential = true;
                    e.command = "/nonexistent/prog";
                    e.startretries = 1;
                }))),
                group("other", 1, program("other", p -> p))));
        Subprocess other = s.group("other").process("other");
        loop.advance(10_000);
        assertEquals(ProcessState.FATAL, s.group("p").process("p").state());
        assertEquals(ProcessState.STOPPING, other.state());
        host.exit(other.pid(), WaitStatus.exited(0));
        loop.runReady();
        assertEquals(SupervisorState.SHUTDOWN, s.stopped().getNow(null));
        assertEquals(1, s.exitStatus());
        assertTrue(log().indexOf("INFO gave up: p entered FATAL state") < log().indexOf(
                "WARN essential process p entered FATAL state: shutting down, exit status 1"), log());
    }

    /** FATAL after exits too quick to count: the status of the last of them. */
    @Test
    void anEssentialProgramThatKeepsExitingTooQuicklyEndsTheDaemonWithItsLastStatus() {
        Supervisor s = one(e -> {
            e.essential = true;
            e.startretries = 1;
        });
        Subprocess p = s.group("p").process("p");
        host.exit(p.pid(), WaitStatus.exited(1));
        loop.advance(1000);
        host.exit(p.pid(), WaitStatus.exited(4));
        loop.runReady();
        assertEquals(ProcessState.FATAL, p.state());
        assertEquals(4, s.exitStatus());
        assertEquals(SupervisorState.SHUTDOWN, s.stopped().getNow(null));
    }

    /** Exits that autorestart answers, a BACKOFF that will retry, a stop by request: the daemon goes on. */
    @Test
    void anEssentialProgramThatIsRestartedOrStoppedDoesNotEndTheDaemon() {
        Supervisor s = one(e -> e.essential = true);
        Subprocess p = s.group("p").process("p");
        host.exit(p.pid(), WaitStatus.exited(1));
        loop.advance(5000);
        host.exit(p.pid(), WaitStatus.exited(2));
        loop.advance(5000);
        assertEquals(ProcessState.RUNNING, p.state());
        p.stop();
        host.exit(p.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.advance(5000);
        assertEquals(ProcessState.STOPPED, p.state());
        assertEquals(SupervisorState.RUNNING, s.state());
        assertFalse(log().contains("essential"));
    }

    /** Without essential a FATAL or a final exit ends nothing: supervisord's behaviour. */
    @Test
    void withoutEssentialTheDaemonGoesOn() {
        Supervisor s = supervisor(List.of(
                group("f", 999, program("f", p -> edit(p, e -> {
                    e.command = "/nonexistent/prog";
                    e.startretries = 0;
                }))),
                group("x", 999, program("x", p -> edit(p, e -> e.autorestart = AutoRestart.NEVER)))));
        loop.advance(2000);
        host.exit(s.group("x").process("x").pid(), WaitStatus.exited(3));
        loop.advance(10_000);
        assertEquals(ProcessState.FATAL, s.group("f").process("f").state());
        assertEquals(ProcessState.EXITED, s.group("x").process("x").state());
        assertEquals(SupervisorState.RUNNING, s.state());
        assertEquals(0, s.exitStatus());
    }

    /**
     * An essential program that exits by itself while the daemon already shuts down (its group,
     * of lower priority, not yet stopped) changes neither the course nor the status.
     */
    @Test
    void anEssentialExitDuringShutdownChangesNothing() {
        Supervisor s = supervisor(List.of(
                group("ess", 1, program("ess", p -> edit(p, e -> {
                    e.essential = true;
                    e.autorestart = AutoRestart.NEVER;
                }))),
                group("high", 90, program("high", p -> p))));
        loop.advance(2000);
        Subprocess ess = s.group("ess").process("ess");
        Subprocess high = s.group("high").process("high");
        s.shutdown();
        loop.runReady();
        assertEquals(ProcessState.RUNNING, ess.state(), "waits for the group of higher priority");
        host.exit(ess.pid(), WaitStatus.exited(5));
        loop.runReady();
        assertEquals(ProcessState.EXITED, ess.state());
        host.exit(high.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(SupervisorState.SHUTDOWN, s.stopped().getNow(null));
        assertEquals(0, s.exitStatus());
        assertFalse(log().contains("essential"));
    }
}
