package supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static supervisor.process.Programs.edit;
import static supervisor.process.Programs.program;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import supervisor.config.GroupConfig;
import supervisor.config.LogLevel;
import supervisor.config.ProcessConfig;
import supervisor.config.ReloadSettings;
import supervisor.events.EventType;
import supervisor.logging.ActivityLog;
import supervisor.posix.WaitStatus;

/**
 * restart_parallelism on virtual time: a rolling restart never has more than N of its
 * processes down (not RUNNING) at once, the next one is stopped only when one restarted before
 * it is RUNNING again or has failed, and each outcome is reported.
 */
class RollingRestartTest {
    private static final int ENOENT = 2;
    private final ManualLoop loop = new ManualLoop();
    private final ScriptedHost host = new ScriptedHost();
    /** The processes not RUNNING right now, by name, as the state events tell it. */
    private final Set<String> down = new HashSet<>();
    private int mostDown;
    private final List<String> order = new ArrayList<>();

    private static ProcessConfig member(String name, String command) {
        return program(name, p -> edit(p, e -> {
            e.command = command;
            e.startsecs = 1;
        }));
    }

    /** Programs a to f; each one's last argument is its name, so a spawn tells which it is. */
    private static GroupConfig six() {
        List<ProcessConfig> members = new ArrayList<>();
        for (String n : List.of("a", "b", "c", "d", "e", "f")) {
            members.add(member(n, "/bin/sleep " + n));
        }
        return new GroupConfig("g", GroupConfig.Kind.GROUP, 999, members, null, null);
    }

    /** Six programs up; a child takes 2 s to exit after SIGTERM; 1 s to be RUNNING (startsecs). */
    private Supervisor running(ReloadSettings reload, GroupConfig group) {
        host.behave(new ScriptedHost.Behaviour() {
            @Override
            public int signalled(int pid, int signal) {
                loop.schedule(2000, () -> host.exit(pid, WaitStatus.killed(signal)));
                return 0;
            }
        });
        Supervisor s = new Supervisor(MemberUpdatesTest.config(reload, group),
                ActivityLog.console(LogLevel.DEBUG, new ByteArrayOutputStream()), loop, loop, host);
        loop.execute(s::start);
        loop.runReady();
        runFor(3000); // startsecs=1, twice over for one that waits for a dependency
        s.group("g").processes().forEach(p -> assertEquals(ProcessState.RUNNING, p.state()));
        s.events().subscribe(EventType.PROCESS_STATE, e -> {
            String name = e.payload().substring("processname:".length(), e.payload().indexOf(' '));
            if (e.type() == EventType.PROCESS_STATE_RUNNING) {
                down.remove(name);
            } else {
                if (e.type() == EventType.PROCESS_STATE_STOPPING) {
                    order.add(name);
                }
                down.add(name);
            }
            mostDown = Math.max(mostDown, down.size());
        });
        return s;
    }

    private void runFor(long millis) {
        for (long t = 0; t < millis; t += 100) {
            loop.advance(100);
        }
    }

    private static Map<String, RollingRestart.Result> byName(List<RollingRestart.Outcome> outcomes) {
        Map<String, RollingRestart.Result> m = new HashMap<>();
        outcomes.forEach(o -> m.put(o.process().name(), o.result()));
        return m;
    }

