package supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static supervisor.process.Programs.edit;
import static supervisor.process.Programs.group;
import static supervisor.process.Programs.program;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import supervisor.config.LogLevel;
import supervisor.events.EventType;
import supervisor.logging.ActivityLog;
import supervisor.posix.ProcessTree;
import supervisor.posix.Signals;
import supervisor.posix.WaitStatus;

/**
 * kill_tree in the state machine, on virtual time: the stop goes through supervisord's stop path
 * (stopsignal, SIGKILL after stopwaitsecs) and reaches the tree too; the process is STOPPED only
 * once the whole tree is gone.
 */
class KillTreeTest {
    private final ManualLoop loop = new ManualLoop();
    private final ScriptedHost host = new ScriptedHost();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final List<String> entered = new ArrayList<>();
    private final FakeTree tree = new FakeTree();

    /** A tree on paper: members that die of any signal but those that ignore SIGTERM. */
    static final class FakeTree implements ProcessTree {
        final Set<Integer> members = new HashSet<>();
        final Set<Integer> ignoreTerm = new HashSet<>();
        final List<String> signals = new ArrayList<>();
        int root;

        @Override
        public String cgroupProcs() {
            return "/sys/fs/cgroup/x/cgroup.procs";
        }

        @Override
        public void spawned(int pid, Map<String, String> environment) {
            root = pid;
        }

        @Override
        public int signal(int sig, int skipGroup) {
            signals.add(Signals.name(sig) + (skipGroup == 0 ? "" : " but group " + skipGroup));
            members.removeIf(m -> sig != Signals.SIGTERM || !ignoreTerm.contains(m));
            return 1;
        }

        @Override
        public boolean isEmpty() {
            return members.isEmpty();
        }
    }

    private Subprocess start(Consumer<Programs.Edit> change) {
        host.tree = tree;
        Supervisor s = new Supervisor(Programs.config(Programs.supervisord("supervisor"),
                List.of(group("p", 999, program("p", p -> edit(p, change))))),
                ActivityLog.console(LogLevel.DEBUG, logBytes), loop, loop, host);
        s.events().subscribe(EventType.PROCESS_STATE, e -> entered.add(e.type().name().substring(14)));
        loop.execute(s::start);
        loop.runReady();
        loop.advance(1000);
        Subprocess p = s.group("p").process("p");
        assertEquals(ProcessState.RUNNING, p.state());
        return p;
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theStopEndsWhenTheWholeTreeIsGoneAndSigkillComesAfterStopwaitsecs() {
        Subprocess p = start(e -> {
            e.killTree = true;
            e.stopwaitsecs = 5;
        });
        int pid = p.pid();
        assertEquals("/sys/fs/cgroup/x/cgroup.procs", host.spawned.getFirst().cgroupProcs());
        assertEquals(pid, tree.root);
        tree.members.addAll(List.of(2001, 2002));
        tree.ignoreTerm.add(2002);

        loop.execute(p::stop);
        loop.runReady();
        assertEquals(List.of(new ScriptedHost.Kill(pid, Signals.SIGTERM)), host.kills);
        assertEquals(List.of("SIGTERM"), tree.signals);
        host.exit(pid, WaitStatus.killed(Signals.SIGTERM)); // the program goes; 2002 ignores SIGTERM
        loop.runReady();
        assertEquals(ProcessState.STOPPING, p.state(), "the tree is not gone yet");

        loop.advance(4000);
        assertEquals(ProcessState.STOPPING, p.state());
        assertEquals(List.of("SIGTERM"), tree.signals, "no SIGKILL before stopwaitsecs");
        loop.advance(1500);
        assertEquals(ProcessState.STOPPED, p.state());
        assertEquals(List.of("SIGTERM", "SIGKILL"), tree.signals);
        assertEquals(1, host.kills.size(), "the program's pid, reaped, is never signalled again");
        assertEquals(List.of("STARTING", "RUNNING", "STOPPING", "STOPPED"), entered);
        assertEquals(0, p.pid());
        assertTrue(log().contains("WARN killing 'p' (" + pid + ") with SIGKILL"), log());
        assertTrue(log().contains("stopped: p (terminated by SIGTERM)"), log());
    }

    @Test
    void aTreeThatGoesWithTheStopSignalEndsTheStopAtOnce() {
        Subprocess p = start(e -> e.killTree = true);
        tree.members.add(2001);
        loop.execute(p::stop);
        loop.runReady();
        host.exit(p.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(ProcessState.STOPPED, p.state());
        assertEquals(List.of("SIGTERM"), tree.signals);
    }

    @Test
    void withStopasgroupTheGroupIsNotSignalledTwice() {
        Subprocess p = start(e -> {
            e.killTree = true;
            e.stopasgroup = true;
            e.killasgroup = true;
        });
        int pid = p.pid();
        loop.execute(p::stop);
        loop.runReady();
        assertEquals(List.of(new ScriptedHost.Kill(-pid, Signals.SIGTERM)), host.kills);
        assertEquals(List.of("SIGTERM but group " + pid), tree.signals);
    }

    @Test
    void withoutKillTreeNoTreeIsAskedFor() {
        Subprocess p = start(e -> { });
        tree.members.add(2001);
        loop.execute(p::stop);
        loop.runReady();
        host.exit(p.pid(), WaitStatus.killed(Signals.SIGTERM));
        loop.runReady();
        assertEquals(ProcessState.STOPPED, p.state());
        assertEquals(List.of(), tree.signals);
        assertEquals(null, host.spawned.getFirst().cgroupProcs());
    }
}
