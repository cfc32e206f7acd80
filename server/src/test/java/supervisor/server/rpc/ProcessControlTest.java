package supervisor.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static supervisor.process.Programs.group;
import static supervisor.server.rpc.VirtualSupervisor.assertFault;
import static supervisor.server.rpc.VirtualSupervisor.assertWire;
import static supervisor.server.rpc.VirtualSupervisor.assertPending;
import static supervisor.server.rpc.VirtualSupervisor.ok;
import static supervisor.server.rpc.VirtualSupervisor.program;
import static supervisor.server.rpc.VirtualSupervisor.programGroup;
import static supervisor.server.rpc.VirtualSupervisor.result;
import static supervisor.server.rpc.VirtualSupervisor.valueOf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import supervisor.config.GroupConfig;
import supervisor.events.EventType;
import supervisor.process.ProcessState;
import supervisor.process.ScriptedHost.Kill;
import supervisor.posix.WaitStatus;
import supervisor.rpc.XmlRpcCodec;
import supervisor.rpc.XmlRpcDispatcher;

/** startProcess, stopProcess, signalProcess and their group and all variants, stdin and remote events. */
class ProcessControlTest {
    private static final int SIGHUP = 1;
    private static final int SIGKILL = 9;
    private static final int SIGUSR1 = 10;
    private static final int SIGUSR2 = 12;
    private static final int SIGTERM = 15;
    private static final int EAGAIN = 11;

    /** A single program that is not started at start-up. */
    private static VirtualSupervisor idle(String name, int startsecs) {
        return new VirtualSupervisor(null, programGroup(name, e -> {
            e.autostart = false;
            e.startsecs = startsecs;
        }));
    }

