package supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import supervisor.config.AutoRestart;
import supervisor.config.Config;
import supervisor.config.GroupConfig;
import supervisor.config.LogLevel;
import supervisor.config.LogTarget;
import supervisor.config.ProcessConfig;
import supervisor.events.Event;
import supervisor.events.EventType;
import supervisor.events.ListenerState;
import supervisor.logging.ActivityLog;
import supervisor.posix.Signals;
import supervisor.posix.WaitStatus;

/** The supervisor's events and its listener pools, driven on virtual time. */
class EventsWiringTest {
    private final ManualLoop loop = new ManualLoop();
    private final ScriptedHost host = new ScriptedHost();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final List<Event> seen = new ArrayList<>();

    private Supervisor supervisor(List<GroupConfig> groups) {
        Config config = Programs.config(Programs.supervisord("testsup"), groups);
        Supervisor s = new Supervisor(config, ActivityLog.console(LogLevel.DEBUG, logBytes), loop, loop, host);
        s.events().subscribe(EventType.EVENT, seen::add);
        loop.execute(s::start);
        loop.runReady();
        return s;
    }

    private static GroupConfig program(String name, UnaryOperator<ProcessConfig> tweak) {
        return Programs.group(name, 999, Programs.program(name, tweak));
    }

    private static GroupConfig pool(String name, int bufferSize, String... events) {
        ProcessConfig pc = Programs.program(name, p -> p);
        return new GroupConfig(name, GroupConfig.Kind.EVENT_LISTENER, -1, List.of(pc),
                new GroupConfig.EventListenerSettings(List.of(events), bufferSize,
                        "supervisor.dispatchers:default_handler"), null);
    }

    private List<String> named(EventType type) {
        return seen.stream().filter(e -> e.type() == type).map(Event::payload).toList();
    }

    private List<String> states(String process) {
        return seen.stream().filter(e -> e.type().isA(EventType.PROCESS_STATE))
                .filter(e -> e.payload().startsWith("processname:" + process + " "))
                .map(e -> e.type().name().substring("PROCESS_STATE_".length()) + " " + e.payload()
                        .substring(e.payload().indexOf("from_state:")))
                .toList();
    }

    @Test
    void startupRaisesGroupAddedThenRunningThenStarting() {
        supervisor(List.of(pool("lis", 10, "EVENT"), program("a", p -> p)));
        List<String> order = seen.stream().map(e -> e.type().name()).toList();
        assertEquals(List.of("PROCESS_GROUP_ADDED", "PROCESS_GROUP_ADDED", "SUPERVISOR_STATE_CHANGE_RUNNING",
                "PROCESS_STATE_STARTING", "PROCESS_STATE_STARTING"), order);
        assertEquals(List.of("groupname:lis\n", "groupname:a\n"), named(EventType.PROCESS_GROUP_ADDED));
        assertEquals(0, seen.getFirst().serial(), "the pool takes its own PROCESS_GROUP_ADDED");
    }

    @Test
    void stateEventsCarryTriesExpectedAndThePidOfTheEndedChild() {
        Supervisor s = supervisor(List.of(program("q", p -> Programs.with(p, 1, 1, AutoRestart.UNEXPECTED,
                true, false))));
        Subprocess q = s.group("q").process("q");
        host.exit(q.pid(), WaitStatus.exited(1));
        loop.advance(1000);
        host.exit(q.pid(), WaitStatus.exited(1));
        loop.runReady();
        assertEquals(List.of(
                "STARTING from_state:STOPPED tries:0",
                "BACKOFF from_state:STARTING tries:1",
                "STARTING from_state:BACKOFF tries:1",
                "BACKOFF from_state:STARTING tries:2",
                "FATAL from_state:BACKOFF"), states("q"));

        s.call(() -> { q.spawn(); return null; });
        loop.advance(1500);
        int pid = q.pid();
        host.exit(pid, WaitStatus.exited(3));
        loop.runReady();
        assertTrue(states("q").containsAll(List.of(
                "STARTING from_state:FATAL tries:0",
                "RUNNING from_state:STARTING pid:" + pid,
                "EXITED from_state:RUNNING expected:0 pid:" + pid)), states("q").toString());

        loop.advance(1500);
        int pid2 = q.pid();
        q.stop();
        host.exit(pid2, WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(List.of("STOPPING from_state:RUNNING pid:" + pid2, "STOPPED from_state:STOPPING pid:" + pid2),
                states("q").subList(states("q").size() - 2, states("q").size()));
    }

    @Test
    void stopInBackoffIsStoppedWithPidZero() {
        Supervisor s = supervisor(List.of(program("b", p -> Programs.with(p, 1, 5, AutoRestart.UNEXPECTED,
                true, false))));
        Subprocess b = s.group("b").process("b");
        host.exit(b.pid(), WaitStatus.exited(1));
        loop.runReady();
        b.stop();
        assertEquals("STOPPED from_state:BACKOFF pid:0", states("b").getLast());
    }

    @Test
    void listenerGetsEventsOnceRunningAndReadyAndAnEventItHeldSurvivesItsDeath() {
        Supervisor s = supervisor(List.of(pool("lis", 10, "PROCESS_STATE", "REMOTE_COMMUNICATION")));
        Subprocess lis = s.group("lis").process("lis");
        int pid = lis.pid();
        host.stdout(pid, "READY\n");
        loop.runReady();
        assertEquals(ListenerState.READY, lis.listener().state());
        assertEquals("", host.stdinOf(pid), "nothing before the listener is RUNNING (startsecs)");
        loop.advance(1000);
        assertEquals(ProcessState.RUNNING, lis.state());
        assertEquals("ver:3.0 server:testsup serial:0 pool:lis poolserial:0 eventname:PROCESS_STATE_STARTING len:56\n"
                + "processname:lis groupname:lis from_state:STOPPED tries:0", host.stdinOf(pid));
        host.stdout(pid, "RESULT 2\nOKREADY\n");
        loop.runReady();
        assertTrue(host.stdinOf(pid).endsWith("eventname:PROCESS_STATE_RUNNING len:58\n"
                + "processname:lis groupname:lis from_state:STARTING pid:" + pid), host.stdinOf(pid));
        host.stdout(pid, "RESULT 2\nOKREADY\n");
        loop.runReady();

        s.call(() -> {
            s.events().notify(Event.remoteCommunication("t", "payload"));
            return null;
        });
        loop.runReady();
        String remote = "ver:3.0 server:testsup serial:2 pool:lis poolserial:2 eventname:REMOTE_COMMUNICATION len:14\n"
                + "type:t\npayload";
        assertTrue(host.stdinOf(pid).endsWith(remote), host.stdinOf(pid));
        // the listener crashes while BUSY: the event goes back and is delivered to the next process
        host.exit(pid, WaitStatus.killed(Signals.SIGKILL));
        loop.runReady();
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains(
                "DEBG rebuffering event 2 for pool lis (buf size="), logBytes.toString(StandardCharsets.UTF_8));
        int pid2 = lis.pid();
        assertTrue(pid2 != pid && pid2 != 0);
        host.stdout(pid2, "READY\n");
        loop.advance(1000);
        assertTrue(host.stdinOf(pid2).startsWith(remote), host.stdinOf(pid2));
    }