    @Test
    void neverMoreThanTwoDownAndEveryOneRestarted() {
        Supervisor s = running(ReloadSettings.DEFAULT, six());
        Map<String, Integer> pids = new HashMap<>();
        s.group("g").processes().forEach(p -> pids.put(p.name(), p.pid()));
        CompletableFuture<List<RollingRestart.Outcome>> done = s.restart(List.copyOf(s.group("g").processes()), 2);
        loop.runReady();
        assertEquals(2, down.size(), "the first wave: two stopping");
        runFor(60_000);
        assertTrue(done.isDone());
        assertEquals(2, mostDown, "two down at most, and two at once");
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), order, "in the order given");
        assertEquals(6, done.join().size());
        done.join().forEach(o -> assertEquals(RollingRestart.Result.RUNNING, o.result(), o.process().name()));
        s.group("g").processes().forEach(p -> {
            assertEquals(ProcessState.RUNNING, p.state());
            assertNotEquals(pids.get(p.name()), p.pid(), p.name() + " restarted");
        });
    }

    @Test
    void withoutALimitAllGoDownAtOnce() {
        Supervisor s = running(ReloadSettings.DEFAULT, six());
        CompletableFuture<List<RollingRestart.Outcome>> done = s.restart(List.copyOf(s.group("g").processes()), 0);
        runFor(30_000);
        assertEquals(6, mostDown);
        assertEquals(6, done.join().size());
    }

    /**
     * a depends on f: restarted all at once, f is stopped only once a is STOPPED, and a is
     * spawned only once f is RUNNING again; the others are held by neither.
     */
    @Test
    void aProcessIsStoppedBeforeAndSpawnedAfterTheDependencyRestartedWithIt() {
        List<ProcessConfig> members = new ArrayList<>(six().processes());
        members.set(0, program("a", p -> edit(p, e -> {
            e.command = "/bin/sleep a";
            e.startsecs = 1;
            e.dependsOn = List.of("g:f");
        })));
        Supervisor s = running(ReloadSettings.DEFAULT, new GroupConfig("g", GroupConfig.Kind.GROUP, 999, members, null, null));
        List<String> seen = new ArrayList<>();
        s.events().subscribe(EventType.PROCESS_STATE, e -> seen.add(e.type() + " "
                + e.payload().substring("processname:".length(), e.payload().indexOf(' '))));
        CompletableFuture<List<RollingRestart.Outcome>> done = s.restart(List.copyOf(s.group("g").processes()), 0);
        runFor(30_000);
        assertEquals(6, done.join().size());
        done.join().forEach(o -> assertEquals(RollingRestart.Result.RUNNING, o.result(), o.process().name()));
        assertTrue(seen.indexOf("PROCESS_STATE_STOPPED a") < seen.indexOf("PROCESS_STATE_STOPPING f"), seen.toString());
        assertTrue(seen.indexOf("PROCESS_STATE_RUNNING f") < seen.indexOf("PROCESS_STATE_STARTING a"), seen.toString());
        assertTrue(seen.indexOf("PROCESS_STATE_STOPPING b") < seen.indexOf("PROCESS_STATE_STOPPED a"),
                "b is stopped at once: " + seen);
        assertTrue(seen.indexOf("PROCESS_STATE_STARTING b") < seen.indexOf("PROCESS_STATE_RUNNING f"),
                "the others are not held: " + seen);
    }

    /** One at a time, a (which depends on f) first: nothing holds anything, and it ends. */
    @Test
    void oneAtATimeADependentGoesFirstWithoutWaiting() {
        List<ProcessConfig> members = new ArrayList<>(six().processes());
        members.set(0, program("a", p -> edit(p, e -> {
            e.command = "/bin/sleep a";
            e.startsecs = 1;
            e.dependsOn = List.of("g:f");
        })));
        Supervisor s = running(ReloadSettings.DEFAULT, new GroupConfig("g", GroupConfig.Kind.GROUP, 999, members, null, null));
        CompletableFuture<List<RollingRestart.Outcome>> done = s.restart(List.copyOf(s.group("g").processes()), 1);
        runFor(60_000);
        assertTrue(done.isDone());
        done.join().forEach(o -> assertEquals(RollingRestart.Result.RUNNING, o.result(), o.process().name()));
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), order);
    }

    @Test
    void aFailedStartFreesItsPlaceAndIsReported() {
        Supervisor s = running(ReloadSettings.DEFAULT, six());
        host.behave(new ScriptedHost.Behaviour() {
            @Override
            public int signalled(int pid, int signal) {
                loop.schedule(2000, () -> host.exit(pid, WaitStatus.killed(signal)));
                return 0;
            }

            @Override
            public int spawnErrno(supervisor.posix.SpawnRequest request) {
                return request.argv().getLast().equals("b") ? ENOENT : 0;
            }
        });
        CompletableFuture<List<RollingRestart.Outcome>> done = s.restart(List.copyOf(s.group("g").processes()), 1);
        runFor(120_000);
        assertTrue(done.isDone());
        assertEquals(RollingRestart.Result.SPAWN_ERROR, byName(done.join()).get("b"));
        assertEquals(RollingRestart.Result.RUNNING, byName(done.join()).get("f"), "the restart went on past b");
    }

    @Test
    void aCommandGoneSinceTheStartIsNotSpawnedAndLeftStoppedAsStartProcessLeavesIt(@TempDir Path dir) throws IOException {
        Path tool = Files.createFile(dir.resolve("tool"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        List<ProcessConfig> members = new ArrayList<>(six().processes());
        members.set(1, member("b", tool + " b"));
        Supervisor s = running(ReloadSettings.DEFAULT, new GroupConfig("g", GroupConfig.Kind.GROUP, 999, members, null, null));
        Files.delete(tool);
        CompletableFuture<List<RollingRestart.Outcome>> done = s.restart(List.copyOf(s.group("g").processes()), 1);
        runFor(120_000);
        RollingRestart.Outcome b = done.join().stream().filter(o -> o.process().name().equals("b")).findFirst().orElseThrow();
        assertEquals(RollingRestart.Result.NO_FILE, b.result());
        assertEquals("can't find command '" + tool + "'", b.detail());
        assertEquals(ProcessState.STOPPED, s.group("g").process("b").state(), "not spawned: no BACKOFF, no FATAL");
        assertEquals(RollingRestart.Result.RUNNING, byName(done.join()).get("f"), "the restart went on past b");
    }

    @Test
    void aStopThatCannotBeSentIsReportedAndTheRestartGoesOn() {
        Supervisor s = running(ReloadSettings.DEFAULT, six());
        int pidB = s.group("g").process("b").pid();
        host.behave(new ScriptedHost.Behaviour() {
            @Override
            public int signalled(int pid, int signal) {
                if (pid == pidB) {
                    return 1; // EPERM: beyond reach
                }
                loop.schedule(2000, () -> host.exit(pid, WaitStatus.killed(signal)));
                return 0;
            }
        });
        CompletableFuture<List<RollingRestart.Outcome>> done = s.restart(List.copyOf(s.group("g").processes()), 1);
        runFor(120_000);
        assertEquals(RollingRestart.Result.STOP_FAILED, byName(done.join()).get("b"));
        assertEquals(6, done.join().size());
        assertEquals(RollingRestart.Result.RUNNING, byName(done.join()).get("f"));
    }

    @Test
    void anUpdateRollsTheChangedMembersOnly() {
        ReloadSettings rolling = new ReloadSettings(ReloadSettings.UpdateScope.PROCESS, null, 2);
        Supervisor s = running(rolling, six());
        int pidA = s.group("g").process("a").pid();
        List<ProcessConfig> fresh = new ArrayList<>();
        for (ProcessConfig pc : six().processes()) {
            fresh.add(List.of("b", "c", "e").contains(pc.name()) ? edit(pc, e -> e.command = "/bin/sleep 2") : pc);
        }
        s.setConfig(MemberUpdatesTest.config(rolling, new GroupConfig("g", GroupConfig.Kind.GROUP, 999, fresh, null,
                null)));
        ProcessGroup g = s.group("g");
        CompletableFuture<List<RollingRestart.Outcome>> done = s.updates().rollChanged(g, 2);
        runFor(60_000);
        assertEquals(3, done.join().size());
        assertEquals(2, mostDown);
        assertEquals(List.of("b", "c", "e"), order);
        for (String n : List.of("b", "c", "e")) {
            assertEquals("/bin/sleep 2", g.process(n).config().command());
            assertEquals(ProcessState.RUNNING, g.process(n).state());
        }
        assertEquals(pidA, g.process("a").pid());
        // the client's remove and add that follow find nothing left to do but take the config
        assertEquals(List.of(), s.updates().leaving(g));
        s.updates().removeLeaving(g);
        s.updates().addJoining(g);
        assertEquals(6, g.processes().size());
        assertEquals(pidA, g.process("a").pid());
    }
}