    /** Single programs started at start-up and left to reach RUNNING. */
    private static VirtualSupervisor running(String... names) {
        List<GroupConfig> groups = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            int priority = i + 1;
            groups.add(group(names[i], priority, program(names[i], e -> e.priority = priority)));
        }
        VirtualSupervisor v = new VirtualSupervisor(null, groups.toArray(GroupConfig[]::new));
        v.loop.advance(1000);
        return v;
    }

    // --- start -------------------------------------------------------------------------------

    @Test
    void startWithWaitAnswersOnlyOnceStartsecsHavePassed() {
        VirtualSupervisor v = idle("a", 3);
        CompletableFuture<Object> start = v.call("startProcess", "a");
        assertPending(start);
        assertEquals(ProcessState.STARTING, v.process("a").state());
        assertEquals(List.of("a"), v.spawnedNames());
        v.loop.advance(2999);
        assertPending(start);
        v.loop.advance(1);
        assertEquals(true, valueOf(start));
        assertEquals(ProcessState.RUNNING, v.process("a").state());
    }

    @Test
    void onTheWireAWaitedStartGoesOutOnceRunning() {
        VirtualSupervisor v = idle("a", 1);
        XmlRpcDispatcher wire = new XmlRpcDispatcher(v.registry);
        CompletableFuture<byte[]> start = wire.handle(XmlRpcCodec.encodeCall("supervisor.startProcess", List.of("a")));
        v.loop.advance(999);
        assertFalse(start.isDone());
        v.loop.advance(1);
        assertEquals("""
                <?xml version='1.0'?>
                <methodResponse>
                <params>
                <param>
                <value><boolean>1</boolean></value>
                </param>
                </params>
                </methodResponse>
                """, new String(start.getNow(null), StandardCharsets.UTF_8));
        CompletableFuture<byte[]> again = wire.handle(XmlRpcCodec.encodeCall("supervisor.startProcess", List.of("a")));
        v.loop.runReady();
        assertEquals("""
                <?xml version='1.0'?>
                <methodResponse>
                <fault>
                <value><struct>
                <member>
                <name>faultCode</name>
                <value><int>60</int></value>
                </member>
                <member>
                <name>faultString</name>
                <value><string>ALREADY_STARTED: a</string></value>
                </member>
                </struct></value>
                </fault>
                </methodResponse>
                """, new String(again.getNow(null), StandardCharsets.UTF_8));
    }

    @Test
    void startWithoutWaitAnswersAtOnceWhileStarting() {
        VirtualSupervisor v = idle("a", 3);
        assertEquals(true, v.answer("startProcess", "a", false));
        assertEquals(ProcessState.STARTING, v.process("a").state());
    }

    @Test
    void startsecsZeroIsRunningBeforeTheAnswer() {
        VirtualSupervisor v = idle("a", 0);
        assertEquals(true, v.answer("startProcess", "a", true));
        assertEquals(ProcessState.RUNNING, v.process("a").state());
    }

    @Test
    void startingRunningOrBackoffIsAlreadyStarted() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> { }), programGroup("b", e -> { }));
        assertFault(60, "ALREADY_STARTED: a", v.call("startProcess", "a"));
        v.host.exit(v.pid("b"), WaitStatus.exited(1));
        v.loop.runReady();
        assertEquals(ProcessState.BACKOFF, v.process("b").state());
        assertFault(60, "ALREADY_STARTED: b", v.call("startProcess", "b"));
        assertEquals(List.of("a", "b"), v.spawnedNames());
        v.loop.advance(1000);
        assertEquals(ProcessState.RUNNING, v.process("a").state());
        int spawns = v.host.spawned.size();
        assertFault(60, "ALREADY_STARTED: a", v.call("startProcess", "a", false));
        assertEquals(spawns, v.host.spawned.size());
    }

    @Test
    void unknownNamesAreBadNames() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> e.autostart = false),
                group("g", 999, program("x", e -> e.autostart = false), program("y", e -> e.autostart = false)));
        assertFault(10, "BAD_NAME: nope", v.call("startProcess", "nope"));
        assertFault(10, "BAD_NAME: nope:*", v.call("startProcess", "nope:*"));
        assertFault(10, "BAD_NAME: a:zz", v.call("startProcess", "a:zz"));
        // a bare name means group:name, so it names no member of a group of another name
        assertFault(10, "BAD_NAME: g", v.call("startProcess", "g"));
        assertFault(10, "BAD_NAME: x", v.call("startProcess", "x"));
        assertFault(10, "BAD_NAME: nope", v.call("startProcessGroup", "nope"));
        assertFault(10, "BAD_NAME: g:*", v.call("startProcessGroup", "g:*"));
        assertFault(10, "BAD_NAME: nope", v.call("stopProcess", "nope"));
        assertFault(10, "BAD_NAME: nope", v.call("stopProcessGroup", "nope"));
        assertFault(10, "BAD_NAME: nope", v.call("signalProcess", "nope", "NOT-A-SIGNAL"));
        assertFault(10, "BAD_NAME: nope", v.call("signalProcessGroup", "nope", "HUP"));
        assertEquals(List.of(), v.spawnedNames());
    }

    @Test
    void aForkThatFailsIsASpawnError() {
        VirtualSupervisor v = idle("a", 1);
        v.host.failNextSpawn(EAGAIN);
        assertFault(50, "SPAWN_ERROR: a", v.call("startProcess", "a"));
        assertEquals(ProcessState.BACKOFF, v.process("a").state());
        assertEquals("Too many processes in process table to spawn 'a'", v.process("a").spawnerr());
    }

    @Test
    void anExitBeforeStartsecsIsASpawnError() {
        // supervisord 4.2.5 answers "spawn error" here: finish() sets spawnerr on an exit during startsecs
        VirtualSupervisor v = idle("a", 5);
        CompletableFuture<Object> start = v.call("startProcess", "a");
        v.loop.advance(4000);
        v.host.exit(v.pid("a"), WaitStatus.exited(0));
        v.loop.runReady();
        assertFault(50, "SPAWN_ERROR: a", start);
        assertEquals(ProcessState.BACKOFF, v.process("a").state());
    }

    @Test
    void aStopDuringStartsecsIsAnAbnormalTermination() {
        VirtualSupervisor v = idle("a", 5);
        CompletableFuture<Object> start = v.call("startProcess", "a");
        assertEquals(true, v.answer("stopProcess", "a", false));
        assertFault(40, "ABNORMAL_TERMINATION: a", start);
        assertEquals(ProcessState.STOPPING, v.process("a").state());
    }

    @Test
    void aCommandThatCannotRunIsRefusedWithoutAStateChange() {
        VirtualSupervisor v = new VirtualSupervisor(null,
                programGroup("missing", e -> {
                    e.autostart = false;
                    e.command = "/nonexistent/prog --flag";
                }),
                programGroup("dir", e -> {
                    e.autostart = false;
                    e.command = "/tmp";
                }));
        assertFault(20, "NO_FILE: can't find command '/nonexistent/prog'", v.call("startProcess", "missing"));
        assertFault(21, "NOT_EXECUTABLE: command at '/tmp' is a directory", v.call("startProcess", "dir"));
        assertEquals(ProcessState.STOPPED, v.process("missing").state());
        assertEquals(ProcessState.STOPPED, v.process("dir").state());
        assertEquals(List.of(), v.spawnedNames());
    }

    @Test
    void startProcessGroupListsImmediateResultsFirstThenWaitedOnesAsTheyComplete() {
        VirtualSupervisor v = new VirtualSupervisor(null, group("g", 999,
                program("a", e -> {
                    e.priority = 4;
                    e.autostart = false;
                    e.command = "/nonexistent/prog";
                }),
                program("b", e -> {
                    e.priority = 3;
                    e.autostart = false;
                    e.startsecs = 2;
                }),
                program("c", e -> {
                    e.priority = 2;
                    e.autostart = false;
                    e.startsecs = 5;
                }),
                program("d", e -> {
                    e.priority = 1;
                    e.autostart = false;
                    e.startsecs = 0;
                }),
                program("e", e -> e.priority = 5)));
        assertEquals(List.of("e"), v.spawnedNames());
        CompletableFuture<Object> start = v.call("startProcessGroup", "g");
        assertEquals(List.of("e", "d", "c", "b"), v.spawnedNames(), "all spawned at once, by priority; e was running");
        v.loop.advance(4999);
        assertPending(start);
        v.loop.advance(1);
        assertWire(List.of(
                ok("d", "g"),
                result("a", "g", 20, "NO_FILE: can't find command '/nonexistent/prog'"),
                ok("b", "g"),
                ok("c", "g")), valueOf(start));
    }

    @Test
    void aFailureInAGroupStartIsReportedUnderItsNamespec() {
        VirtualSupervisor v = new VirtualSupervisor(null, group("g", 999,
                program("x", e -> e.autostart = false), program("y", e -> e.autostart = false)));
        CompletableFuture<Object> start = v.call("startProcessGroup", "g", true);
        v.host.exit(v.pid("g:x"), WaitStatus.exited(1));
        v.loop.runReady();
        assertPending(start);
        v.loop.advance(1000);
        assertWire(List.of(result("x", "g", 50, "SPAWN_ERROR: g:x"), ok("y", "g")), valueOf(start));
    }

    @Test
    void startAllProcessesGoesByGroupPriorityAndNameThenProcessPriority() {
        VirtualSupervisor v = new VirtualSupervisor(null,
                group("late", 20, program("a", e -> e.autostart = false)),
                group("m", 10, program("y", e -> {
                    e.autostart = false;
                    e.priority = 2;
                }), program("x", e -> {
                    e.autostart = false;
                    e.priority = 1;
                })),
                group("k", 10, program("z", e -> e.autostart = false)));
        assertWire(List.of(ok("z", "k"), ok("x", "m"), ok("y", "m"), ok("a", "late")),
                v.answer("startAllProcesses", false));
        assertEquals(List.of("z", "x", "y", "a"), v.spawnedNames());
        assertWire(List.of(), v.answer("startAllProcesses"));
    }

    @Test
    void aGroupSpecStartsOrStopsTheWholeGroup() {
        VirtualSupervisor v = new VirtualSupervisor(null, group("g", 999,
                program("x", e -> e.autostart = false), program("y", e -> e.autostart = false)));
        CompletableFuture<Object> start = v.call("startProcess", "g:*");
        assertPending(start);
        v.loop.advance(1000);
        assertWire(List.of(ok("x", "g"), ok("y", "g")), valueOf(start));
        assertWire(List.of(ok("x", "g"), ok("y", "g")), v.answer("stopProcess", "g:", false));
        assertEquals(ProcessState.STOPPING, v.process("g:y").state());
    }

    // --- stop --------------------------------------------------------------------------------

    @Test
    void stopWithWaitAnswersWhenTheChildHasExited() {
        VirtualSupervisor v = running("a");
        int pid = v.pid("a");
        CompletableFuture<Object> stop = v.call("stopProcess", "a");
        assertEquals(List.of(new Kill(pid, SIGTERM)), v.host.kills);
        assertEquals(ProcessState.STOPPING, v.process("a").state());
        v.loop.advance(5000);
        assertPending(stop);
        v.host.exit(pid, WaitStatus.killed(SIGTERM));
        v.loop.runReady();
        assertEquals(true, valueOf(stop));
        assertEquals(ProcessState.STOPPED, v.process("a").state());
    }

    @Test
    void aChildThatOutlastsStopwaitsecsIsKilled() {
        VirtualSupervisor v = running("a");
        int pid = v.pid("a");
        CompletableFuture<Object> stop = v.call("stopProcess", "a", true);
        v.loop.advance(9999);
        assertEquals(List.of(new Kill(pid, SIGTERM)), v.host.kills, "no SIGKILL before stopwaitsecs (10)");
        v.loop.advance(1);
        assertEquals(List.of(new Kill(pid, SIGTERM), new Kill(pid, SIGKILL)), v.host.kills);
        assertPending(stop);
        v.host.exit(pid, WaitStatus.killed(SIGKILL));
        v.loop.runReady();
        assertEquals(true, valueOf(stop));
    }

    @Test
    void awaitedStopIsReportedEveryTwoSeconds() {
        VirtualSupervisor v = running("a");
        String line = "INFO waiting for a to stop";
        v.call("stopProcess", "a");
        assertEquals(1, v.logCount(line));
        v.loop.advance(1999);
        assertEquals(1, v.logCount(line));
        v.loop.advance(1);
        assertEquals(2, v.logCount(line));
        v.loop.advance(2000);
        assertEquals(3, v.logCount(line));
        v.host.exit(v.pid("a"), WaitStatus.killed(SIGTERM));
        v.loop.advance(20_000);
        assertEquals(3, v.logCount(line), "not once it has stopped");
    }

    @Test
    void stopWithoutWaitIsNotReported() {
        VirtualSupervisor v = running("a");
        assertEquals(true, v.answer("stopProcess", "a", false));
        v.loop.advance(5000);
        assertEquals(0, v.logCount("waiting for a to stop"));
    }

    @Test
    void onlyStartingRunningOrBackoffCanBeStopped() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> { }),
                programGroup("idle", e -> e.autostart = false));
        assertFault(70, "NOT_RUNNING: idle", v.call("stopProcess", "idle"));
        assertEquals(true, v.answer("stopProcess", "a", false));
        assertFault(70, "NOT_RUNNING: a", v.call("stopProcess", "a"));
        assertEquals(1, v.host.kills.size(), "a stopping process is not signalled again");
    }

    @Test
    void stopInBackoffIsStoppedAtOnceWithoutASignal() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("b", e -> { }));
        v.host.exit(v.pid("b"), WaitStatus.exited(1));
        v.loop.runReady();
        assertEquals(ProcessState.BACKOFF, v.process("b").state());
        assertEquals(true, v.answer("stopProcess", "b"));
        assertEquals(ProcessState.STOPPED, v.process("b").state());
        assertEquals(List.of(), v.host.kills);
        v.loop.advance(10_000);
        assertEquals(List.of("b"), v.spawnedNames(), "no retry after the stop");
    }

    @Test
    void stopAllProcessesSignalsByPriorityAndListsResultsAsTheyComplete() {
        VirtualSupervisor v = new VirtualSupervisor(null, group("a", 1, program("a", e -> { })),
                group("b", 2, program("b", e -> { })), group("c", 3, program("c", e -> e.autostart = false)));
        v.loop.advance(1000);
        int a = v.pid("a");
        int b = v.pid("b");
        CompletableFuture<Object> stop = v.call("stopAllProcesses");
        assertEquals(List.of(new Kill(a, SIGTERM), new Kill(b, SIGTERM)), v.host.kills);
        v.host.exit(b, WaitStatus.exited(0));
        v.loop.runReady();
        assertPending(stop);
        v.host.exit(a, WaitStatus.exited(0));
        v.loop.runReady();
        assertWire(List.of(ok("b", "b"), ok("a", "a")), valueOf(stop));
    }

    @Test
    void stopAllProcessesWithoutWaitAnswersAtOnce() {
        VirtualSupervisor v = running("a", "b");
        assertWire(List.of(ok("a", "a"), ok("b", "b")), v.answer("stopAllProcesses", false));
    }

    // --- signal ------------------------------------------------------------------------------

    @Test
    void signalsGoByNameOrNumberToThePidOnly() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> {
            e.stopasgroup = true;
            e.killasgroup = true;
        }));
        v.loop.advance(1000);
        int pid = v.pid("a");
        assertEquals(true, v.answer("signalProcess", "a", "HUP"));
        assertEquals(true, v.answer("signalProcess", "a", "usr1"));
        assertEquals(true, v.answer("signalProcess", "a", "SIGUSR2"));
        assertEquals(true, v.answer("signalProcess", "a", SIGTERM));
        assertEquals(true, v.answer("signalProcess", "a", "9"));
        assertEquals(List.of(new Kill(pid, SIGHUP), new Kill(pid, SIGUSR1), new Kill(pid, SIGUSR2),
                new Kill(pid, SIGTERM), new Kill(pid, SIGKILL)), v.host.kills);
        assertEquals(ProcessState.RUNNING, v.process("a").state(), "a signal is not a stop");
    }

    @Test
    void anUnknownSignalIsABadSignalWhateverTheState() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> { }),
                programGroup("idle", e -> e.autostart = false));
        assertFault(11, "BAD_SIGNAL: NOPE", v.call("signalProcess", "a", "NOPE"));
        assertFault(11, "BAD_SIGNAL: 99", v.call("signalProcess", "a", 99));
        assertFault(11, "BAD_SIGNAL: NOPE", v.call("signalProcess", "idle", "NOPE"));
        assertEquals(List.of(), v.host.kills);
    }

    @Test
    void onlyStartingRunningOrStoppingCanBeSignalled() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> { }), programGroup("b", e -> { }),
                programGroup("idle", e -> e.autostart = false));
        assertFault(70, "NOT_RUNNING: idle", v.call("signalProcess", "idle", "HUP"));
        v.host.exit(v.pid("b"), WaitStatus.exited(1));
        v.loop.runReady();
        assertFault(70, "NOT_RUNNING: b", v.call("signalProcess", "b", "HUP"));
        int a = v.pid("a");
        assertEquals(true, v.answer("signalProcess", "a", "HUP"), "STARTING");
        v.answer("stopProcess", "a", false);
        assertEquals(true, v.answer("signalProcess", "a", "KILL"), "STOPPING");
        assertEquals(List.of(new Kill(a, SIGHUP), new Kill(a, SIGTERM), new Kill(a, SIGKILL)), v.host.kills);
    }

    @Test
    void groupAndAllSignalsListTheSignallableProcesses() {
        VirtualSupervisor v = new VirtualSupervisor(null,
                group("g", 1, program("y", e -> e.priority = 2), program("x", e -> e.priority = 1),
                        program("z", e -> e.autostart = false)),
                group("h", 2, program("w", e -> e.autostart = false)));
        int x = v.pid("g:x");
        int y = v.pid("g:y");
        assertWire(List.of(ok("x", "g"), ok("y", "g")), v.answer("signalProcessGroup", "g", "HUP"));
        assertWire(List.of(ok("x", "g"), ok("y", "g")), v.answer("signalProcess", "g:*", "USR1"));
        assertWire(List.of(ok("x", "g"), ok("y", "g")), v.answer("signalAllProcesses", "USR2"));
        assertEquals(List.of(new Kill(x, SIGHUP), new Kill(y, SIGHUP), new Kill(x, SIGUSR1), new Kill(y, SIGUSR1),
                new Kill(x, SIGUSR2), new Kill(y, SIGUSR2)), v.host.kills);
        assertWire(List.of(result("x", "g", 11, "BAD_SIGNAL: NOPE"), result("y", "g", 11, "BAD_SIGNAL: NOPE")),
                v.answer("signalProcessGroup", "g", "NOPE"));
        // nobody to signal, so no signal is parsed
        assertWire(List.of(), v.answer("signalProcessGroup", "h", "NOPE"));
    }

    // --- shutdown ----------------------------------------------------------------------------

    @Test
    void duringAShutdownNothingIsStartedStoppedOrSignalled() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> { }),
                programGroup("idle", e -> e.autostart = false));
        v.loop.advance(1000);
        int a = v.pid("a");
        assertEquals(true, v.answer("shutdown"));
        assertEquals(List.of(new Kill(a, SIGTERM)), v.host.kills, "the shutdown stops a, which takes its time");
        assertFault(6, "SHUTDOWN_STATE", v.call("startProcess", "idle"));
        assertFault(6, "SHUTDOWN_STATE", v.call("startAllProcesses"));
        assertFault(6, "SHUTDOWN_STATE", v.call("stopProcess", "a"));
        assertFault(6, "SHUTDOWN_STATE", v.call("stopAllProcesses"));
        assertFault(6, "SHUTDOWN_STATE", v.call("signalProcess", "a", "HUP"));
        assertFault(6, "SHUTDOWN_STATE", v.call("signalProcessGroup", "nope", "HUP"));
        // supervisord 4.2.5 checks the state last here, but each signalProcess inside checks it first
        assertFault(6, "SHUTDOWN_STATE", v.call("signalAllProcesses", "HUP"));
        assertFault(6, "SHUTDOWN_STATE", v.call("sendProcessStdin", "a", "input"));
        assertEquals(List.of(new Kill(a, SIGTERM)), v.host.kills);
        assertEquals(List.of("a"), v.spawnedNames());
        assertEquals("", v.host.stdinOf(a));
    }

    // --- stdin and remote communication ------------------------------------------------------

    @Test
    void stdinReachesTheChildAsUtf8() {
        VirtualSupervisor v = running("a");
        assertEquals(true, v.answer("sendProcessStdin", "a", "hello\n"));
        assertEquals(true, v.answer("sendProcessStdin", "a", "h\u00e9"));
        assertEquals("hello\nh\u00e9", v.host.stdinOf(v.pid("a")));
    }

    @Test
    void stdinFaults() {
        VirtualSupervisor v = new VirtualSupervisor(null, programGroup("a", e -> { }),
                programGroup("idle", e -> e.autostart = false));
        assertFault(2, "INCORRECT_PARAMETERS: 5", v.call("sendProcessStdin", "nope", 5));
        assertFault(10, "BAD_NAME: nope", v.call("sendProcessStdin", "nope", "x"));
        assertFault(10, "BAD_NAME: a:*", v.call("sendProcessStdin", "a:*", "x"));
        assertFault(70, "NOT_RUNNING: idle", v.call("sendProcessStdin", "idle", "x"));
        int pid = v.pid("a");
        v.answer("stopProcess", "a", false);
        assertFault(70, "NOT_RUNNING: a", v.call("sendProcessStdin", "a", "x"));
        assertEquals("", v.host.stdinOf(pid));
    }

    @Test
    void stdinOfAChildThatDiedButIsNotReapedYetIsNoFile() {
        VirtualSupervisor v = running("a");
        CompletableFuture<Object> send = v.submit("sendProcessStdin", "a", "x");
        v.host.exit(v.pid("a"), WaitStatus.exited(0));
        v.loop.runReady();
        assertFault(20, "NO_FILE: a", send);
    }

    @Test
    void remoteCommEventsAreRaisedEvenDuringAShutdown() {
        VirtualSupervisor v = running("a");
        List<String> payloads = new ArrayList<>();
        v.supervisor.events().subscribe(EventType.REMOTE_COMMUNICATION, e -> payloads.add(e.payload()));
        assertEquals(true, v.answer("sendRemoteCommEvent", "mytype", "some data"));
        assertEquals(true, v.answer("shutdown"));
        assertEquals(true, v.answer("sendRemoteCommEvent", 5, 6));
        assertEquals(List.of("type:mytype\nsome data", "type:5\n6"), payloads);
    }
}