    @Test
    void logAndCaptureEvents() {
        LogTarget stdout = new LogTarget(LogTarget.Kind.NONE, null, 0, 0, 100, true, false);
        Supervisor s = supervisor(List.of(program("w", p -> Programs.edit(p, e -> e.stdout = stdout))));
        int pid = s.group("w").process("w").pid();
        host.stdout(pid, "before the block, long enough<!--XSUPERVISOR:BEGIN-->in<!--XSUPERVISOR:END-->after the block, "
                + "this is long enough");
        loop.runReady();
        assertEquals(List.of(
                "processname:w groupname:w pid:" + pid + " channel:stdout\nbefore the block, long enough",
                "processname:w groupname:w pid:" + pid + " channel:stdout\nin",
                "processname:w groupname:w pid:" + pid + " channel:stdout\nafter the block, this is long enough"),
                named(EventType.PROCESS_LOG_STDOUT), logBytes.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("processname:w groupname:w pid:" + pid + "\nin"),
                named(EventType.PROCESS_COMMUNICATION_STDOUT));
    }

    @Test
    void readsWaitingForTheLoopShareOneLogEventOfAtMost128KiB() {
        LogTarget stdout = new LogTarget(LogTarget.Kind.NONE, null, 0, 0, 0, true, false);
        Supervisor s = supervisor(List.of(program("w", p -> Programs.edit(p, e -> e.stdout = stdout))));
        int pid = s.group("w").process("w").pid();
        host.stdout(pid, "one\n");
        host.stdout(pid, "two\n");
        loop.runReady();
        host.stdout(pid, "three\n");
        loop.runReady();
        String head = "processname:w groupname:w pid:" + pid + " channel:stdout\n";
        assertEquals(List.of(head + "one\ntwo\n", head + "three\n"), named(EventType.PROCESS_LOG_STDOUT));

        seen.clear();
        String flood = "x".repeat(100_000);
        host.stdout(pid, flood);
        host.stdout(pid, flood);
        host.stdout(pid, flood);
        loop.runReady();
        List<String> parts = named(EventType.PROCESS_LOG_STDOUT);
        assertTrue(parts.stream().allMatch(p -> p.startsWith(head) && p.length() - head.length() <= 128 * 1024),
                "no event carries more than 128 KiB");
        assertEquals(flood.repeat(3), String.join("", parts.stream().map(p -> p.substring(head.length())).toList()));
        assertEquals(3, parts.size(), "300,000 bytes need three events of at most 128 KiB");
    }

    @Test
    void stoppingEventAndTicksAtWallClockBoundaries() {
        Supervisor s = supervisor(List.of(program("a", p -> p)));
        long startSeconds = loop.wallMillis() / 1000;
        loop.advance(61_000);
        List<String> ticks5 = named(EventType.TICK_5);
        assertEquals(12, ticks5.size(), ticks5.toString());
        for (int i = 0; i < ticks5.size(); i++) {
            long when = Long.parseLong(ticks5.get(i).substring("when:".length()));
            assertEquals(0, when % 5);
            assertTrue(when > startSeconds && when <= startSeconds + 61);
        }
        List<String> ticks60 = named(EventType.TICK_60);
        assertEquals(1, ticks60.size());
        assertEquals(0, Long.parseLong(ticks60.getFirst().substring(5)) % 60);
        s.call(() -> {
            s.shutdown();
            return null;
        });
        loop.runReady();
        assertEquals(1, named(EventType.SUPERVISOR_STATE_CHANGE_STOPPING).size());
    }
}
